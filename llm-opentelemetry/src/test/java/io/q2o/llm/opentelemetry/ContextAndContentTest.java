package io.q2o.llm.opentelemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.q2o.llm.FinishReason;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.LlmProviderFactory;
import io.q2o.llm.spi.ProviderConfig;
import io.q2o.llm.spi.ServerErrorException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import static io.q2o.llm.opentelemetry.Harness.FLASH;
import static io.q2o.llm.opentelemetry.Harness.MINI;
import static io.q2o.llm.opentelemetry.Harness.attrs;
import static io.q2o.llm.opentelemetry.Harness.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The caller's context as parent for async calls and streams finished on other threads; prompt
 * and answer text off by default and recorded only on opt-in; budget refusals; provider names.
 */
@SuppressWarnings("try") // scopes are opened for their effect on Context.current()
class ContextAndContentTest {

    private final Harness h = new Harness();
    private final List<ExecutorService> pools = new ArrayList<>();

    @AfterEach
    void close() {
        pools.forEach(ExecutorService::shutdownNow);
        h.close();
    }

    private ExecutorService pool() {
        ExecutorService p = Executors.newSingleThreadExecutor(r -> new Thread(r, "llm-test-pool"));
        pools.add(p);
        return p;
    }

    private List<SpanData> ours() {
        return h.spans().stream()
                .filter(s -> s.getInstrumentationScopeInfo().getName().equals(LlmTracing.INSTRUMENTATION_SCOPE))
                .collect(Collectors.toList());
    }

    private SpanData callSpan() {
        List<SpanData> calls = ours().stream().filter(s -> s.getAttributes().get(GenAiAttributes.ATTEMPT) == null)
                .collect(Collectors.toList());
        assertThat(calls).hasSize(1);
        return calls.get(0);
    }

    private static LlmRequest request(String prompt) {
        return LlmRequest.builder().systemPrompt("You are terse.").userPrompt(prompt).maxTokens(500).build();
    }

