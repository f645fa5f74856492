package io.q2o.llm.opentelemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.q2o.llm.CachePolicy;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.InvalidRequestException;
import io.q2o.llm.spi.ServerErrorException;
import io.q2o.llm.testkit.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.q2o.llm.opentelemetry.Harness.FLASH;
import static io.q2o.llm.opentelemetry.Harness.MINI;
import static io.q2o.llm.opentelemetry.Harness.attrs;
import static io.q2o.llm.opentelemetry.Harness.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spans of success, fallback, failure, cache hit, async and stream calls, asserted field by
 * field: name, kind, parent, start and end on the test clock, status, every attribute and event.
 * Expected costs are computed here from the published prices (USD per 1M tokens), not read back.
 */
@SuppressWarnings("try") // scopes are opened for their effect on Context.current()
class LlmTracingTest {

    private static final BigDecimal MILLION = new BigDecimal(1_000_000);
    private static final Instant T0 = TestClock.standard().instant();

    private final Harness h = new Harness();
    @AfterEach
    void close() {
        h.close();
    }

    private static String cost(long in, String inPrice, long out, String outPrice) {
        return new BigDecimal(in).multiply(new BigDecimal(inPrice)).add(new BigDecimal(out).multiply(new BigDecimal(outPrice)))
                .divide(MILLION, MathContext.DECIMAL128).stripTrailingZeros().toPlainString();
    }

    private static LlmRequest.Builder request(String prompt) {
        return LlmRequest.builder().systemPrompt("You are terse.").userPrompt(prompt).temperature(0.2).maxTokens(1000);
    }

    private static long at(Duration sinceT0) {
        Instant i = T0.plus(sinceT0);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** Runs {@code call} with a caller span current; returns that span (ended). */
    private Span underCaller(Runnable call) {
        Span caller = h.otel.getTracer("test").spanBuilder("caller").startSpan();
        try (Scope ignored = caller.makeCurrent()) {
            call.run();
        }
        caller.end();
        return caller;
    }

    /** This library's spans of one call: the call span first, then its attempt spans in attempt order. */
    private List<SpanData> ours() {
        List<SpanData> all = h.spans().stream()
                .filter(s -> s.getInstrumentationScopeInfo().getName().equals(LlmTracing.INSTRUMENTATION_SCOPE))
                .collect(Collectors.toList());
        List<SpanData> calls = all.stream().filter(s -> s.getAttributes().get(GenAiAttributes.ATTEMPT) == null)
                .collect(Collectors.toList());
        assertThat(calls).as("call spans").hasSize(1);
        List<SpanData> out = new ArrayList<>(calls);
        all.stream().filter(s -> s.getAttributes().get(GenAiAttributes.ATTEMPT) != null)
                .sorted(java.util.Comparator.comparing(s -> s.getAttributes().get(GenAiAttributes.ATTEMPT)))
                .forEach(out::add);
        return out;
    }

    private static Map<String, Object> callAttrs(SpanData call, Object... kv) {
        Map<String, Object> expected = map(kv);
        expected.put("q2o.llm.request_id", call.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals("q2o.llm.request_id")).findFirst().orElseThrow().getValue());
        assertThat((String) expected.get("q2o.llm.request_id")).isNotBlank();
        return expected;
    }

