package io.q2o.llm.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.RequestTags;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.InvalidRequestException;
import io.q2o.llm.spi.RateLimitedException;
import io.q2o.llm.spi.ServerErrorException;
import io.q2o.llm.testkit.AutoAdvanceScheduler;
import io.q2o.llm.testkit.ScriptedProvider;
import io.q2o.llm.testkit.TestClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scripted run behind the meter tests, no network and no sleeping. Primary gemini
 * ({@value #FLASH}, every request takes 2 s on the test clock), fallback openai ({@value #MINI},
 * 0.5 s); cache on, one retry without backoff, daily limit 100 calls, alert at $0.001, daily
 * cost limit $0.05, monthly budget $1.00. Six calls:
 * <ol>
 *   <li>c1, agent coder: gemini answers 1000 in / 200 out;</li>
 *   <li>c2, agent reviewer: gemini 503, a retry, 503 again, fallback to openai: 800 in / 400 out
 *       (the day's cost crosses the alert threshold);</li>
 *   <li>c1 again, agent coder: a cache hit;</li>
 *   <li>c4, no agent: gemini 400, a failure;</li>
 *   <li>c5, agent coder, 100,000 max tokens: refused by the daily cost limit (its output limit
 *       may not be lowered: {@code Q2O_LLM_BUDGET_MIN_OUTPUT_TOKENS} is 100,000 here);</li>
 *   <li>c6, agent reviewer: gemini 429, a retry, then 500 in / 100 out.</li>
 * </ol>
 * The service stays open (for the gauges) until {@link #close()}.
 */
final class ScriptedRun implements AutoCloseable {
    static final String FLASH = "gemini-2.5-flash";
    static final String MINI = "gpt-4o-mini";

    final TestClock clock = TestClock.standard();
    final ScriptedProvider gemini = new ScriptedProvider("gemini");
    final ScriptedProvider openai = new ScriptedProvider("openai");
    final LlmService service;
    final LlmMetrics metrics;
    final List<LlmResponse> responses = new ArrayList<>();

    ScriptedRun(MeterRegistry registry) {
        Map<String, String> settings = new TreeMap<>(Map.of(
                "Q2O_LLM_PRIMARY", "gemini", "Q2O_LLM_FALLBACK", "openai", "Q2O_LLM_AUTO_FALLBACK", "false",
                "Q2O_LLM_CACHE_ENABLED", "true", "Q2O_LLM_CACHE_PERSIST", "false",
                "Q2O_LLM_MAX_RETRIES", "1", "Q2O_LLM_RETRY_INITIAL_MS", "0", "Q2O_LLM_DAILY_LIMIT", "100",
                "Q2O_LLM_COST_ALERT", "0.001", "Q2O_LLM_DAILY_COST_LIMIT", "0.05"));
        settings.put("Q2O_LLM_BUDGET_MIN_OUTPUT_TOKENS", "100000");
        settings.put("Q2O_LLM_MONTHLY_BUDGET", "1.00");
        LlmConfig.Builder cb = LlmConfig.builder().environment(Map.of()).isolated();
        settings.forEach(cb::set);
        LlmConfig config = cb.build();

        gemini.answer(FLASH, "one", TokenCounts.of(1000, 200))
                .fail(FLASH, 2, new ServerErrorException("gemini", 503, null, "unavailable", null))
                .fail(FLASH, new InvalidRequestException("gemini", 400, "bad request", null))
                .fail(FLASH, new RateLimitedException("gemini", 429, null, "slow down", null))
                .answer(FLASH, "six", TokenCounts.of(500, 100));
        openai.answer(MINI, "two", TokenCounts.of(800, 400));

        metrics = LlmMetrics.builder(registry).build();
        service = LlmService.builder().config(config).discoverProviders(false)
                .provider(new TimedProvider(gemini, clock, Duration.ofSeconds(2)), List.of(FLASH))
                .provider(new TimedProvider(openai, clock, Duration.ofMillis(500)), List.of(MINI))
                .clock(clock).scheduler(new AutoAdvanceScheduler(clock)).executor(Runnable::run)
                .listener(metrics).build();
        metrics.bindTo(service);
        responses.add(service.complete(req("c1", "coder", 1000)));
        responses.add(service.complete(req("c2", "reviewer", 1000)));
        responses.add(service.complete(req("c1", "coder", 1000)));
        responses.add(service.complete(req("c4", null, 1000)));
        responses.add(service.complete(req("c5", "coder", 100_000)));
        responses.add(service.complete(req("c6", "reviewer", 1000)));
    }

    private static LlmRequest req(String prompt, String agent, int maxTokens) {
        return LlmRequest.builder().systemPrompt("sys").userPrompt(prompt).maxTokens(maxTokens)
                .tags(agent == null ? RequestTags.NONE : RequestTags.agent(agent)).build();
    }

    @Override
    public void close() {
        service.close();
    }
}
