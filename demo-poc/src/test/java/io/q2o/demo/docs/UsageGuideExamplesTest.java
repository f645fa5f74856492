package io.q2o.demo.docs;

import io.q2o.coder.TaskResult;
import io.q2o.coder.TaskStatus;
import io.q2o.llm.CostAlert;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.UsageStats;
import io.q2o.llm.config.BudgetConfig;
import io.q2o.llm.config.ProviderSettings;
import io.q2o.llm.config.RetryConfig;
import io.q2o.llm.testing.CannedAnswers;
import io.q2o.llm.testing.Recordings;
import io.q2o.llm.testing.ReplayServer;
import io.q2o.llm.testing.WireProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the documented examples against recorded Gemini answers (the answer is a valid Stripe service). */
class UsageGuideExamplesTest {
    private static final String MODEL = "gemini-2.5-pro";
    private static final String ANSWER = io.q2o.demo.BundledAnswers.answer("rw_stripe_integration");
    private static final TokenCounts TOKENS = TokenCounts.of(1_000, 1_500);

    private ReplayServer replay;

    @BeforeEach
    void start() {
        replay = ReplayServer.start(Recordings.of(
                CannedAnswers.text(WireProvider.GEMINI, MODEL, ANSWER, TOKENS),
                CannedAnswers.stream(WireProvider.GEMINI, MODEL, CannedAnswers.chunks(ANSWER, 100), TOKENS)));
    }

    @AfterEach
    void stop() {
        replay.close();
    }

    private LlmConfig.Builder config() {
        return replay.configure(LlmConfig.builder().environment(Map.of()).isolated())
                .set("GEMINI_MODEL", MODEL).set("Q2O_LLM_FALLBACK", "none").set("Q2O_LLM_AUTO_FALLBACK", "false");
    }

    private LlmService service(LlmConfig.Builder config) {
        return UsageGuideExamples.createWithConfig(config.build());
    }

    @Test
    void callsAsyncStreamingTagsCodeAndErrorsWork(@TempDir Path dir) {
        try (LlmService llm = service(config())) {
            assertThat(UsageGuideExamples.sync(llm)).isEqualTo(ANSWER);
            assertThat(UsageGuideExamples.plan(llm)).isEqualTo(ANSWER);
            assertThat(UsageGuideExamples.async(llm)).hasSize(3).containsOnly(ANSWER);
            LlmResponse streamed = UsageGuideExamples.streaming(llm);
            assertThat(streamed.success()).isTrue();
            assertThat(streamed.content()).isEqualTo(ANSWER);
            assertThat(UsageGuideExamples.tags(llm).success()).isTrue();
            assertThat(llm.usageStats().byAgent()).containsKey("researcher_main");
            assertThat(UsageGuideExamples.code(llm).content()).isEqualTo(ANSWER);
            assertThat(UsageGuideExamples.errors(llm)).isEqualTo(ANSWER);
            TaskResult agent = UsageGuideExamples.coderAgent(llm, dir);
            assertThat(agent.status()).as(String.valueOf(agent.failures())).isEqualTo(TaskStatus.COMPLETED);
            assertThat(dir.resolve("payments/stripe_payments.py")).exists();
            UsageStats stats = UsageGuideExamples.stats(llm);
            assertThat(stats.successfulCalls()).isGreaterThanOrEqualTo(10);
            assertThat(stats.totalCost()).isPositive();
        }
    }

    @Test
    void theTypedConfigExampleSetsWhatItsCommentsSay() {
        List<Object> parts = UsageGuideExamples.typedConfig();
        assertThat(parts.get(0)).isEqualTo(new RetryConfig(3, Duration.ofMillis(500), Duration.ofSeconds(20), Duration.ofSeconds(30)));
        assertThat(((BudgetConfig) parts.get(1)).dailyCostLimit()).hasValue(new BigDecimal("5.00"));
        assertThat(((ProviderSettings) parts.get(2)).maxConcurrentRequests()).isEqualTo(128);
    }

    @Test
    void tracingExampleAnswersWithTheSpanListenerRegistered() {
        try (LlmService llm = UsageGuideExamples.tracing(config().build(), io.opentelemetry.api.OpenTelemetry.noop())) {
            assertThat(UsageGuideExamples.sync(llm)).isEqualTo(ANSWER);
        }
    }

    @Test
    void bypassNeverUsesTheCacheWhileUseAnswersTheSecondCallFromIt() {
        try (LlmService llm = service(config())) {
            int before = replay.requests().size();
            UsageGuideExamples.cacheBypass(llm);
            UsageGuideExamples.cacheBypass(llm);
            // BYPASS always calls; NO_STORE looks up but the first one found nothing
            assertThat(replay.requests().size() - before).isEqualTo(4);
            UsageGuideExamples.sync(llm);
            UsageGuideExamples.sync(llm);
            assertThat(replay.requests().size() - before).isEqualTo(5);
            assertThat(llm.usageStats().cacheHits()).isEqualTo(1);
        }
    }

    @Test
    void aHardBudgetRefusesTheCallBeforeItIsSent() {
        try (LlmService llm = service(config().set("Q2O_LLM_DAILY_COST_LIMIT", "0.0001"))) {
            LlmResponse r = UsageGuideExamples.budgets(llm);
            assertThat(r.success()).isFalse();
            assertThat(r.error().kind()).isEqualTo(ErrorKind.BUDGET_EXCEEDED);
            assertThat(replay.requests()).isEmpty();
        }
        try (LlmService llm = service(config().set("Q2O_LLM_DAILY_LIMIT", "1"))) {
            assertThat(UsageGuideExamples.budgets(llm).success()).isTrue();
            LlmResponse second = UsageGuideExamples.budgets(llm);   // cached: a hit does not count
            assertThat(second.cacheHit()).isTrue();
        }
    }

    @Test
    void costAlertFiresOncePerDayAndTheLedgerHasTheSpend(@TempDir Path ledger) {
        LlmConfig config = config().set("Q2O_LLM_COST_ALERT", "0.001").set("Q2O_LLM_USAGE_DIR", ledger.toString())
                .set("Q2O_LLM_CACHE_ENABLED", "false").build();
        List<CostAlert> alerts = UsageGuideExamples.alerts(config);
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.dailyCost()).isGreaterThanOrEqualTo(a.threshold()));
        UsageGuideExamples.alerts(config);
        Map<String, io.q2o.llm.usage.LedgerReader.Totals> byModel = UsageGuideExamples.ledger(config);
        assertThat(byModel).containsKey(MODEL);
        assertThat(byModel.get(MODEL).calls()).isEqualTo(2);
        assertThat(byModel.get(MODEL).cost()).isPositive();
    }
}