    @Test
    void asyncCallOnAnExecutorIsAChildOfTheCallersSpan() throws Exception {
        h.gemini.answer(FLASH, "async answer", TokenCounts.of(10, 5));
        Span caller = h.otel.getTracer("test").spanBuilder("caller").startSpan();
        LlmResponse r;
        try (LlmService llm = h.service(h.tracing(), pool())) {
            CompletableFuture<LlmResponse> f;
            try (Scope ignored = caller.makeCurrent()) {
                f = llm.completeAsync(request("async"));
            }
            caller.end();
            r = f.get();
        }
        assertThat(r.success()).isTrue();

        SpanData call = callSpan();
        assertThat(call.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
        assertThat(call.getTraceId()).isEqualTo(caller.getSpanContext().getTraceId());
        List<SpanData> attempts = ours().stream().filter(s -> s != call).collect(Collectors.toList());
        assertThat(attempts).singleElement().satisfies(a -> {
            assertThat(a.getParentSpanId()).isEqualTo(call.getSpanId());
            assertThat(a.getTraceId()).isEqualTo(caller.getSpanContext().getTraceId());
        });
    }

    @Test
    void callWithoutACurrentSpanStartsANewTrace() {
        h.gemini.answer(FLASH, "root", TokenCounts.of(10, 5));
        try (LlmService llm = h.service(h.tracing(), Runnable::run); Scope ignored = Context.root().makeCurrent()) {
            assertThat(llm.complete(request("root")).success()).isTrue();
        }
        assertThat(callSpan().getParentSpanContext().isValid()).isFalse();
    }

    @Test
    void streamIsAChildOfTheCallerAndMarkedStreaming() throws Exception {
        h.gemini.answer(FLASH, "streamed text", TokenCounts.of(30, 12));
        List<String> chunks = new CopyOnWriteArrayList<>();
        Span caller = h.otel.getTracer("test").spanBuilder("caller").startSpan();
        LlmResponse r;
        try (LlmService llm = h.service(h.tracing(), pool())) {
            CompletableFuture<LlmResponse> f;
            try (Scope ignored = caller.makeCurrent()) {
                f = llm.stream(request("stream it"), chunks::add);
            }
            caller.end();
            r = f.get();
        }
        assertThat(r.success()).isTrue();
        assertThat(String.join("", chunks)).isEqualTo("streamed text");

        SpanData call = callSpan();
        assertThat(call.getName()).isEqualTo("chat " + FLASH);
        assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(call.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
        Map<String, Object> a = attrs(call.getAttributes());
        a.remove("q2o.llm.request_id");
        assertThat(a).isEqualTo(map(
                "gen_ai.operation.name", "chat", "gen_ai.provider.name", "gcp.gemini", "q2o.llm.provider", "gemini",
                "gen_ai.request.model", FLASH, "gen_ai.request.max_tokens", 500L,
                "gen_ai.response.model", FLASH, "gen_ai.response.finish_reasons", List.of("stop"),
                "gen_ai.usage.input_tokens", 30L, "gen_ai.usage.output_tokens", 12L,
                "q2o.cost.usd", "0.000039", "q2o.cost.known", true,   // 30 × 0.30 + 12 × 2.50 per 1M
                "q2o.llm.cache_hit", false, "q2o.llm.streaming", true));
        long t0 = io.q2o.llm.testkit.TestClock.standard().instant().toEpochMilli() * 1_000_000L;
        assertThat(call.getStartEpochNanos()).isEqualTo(t0);
        assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        List<SpanData> attempts = ours().stream().filter(s -> s != call).collect(Collectors.toList());
        assertThat(attempts).hasSize(1);
        SpanData attempt = attempts.get(0);
        assertThat(attempt.getName()).isEqualTo("chat " + FLASH);
        assertThat(attempt.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(attempt.getParentSpanId()).isEqualTo(call.getSpanId());
        // the attempt's duration as the engine measured it (the stream's watchdog may move the test clock on)
        assertThat(attempt.getEndEpochNanos() - attempt.getStartEpochNanos())
                .isEqualTo(r.attempts().get(0).duration().toNanos()).isGreaterThanOrEqualTo(2_000_000_000L);
        assertThat(attempt.getStartEpochNanos()).isGreaterThanOrEqualTo(call.getStartEpochNanos());
        assertThat(call.getEndEpochNanos()).isGreaterThanOrEqualTo(attempt.getEndEpochNanos());
        assertThat(attrs(attempt.getAttributes())).isEqualTo(map(
                "gen_ai.operation.name", "chat", "gen_ai.provider.name", "gcp.gemini", "q2o.llm.provider", "gemini",
                "gen_ai.request.model", FLASH, "gen_ai.request.max_tokens", 500L, "q2o.llm.attempt", 1L,
                "gen_ai.response.model", FLASH, "gen_ai.response.finish_reasons", List.of("stop"),
                "gen_ai.usage.input_tokens", 30L, "gen_ai.usage.output_tokens", 12L));
    }

    @Test
    void streamBrokenAfterTextIsAPartialFailure() throws Exception {
        h.gemini.streamThenFail(FLASH, List.of("half an "), new ServerErrorException("gemini", 502, null, "cut", null));
        LlmResponse r;
        try (LlmService llm = h.service(h.tracing(), Runnable::run)) {
            r = llm.stream(request("break"), t -> { }).get();
        }
        assertThat(r.partial()).isTrue();

        SpanData call = callSpan();
        assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(call.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isEqualTo("stream_interrupted");
        assertThat(call.getAttributes().get(GenAiAttributes.PARTIAL)).isTrue();
        assertThat(call.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS)).isNull();
        assertThat(call.getAttributes().get(GenAiAttributes.STREAMING)).isTrue();
    }

    @Test
    void promptAndAnswerAreNotRecordedByDefault() {
        h.gemini.answer(FLASH, "secret answer", TokenCounts.of(10, 5));
        LlmTracing tracing = h.tracing();
        assertThat(tracing.capturesContent()).isFalse();
        try (LlmService llm = h.service(tracing, Runnable::run)) {
            llm.complete(request("my secret prompt"));
        }
        for (SpanData s : ours()) {
            assertThat(s.getAttributes().get(GenAiAttributes.INPUT_MESSAGES)).isNull();
            assertThat(s.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).isNull();
            assertThat(s.getAttributes().get(GenAiAttributes.SYSTEM_INSTRUCTIONS)).isNull();
            assertThat(s.getAttributes().toString()).doesNotContain("secret");
        }
    }

    @Test
    void promptAndAnswerAreRecordedOnOptInAsConventionJson() {
        h.gemini.answer(FLASH, "He said \"hi\"", TokenCounts.of(10, 5));
        LlmTracing tracing = LlmTracing.builder(h.otel).clock(h.clock).captureContent(true).build();
        try (LlmService llm = h.service(tracing, Runnable::run)) {
            llm.complete(request("Quote him"));
        }
        SpanData call = callSpan();
        assertThat(call.getAttributes().get(GenAiAttributes.SYSTEM_INSTRUCTIONS))
                .isEqualTo("[{\"type\":\"text\",\"content\":\"You are terse.\"}]");
        assertThat(call.getAttributes().get(GenAiAttributes.INPUT_MESSAGES))
                .isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Quote him\"}]}]");
        assertThat(call.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES))
                .isEqualTo("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"He said \\\"hi\\\"\"}],"
                        + "\"finish_reason\":\"stop\"}]");
    }

    @Test
    void budgetRefusalIsAFailedCallWithAnEventAndNoAttempt() {
        h.gemini.answer(FLASH, "never sent", TokenCounts.of(10, 5));
        LlmResponse r;
        try (LlmService llm = h.service(h.tracing(), Runnable::run, "Q2O_LLM_DAILY_COST_LIMIT", "0.000001")) {
            r = llm.complete(LlmRequest.builder().userPrompt("expensive").maxTokens(100_000).build());
        }
        assertThat(r.success()).isFalse();
        assertThat(ours()).hasSize(1);
        SpanData call = callSpan();
        assertThat(call.getName()).isEqualTo("chat");
        assertThat(call.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isEqualTo("budget_exceeded");
        assertThat(call.getAttributes().get(GenAiAttributes.ERROR_CODE)).isEqualTo(r.error().code());
        assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(call.getEvents()).extracting(EventData::getName).containsExactly("q2o.llm.budget_exhausted");
        assertThat(attrs(call.getEvents().get(0).getAttributes())).isEqualTo(map(
                "q2o.llm.budget.daily_cost_usd", "0", "q2o.llm.budget.monthly_cost_usd", "0"));
    }

    @Test
    void providerNamesComeFromTheFactories() {
        LlmTracing discovered = LlmTracing.of(h.otel);
        assertThat(discovered.providerNames()).containsEntry("gemini", "gcp.gemini");

        LlmTracing explicit = LlmTracing.builder(h.otel).discoverProviderFactories(false)
                .providerFactory(factory("openai", "openai"))
                .providerFactory(factory("local-llama", "ollama")).build();
        assertThat(explicit.providerNames()).isEqualTo(Map.of("openai", "openai", "local-llama", "ollama"));

        assertThatThrownBy(() -> LlmTracing.builder(h.otel).providerFactory(factory("x", " ")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("telemetryName");
    }

    @Test
    void unmappedProviderKeepsItsOwnName() {
        h.gemini.fail(FLASH, new io.q2o.llm.spi.AuthenticationException("gemini", 401, "bad key", null));
        h.openai.answer(MINI, "ok", TokenCounts.of(10, 5));
        LlmTracing tracing = LlmTracing.builder(h.otel).clock(h.clock).discoverProviderFactories(false).build();
        try (LlmService llm = h.service(tracing, Runnable::run)) {
            assertThat(llm.complete(request("names")).success()).isTrue();
        }
        SpanData call = callSpan();
        assertThat(call.getAttributes().get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("openai");
        assertThat(call.getEvents()).singleElement().satisfies(e -> assertThat(attrs(e.getAttributes())).isEqualTo(map(
                "q2o.llm.fallback.from", "gemini", "q2o.llm.fallback.to", "openai",
                "q2o.llm.fallback.reason", "authentication")));
        assertThat(FinishReason.values()).allSatisfy(f -> assertThat(CallTrace.finishReason(f))
                .isEqualTo(f == FinishReason.UNKNOWN ? null : f.name().toLowerCase(java.util.Locale.ROOT)));
    }

    private static LlmProviderFactory factory(String name, String telemetryName) {
        return new LlmProviderFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String telemetryName() {
                return telemetryName;
            }

            @Override
            public String apiKeyVariable() {
                return "X_API_KEY";
            }

            @Override
            public List<String> defaultModels() {
                return List.of("m");
            }

            @Override
            public LlmProvider create(ProviderConfig config) {
                throw new UnsupportedOperationException("names only");
            }
        };
    }
}