    private static void assertSpan(SpanData s, String name, String parentSpanId, long start, long end, StatusCode status) {
        assertThat(s.getName()).isEqualTo(name);
        assertThat(s.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(s.getParentSpanId()).as(name + " parent").isEqualTo(parentSpanId);
        assertThat(s.getStartEpochNanos()).as(name + " start").isEqualTo(start);
        assertThat(s.getEndEpochNanos()).as(name + " end").isEqualTo(end);
        assertThat(s.getStatus().getStatusCode()).as(name + " status").isEqualTo(status);
    }

    @Test
    void successIsOneCallSpanUnderTheCallerWithOneAttemptChild() {
        h.gemini.answer(FLASH, "hello", TokenCounts.of(1000, 200));
        LlmResponse[] r = new LlmResponse[1];
        Span caller;
        try (LlmService llm = h.service(h.tracing(), Runnable::run)) {
            caller = underCaller(() -> r[0] = llm.complete(request("hi").build()));
        }
        assertThat(r[0].success()).isTrue();

        List<SpanData> spans = ours();
        assertThat(spans).hasSize(2);
        SpanData call = spans.get(0);
        SpanData attempt = spans.get(1);
        assertSpan(call, "chat " + FLASH, caller.getSpanContext().getSpanId(), at(Duration.ZERO), at(Duration.ofSeconds(2)),
                StatusCode.UNSET);
        assertThat(call.getTraceId()).isEqualTo(caller.getSpanContext().getTraceId());
        assertThat(attrs(call.getAttributes())).isEqualTo(callAttrs(call,
                "gen_ai.operation.name", "chat", "gen_ai.provider.name", "gcp.gemini", "q2o.llm.provider", "gemini",
                "gen_ai.request.model", FLASH, "gen_ai.request.max_tokens", 1000L, "gen_ai.request.temperature", 0.2,
                "gen_ai.response.model", FLASH, "gen_ai.response.finish_reasons", List.of("stop"),
                "gen_ai.usage.input_tokens", 1000L, "gen_ai.usage.output_tokens", 200L,
                "q2o.cost.usd", cost(1000, "0.30", 200, "2.50"), "q2o.cost.known", true,
                "q2o.llm.cache_hit", false, "q2o.llm.streaming", false));
        assertThat(call.getEvents()).isEmpty();

        assertSpan(attempt, "chat " + FLASH, call.getSpanId(), at(Duration.ZERO), at(Duration.ofSeconds(2)), StatusCode.UNSET);
        assertThat(attrs(attempt.getAttributes())).isEqualTo(map(
                "gen_ai.operation.name", "chat", "gen_ai.provider.name", "gcp.gemini", "q2o.llm.provider", "gemini",
                "gen_ai.request.model", FLASH, "gen_ai.request.max_tokens", 1000L, "gen_ai.request.temperature", 0.2,
                "q2o.llm.attempt", 1L, "gen_ai.response.model", FLASH, "gen_ai.response.finish_reasons", List.of("stop"),
                "gen_ai.usage.input_tokens", 1000L, "gen_ai.usage.output_tokens", 200L));
    }

    @Test
    void fallbackGivesOneSpanPerAttemptAndAFallbackEvent() {
        h.gemini.fail(FLASH, 2, new ServerErrorException("gemini", 503, null, "unavailable", null));
        h.openai.answer(MINI, "from openai", TokenCounts.of(800, 400));
        LlmResponse[] r = new LlmResponse[1];
        Span caller;
        try (LlmService llm = h.service(h.tracing(), Runnable::run)) {
            caller = underCaller(() -> r[0] = llm.complete(request("fall back").build()));
        }
        assertThat(r[0].success()).isTrue();

        List<SpanData> spans = ours();
        assertThat(spans).hasSize(4);
        SpanData call = spans.get(0);
        assertSpan(call, "chat " + FLASH, caller.getSpanContext().getSpanId(), at(Duration.ZERO),
                at(Duration.ofMillis(4500)), StatusCode.UNSET);
        assertThat(attrs(call.getAttributes())).isEqualTo(callAttrs(call,
                "gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai", "q2o.llm.provider", "openai",
                "gen_ai.request.model", FLASH, "gen_ai.request.max_tokens", 1000L, "gen_ai.request.temperature", 0.2,
                "gen_ai.response.model", MINI, "gen_ai.response.finish_reasons", List.of("stop"),
                "gen_ai.usage.input_tokens", 800L, "gen_ai.usage.output_tokens", 400L,
                "q2o.cost.usd", cost(800, "0.15", 400, "0.60"), "q2o.cost.known", true,
                "q2o.llm.cache_hit", false, "q2o.llm.streaming", false, "q2o.llm.fallbacks", 1L));
        assertThat(call.getEvents()).hasSize(1);
        EventData fallback = call.getEvents().get(0);
        assertThat(fallback.getName()).isEqualTo("q2o.llm.fallback");
        // when the listener hears of it: after gemini's last failure, no later than openai's answer
        assertThat(fallback.getEpochNanos()).isBetween(at(Duration.ofSeconds(4)), at(Duration.ofMillis(4500)));
        assertThat(attrs(fallback.getAttributes())).isEqualTo(map("q2o.llm.fallback.from", "gcp.gemini",
                "q2o.llm.fallback.to", "openai", "q2o.llm.fallback.reason", "server_error"));

        for (int i = 1; i <= 2; i++) {
            SpanData failed = spans.get(i);
            assertSpan(failed, "chat " + FLASH, call.getSpanId(), at(Duration.ofSeconds(2L * (i - 1))),
                    at(Duration.ofSeconds(2L * i)), StatusCode.ERROR);
            assertThat(failed.getStatus().getDescription()).contains("unavailable");
            assertThat(attrs(failed.getAttributes())).isEqualTo(map(
                    "gen_ai.operation.name", "chat", "gen_ai.provider.name", "gcp.gemini", "q2o.llm.provider", "gemini",
                    "gen_ai.request.model", FLASH, "gen_ai.request.max_tokens", 1000L, "gen_ai.request.temperature", 0.2,
                    "q2o.llm.attempt", (long) i, "error.type", "server_error"));
        }
        SpanData answered = spans.get(3);
        assertSpan(answered, "chat " + MINI, call.getSpanId(), at(Duration.ofSeconds(4)), at(Duration.ofMillis(4500)),
                StatusCode.UNSET);
        assertThat(attrs(answered.getAttributes())).isEqualTo(map(
                "gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai", "q2o.llm.provider", "openai",
                "gen_ai.request.model", MINI, "gen_ai.request.max_tokens", 1000L, "gen_ai.request.temperature", 0.2,
                "q2o.llm.attempt", 3L, "gen_ai.response.model", MINI, "gen_ai.response.finish_reasons", List.of("stop"),
                "gen_ai.usage.input_tokens", 800L, "gen_ai.usage.output_tokens", 400L));
    }

    @Test
    void failureMarksCallAndAttemptWithTheErrorType() {
        h.gemini.fail(FLASH, new InvalidRequestException("gemini", 400, "bad request: no such field", null));
        LlmResponse[] r = new LlmResponse[1];
        Span caller;
        try (LlmService llm = h.service(h.tracing(), Runnable::run)) {
            caller = underCaller(() -> r[0] = llm.complete(request("broken").build()));
        }
        assertThat(r[0].success()).isFalse();

        List<SpanData> spans = ours();
        assertThat(spans).hasSize(2);
        SpanData call = spans.get(0);
        assertSpan(call, "chat " + FLASH, caller.getSpanContext().getSpanId(), at(Duration.ZERO), at(Duration.ofSeconds(2)),
                StatusCode.ERROR);
        assertThat(call.getStatus().getDescription()).isEqualTo(r[0].error().message());
        assertThat(attrs(call.getAttributes())).isEqualTo(callAttrs(call,
                "gen_ai.operation.name", "chat", "gen_ai.provider.name", "gcp.gemini", "q2o.llm.provider", "gemini",
                "gen_ai.request.model", FLASH, "gen_ai.request.max_tokens", 1000L, "gen_ai.request.temperature", 0.2,
                "error.type", "invalid_request", "q2o.llm.error.code", "http-400",
                "q2o.llm.cache_hit", false, "q2o.llm.streaming", false));
        SpanData attempt = spans.get(1);
        assertSpan(attempt, "chat " + FLASH, call.getSpanId(), at(Duration.ZERO), at(Duration.ofSeconds(2)), StatusCode.ERROR);
        assertThat(attrs(attempt.getAttributes())).isEqualTo(map(
                "gen_ai.operation.name", "chat", "gen_ai.provider.name", "gcp.gemini", "q2o.llm.provider", "gemini",
                "gen_ai.request.model", FLASH, "gen_ai.request.max_tokens", 1000L, "gen_ai.request.temperature", 0.2,
                "q2o.llm.attempt", 1L, "error.type", "invalid_request"));
    }

    @Test
    void cacheHitIsACallSpanWithoutAttemptsUsageOrCost() {
        h.gemini.answer(FLASH, "cached answer", TokenCounts.of(1000, 200));
        LlmResponse[] r = new LlmResponse[2];
        Span caller;
        try (LlmService llm = h.service(h.tracing(), Runnable::run, "Q2O_LLM_CACHE_ENABLED", "true")) {
            r[0] = llm.complete(request("same").cachePolicy(CachePolicy.USE).build());
            h.exporter.reset();
            h.clock.advance(Duration.ofSeconds(10));
            caller = underCaller(() -> r[1] = llm.complete(request("same").cachePolicy(CachePolicy.USE).build()));
        }
        assertThat(r[1].cacheHit()).isTrue();

        List<SpanData> spans = ours();
        assertThat(spans).hasSize(1);
        SpanData call = spans.get(0);
        assertSpan(call, "chat " + FLASH, caller.getSpanContext().getSpanId(), at(Duration.ofSeconds(12)),
                at(Duration.ofSeconds(12)), StatusCode.UNSET);
        assertThat(attrs(call.getAttributes())).isEqualTo(callAttrs(call,
                "gen_ai.operation.name", "chat", "gen_ai.provider.name", "gcp.gemini", "q2o.llm.provider", "gemini",
                "gen_ai.request.model", FLASH, "gen_ai.request.max_tokens", 1000L, "gen_ai.request.temperature", 0.2,
                "gen_ai.response.model", FLASH, "gen_ai.response.finish_reasons", List.of("stop"),
                "q2o.cost.usd", "0", "q2o.cost.known", true,
                "q2o.llm.cache_hit", true, "q2o.llm.streaming", false));
    }
}
