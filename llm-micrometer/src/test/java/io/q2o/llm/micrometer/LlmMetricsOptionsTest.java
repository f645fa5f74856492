package io.q2o.llm.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.q2o.llm.Attempt;
import io.q2o.llm.CachePolicy;
import io.q2o.llm.FinishReason;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmListener;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.LlmUsage;
import io.q2o.llm.RequestTags;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.ProviderConnectionException;
import io.q2o.llm.spi.ServerErrorException;
import io.q2o.llm.testkit.AutoAdvanceScheduler;
import io.q2o.llm.testkit.ScriptedProvider;
import io.q2o.llm.testkit.TestClock;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static io.q2o.llm.micrometer.LlmMetrics.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** Options, edge cases and precision. */
class LlmMetricsOptionsTest {

    private final TestClock clock = TestClock.standard();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final ScriptedProvider gemini = new ScriptedProvider("gemini");
    private final ScriptedProvider openai = new ScriptedProvider("openai");

    private static LlmConfig config(String... kv) {
        Map<String, String> s = new HashMap<>(Map.of("Q2O_LLM_PRIMARY", "gemini", "Q2O_LLM_FALLBACK", "openai",
                "Q2O_LLM_AUTO_FALLBACK", "false", "Q2O_LLM_CACHE_ENABLED", "true", "Q2O_LLM_CACHE_PERSIST", "false",
                "Q2O_LLM_DAILY_LIMIT", "0", "Q2O_LLM_MAX_RETRIES", "0"));
        for (int i = 0; i < kv.length; i += 2) {
            s.put(kv[i], kv[i + 1]);
        }
        LlmConfig.Builder b = LlmConfig.builder().environment(Map.of()).isolated();
        s.forEach(b::set);
        return b.build();
    }

    private LlmService service(LlmConfig config, LlmListener metrics, String geminiModel, String openaiModel) {
        return LlmService.builder().config(config).discoverProviders(false)
                .provider(gemini, List.of(geminiModel)).provider(openai, List.of(openaiModel))
                .clock(clock).scheduler(new AutoAdvanceScheduler(clock)).executor(Runnable::run)
                .listener(metrics).build();
    }

    private static LlmRequest req(String prompt, String agent) {
        return LlmRequest.builder().systemPrompt("sys").userPrompt(prompt).maxTokens(100)
                .tags(agent == null ? RequestTags.NONE : RequestTags.agent(agent)).build();
    }

    private static Map<String, String> tags(Meter m) {
        Map<String, String> t = new TreeMap<>();
        for (Tag tag : m.getId().getTags()) {
            t.put(tag.getKey(), tag.getValue());
        }
        return t;
    }

    private Map<Map<String, String>, Double> counts(String name) {
        return registry.find(name).counters().stream().collect(Collectors.toMap(LlmMetricsOptionsTest::tags,
                c -> c.count()));
    }

    private static Map<String, String> t(String... kv) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void commonTagsGoOnEveryMeterAndTheAgentTagCanBeSwitchedOff() {
        LlmMetrics metrics = LlmMetrics.builder(registry).tags("application", "demo").agentTag(false).build();
        gemini.alwaysAnswer("ok", TokenCounts.of(10, 5));
        try (LlmService llm = service(config(), metrics, "gemini-2.5-flash", "gpt-4o-mini")) {
            metrics.bindTo(llm);
            llm.complete(req("x", "coder"));
            llm.complete(req("x", "coder"));
        }
        assertThat(registry.getMeters()).isNotEmpty()
                .allSatisfy(m -> assertThat(m.getId().getTag("application")).as(m.getId().getName()).isEqualTo("demo"))
                .allSatisfy(m -> assertThat(m.getId().getTag(AGENT)).as(m.getId().getName()).isNull());
        assertThat(counts(CALLS)).containsOnly(
                entry(t("application", "demo", PROVIDER, "gemini", MODEL, "gemini-2.5-flash", OUTCOME, "success"), 1.0),
                entry(t("application", "demo", PROVIDER, "gemini", MODEL, "gemini-2.5-flash", OUTCOME, "cache_hit"), 1.0));
        assertThat(counts(CACHE_GETS)).containsOnly(
                entry(t("application", "demo", RESULT, "hit"), 1.0), entry(t("application", "demo", RESULT, "miss"), 1.0));
        assertThat(registry.find(COST).tag("application", "demo").functionCounter().count())
                .isEqualTo(new BigDecimal("0.0000155").doubleValue()); // 10 × $0.30/M + 5 × $2.50/M
    }

