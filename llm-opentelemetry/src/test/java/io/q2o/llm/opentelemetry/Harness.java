package io.q2o.llm.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmService;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.spi.StreamSink;
import io.q2o.llm.testkit.AutoAdvanceScheduler;
import io.q2o.llm.testkit.ScriptedProvider;
import io.q2o.llm.testkit.TestClock;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * An OpenTelemetry SDK exporting to memory, a test clock, and scripted providers "gemini"
 * (every request takes 2 s on the clock) and "openai" (0.5 s), with no network and no sleeping.
 */
final class Harness implements AutoCloseable {
    static final String FLASH = "gemini-2.5-flash";
    static final String MINI = "gpt-4o-mini";

    final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .build();
    final TestClock clock = TestClock.standard();
    final ScriptedProvider gemini = new ScriptedProvider("gemini");
    final ScriptedProvider openai = new ScriptedProvider("openai");

    /** A service with the given settings over the defaults of this harness, reporting to {@code tracing}. */
    LlmService service(LlmTracing tracing, Executor executor, String... settings) {
        Map<String, String> s = new TreeMap<>(Map.of(
                "Q2O_LLM_PRIMARY", "gemini", "Q2O_LLM_FALLBACK", "openai", "Q2O_LLM_AUTO_FALLBACK", "false",
                "Q2O_LLM_CACHE_ENABLED", "false", "Q2O_LLM_CACHE_PERSIST", "false",
                "Q2O_LLM_MAX_RETRIES", "1", "Q2O_LLM_RETRY_INITIAL_MS", "0"));
        for (int i = 0; i < settings.length; i += 2) {
            s.put(settings[i], settings[i + 1]);
        }
        LlmConfig.Builder cb = LlmConfig.builder().environment(Map.of()).isolated();
        s.forEach(cb::set);
        return LlmService.builder().config(cb.build()).discoverProviders(false)
                .provider(new Timed(gemini, clock, Duration.ofSeconds(2)), List.of(FLASH))
                .provider(new Timed(openai, clock, Duration.ofMillis(500)), List.of(MINI))
                .clock(clock).scheduler(new AutoAdvanceScheduler(clock)).executor(executor)
                .listener(tracing).build();
    }

    LlmTracing tracing() {
        return LlmTracing.builder(otel).clock(clock).build();
    }

    /** Finished spans, oldest start first (attempt spans of one call are in attempt order). */
    List<SpanData> spans() {
        return exporter.getFinishedSpanItems().stream()
                .sorted(Comparator.comparing(SpanData::getStartEpochNanos)
                        .thenComparing(sd -> sd.getParentSpanContext().isValid()))
                .collect(Collectors.toList());
    }

    /** Every attribute of a span or event, keyed by name. */
    static Map<String, Object> attrs(io.opentelemetry.api.common.Attributes a) {
        Map<String, Object> out = new HashMap<>();
        a.forEach((AttributeKey<?> k, Object v) -> out.put(k.getKey(), v));
        return out;
    }

    /** A map from alternating keys and values. */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Override
    public void close() {
        otel.close();
    }

    /** A scripted provider whose every request takes a fixed time on the test clock. */
    private static final class Timed implements LlmProvider {
        private final ScriptedProvider script;
        private final TestClock clock;
        private final Duration latency;

        Timed(ScriptedProvider script, TestClock clock, Duration latency) {
            this.script = script;
            this.clock = clock;
            this.latency = latency;
        }

        @Override
        public String name() {
            return script.name();
        }

        @Override
        public ProviderResponse complete(ProviderRequest request) {
            clock.advance(latency);
            return script.complete(request);
        }

        @Override
        public CompletableFuture<ProviderResponse> completeAsync(ProviderRequest request, Executor blockingExecutor) {
            clock.advance(latency);
            return script.completeAsync(request, blockingExecutor);
        }

        @Override
        public ProviderResponse stream(ProviderRequest request, StreamSink sink) {
            clock.advance(latency);
            return script.stream(request, sink);
        }
    }
}