    @Test
    void agentValuesAreCappedAndMissingAgentsAreNone() {
        LlmMetrics metrics = LlmMetrics.builder(registry).config(config()).maxAgents(2).build();
        gemini.alwaysAnswer("ok", TokenCounts.of(1, 1));
        try (LlmService llm = service(config(), metrics, "gemini-2.5-flash", "gpt-4o-mini")) {
            String[] agents = {"a", "b", "c", "a", "d", null, " "};
            for (int i = 0; i < agents.length; i++) {
                llm.complete(req("prompt " + i, agents[i]));
            }
        }
        assertThat(counts(CALLS).entrySet()).extracting(e -> e.getKey().get(AGENT) + "=" + e.getValue())
                .containsExactlyInAnyOrder("a=2.0", "b=1.0", "other=2.0", "none=2.0");
    }

    @Test
    void unpricedModelsSkipsAndSkippedFallbacksAreCounted() {
        LlmConfig config = config("Q2O_LLM_CIRCUIT_FAILURES", "1", "Q2O_LLM_CACHE_ENABLED", "false");
        LlmMetrics metrics = LlmMetrics.builder(registry).config(config).build();
        gemini.fail("gemini-2.5-flash", new ServerErrorException("gemini", 500, null, "boom", null));
        openai.alwaysAnswer("ok", TokenCounts.of(7, 3));
        try (LlmService llm = service(config, metrics, "gemini-2.5-flash", "house-model")) {
            assertThat(llm.complete(req("1", "x")).provider()).isEqualTo("openai");
            LlmResponse second = llm.complete(req("2", "x"));
            assertThat(second.attempts().get(0).outcome()).isEqualTo(Attempt.Outcome.SKIPPED_CIRCUIT_OPEN);
        }
        assertThat(counts(SKIPS)).containsOnly(
                entry(t(PROVIDER, "gemini", MODEL, "gemini-2.5-flash", REASON, "circuit_open"), 1.0));
        // a fallback past an open breaker names the failure that opened it, not just "skipped"
        assertThat(counts(FALLBACKS)).containsOnly(
                entry(t(FROM_PROVIDER, "gemini", TO_PROVIDER, "openai", REASON, "server_error"), 2.0));
        assertThat(counts(UNPRICED_CALLS)).containsOnly(
                entry(t(PROVIDER, "openai", MODEL, "house-model", AGENT, "x"), 2.0));
        assertThat(registry.find(COST).meters()).as("unknown cost is never a silent zero").isEmpty();
        assertThat(counts(TOKENS)).containsOnly(
                entry(t(PROVIDER, "openai", MODEL, "house-model", AGENT, "x", TOKEN_TYPE, "input"), 14.0),
                entry(t(PROVIDER, "openai", MODEL, "house-model", AGENT, "x", TOKEN_TYPE, "output"), 6.0));
        assertThat(registry.find(OPERATION_DURATION).timers()).extracting(m -> m.getId().getTag(GEN_AI_PROVIDER_NAME)
                + "/" + m.getId().getTag(ERROR_TYPE) + "=" + m.count())
                .containsExactlyInAnyOrder("gcp.gemini/server_error=1", "openai/none=2");
        assertThat(counts(CACHE_GETS)).as("cache off: no lookups").isEmpty();
    }

    @Test
    void cacheMissesNeedTheConfigurationAndBypassIsNoLookup() {
        LlmConfig config = config();
        LlmMetrics metrics = LlmMetrics.of(registry);
        gemini.alwaysAnswer("ok", TokenCounts.of(1, 1));
        try (LlmService llm = service(config, metrics, "gemini-2.5-flash", "gpt-4o-mini")) {
            llm.complete(req("before bind", null));
            assertThat(counts(CACHE_GETS)).as("cache state unknown: no misses").isEmpty();
            metrics.bindTo(llm);
            llm.complete(req("after bind", null));
            llm.complete(req("after bind", null).toBuilder().cachePolicy(CachePolicy.BYPASS).build());
            llm.complete(req("after bind", null).toBuilder().cachePolicy(CachePolicy.NO_STORE).build());
        }
        assertThat(counts(CACHE_GETS)).containsOnly(
                entry(t(RESULT, "miss", AGENT, "none"), 1.0), entry(t(RESULT, "hit", AGENT, "none"), 1.0));
    }

    @Test
    void dryRunsAreCallsWithoutTokensCostOrProviderOperations() {
        LlmConfig config = config("Q2O_LLM_DRY_RUN", "true");
        LlmMetrics metrics = LlmMetrics.builder(registry).config(config).build();
        try (LlmService llm = service(config, metrics, "gemini-2.5-flash", "gpt-4o-mini")) {
            assertThat(llm.complete(req("x", null)).simulated()).isTrue();
        }
        assertThat(counts(CALLS)).containsOnly(
                entry(t(PROVIDER, "gemini", MODEL, "gemini-2.5-flash", AGENT, "none", OUTCOME, "dry_run"), 1.0));
        assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).containsOnly(CALLS);
    }

    @Test
    void anInterruptedStreamIsAFailureWithItsAttempt() {
        LlmConfig config = config("Q2O_LLM_CACHE_ENABLED", "false");
        LlmMetrics metrics = LlmMetrics.builder(registry).config(config).build();
        gemini.streamThenFail("gemini-2.5-flash", List.of("half"),
                new ProviderConnectionException("gemini", -1, "reset", null));
        StringBuilder seen = new StringBuilder();
        try (LlmService llm = service(config, metrics, "gemini-2.5-flash", "gpt-4o-mini")) {
            CompletableFuture<LlmResponse> f = llm.stream(req("x", null), seen::append);
            assertThat(f.join().partial()).isTrue();
        }
        assertThat(counts(FAILURES)).containsOnly(entry(t(PROVIDER, "gemini", ERROR_TYPE, "stream_interrupted",
                ERROR_CODE, "partial", AGENT, "none"), 1.0));
        assertThat(counts(CALLS)).containsOnly(
                entry(t(PROVIDER, "gemini", MODEL, "gemini-2.5-flash", AGENT, "none", OUTCOME, "failure"), 1.0));
        assertThat(registry.find(OPERATION_DURATION).timer().getId().getTag(ERROR_TYPE)).isEqualTo("connection");
        assertThat(registry.find(TOKEN_USAGE).meters()).isEmpty();
    }

    /** Two thousand calls of $0.000075: a double running sum drifts to 0.15000000000000116. */
    @Test
    void costIsSummedExactlyAndSharedByInstancesOnOneRegistry() {
        LlmMetrics first = LlmMetrics.of(registry);
        LlmMetrics second = LlmMetrics.of(registry);
        BigDecimal each = new BigDecimal("0.000075");
        for (int i = 0; i < 2_000; i++) {
            (i % 2 == 0 ? first : second).onResponse(success("gpt-4o-mini", each));
        }
        assertThat(registry.find(COST).functionCounters()).hasSize(1);
        assertThat(registry.find(COST).functionCounter().count()).isEqualTo(0.15);
        double naive = 0;
        for (int i = 0; i < 2_000; i++) {
            naive += each.doubleValue();
        }
        assertThat(naive).as("what a double counter would show").isNotEqualTo(0.15);

        registry.remove(registry.find(COST).functionCounter());
        first.onResponse(success("gpt-4o-mini", each));
        assertThat(registry.find(COST).functionCounter().count()).as("re-registered with the whole sum")
                .isEqualTo(0.150075);
        assertThat(registry.find(CALLS).counter().count()).isEqualTo(2_001);
    }

    private static LlmListener.CallEvent success(String model, BigDecimal cost) {
        Instant now = Instant.parse("2026-11-28T10:00:00Z");
        LlmUsage usage = new LlmUsage("openai", model, TokenCounts.of(500, 0), Optional.of(cost),
                Optional.of(BigDecimal.ZERO), now, Duration.ofMillis(10), false, false);
        Attempt a = new Attempt("openai", model, Attempt.Outcome.SUCCESS, null, "", Duration.ofMillis(10));
        LlmResponse r = LlmResponse.success("ok", usage, FinishReason.STOP, List.of(a), false, false);
        return new LlmListener.CallEvent("id", now, now, LlmRequest.of("", "x"), r, true);
    }
}
