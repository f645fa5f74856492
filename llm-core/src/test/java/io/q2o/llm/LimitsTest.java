package io.q2o.llm;

import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.q2o.llm.Fixture.req;
import static org.assertj.core.api.Assertions.assertThat;

class LimitsTest {

    private static List<LlmResponse> race(LlmService llm, int threads, int callsEach) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<LlmResponse> all = new CopyOnWriteArrayList<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                List<LlmResponse> mine = new ArrayList<>(callsEach);
                for (int i = 0; i < callsEach; i++) {
                    mine.add(llm.complete(req("t" + thread + " c" + i)));
                }
                all.addAll(mine);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return all;
    }

    @Test
    void sixtyFourThreadsRacingAgainstADailyLimitLetExactlyTheLimitThrough() throws Exception {
        Fixture fx = new Fixture().set("Q2O_LLM_DAILY_LIMIT", "5000");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        gemini.alwaysAnswer("ok", TokenCounts.of(5, 5));
        try (LlmService llm = fx.build()) {
            List<LlmResponse> all = race(llm, 64, 2_000);

            assertThat(all).hasSize(128_000);
            assertThat(gemini.calls()).isEqualTo(5_000);
            assertThat(all.stream().filter(LlmResponse::success).count()).isEqualTo(5_000);
            assertThat(all.stream().filter(r -> !r.success())).allSatisfy(r -> {
                assertThat(r.error().kind()).isEqualTo(ErrorKind.RATE_LIMITED);
                assertThat(r.error().code()).isEqualTo("daily-limit");
            });
            UsageStats s = llm.usageStats();
            assertThat(s.dailyCalls()).isEqualTo(5_000);
            assertThat(s.totalCalls()).isEqualTo(128_000);
            assertThat(s.successfulCalls()).isEqualTo(5_000);
        }
    }

    @Test
    void aHardDailyCostLimitIsNeverExceededUnderTheSameRace() throws Exception {
        Fixture fx = new Fixture().set("Q2O_LLM_DAILY_COST_LIMIT", "0.05").set("Q2O_LLM_MAX_TOKENS", "100");
        ScriptedProvider gemini = fx.provider("gemini", "gpt-4o-mini");
        gemini.alwaysAnswer("ok", TokenCounts.of(10, 100));
        try (LlmService llm = fx.build()) {
            List<LlmResponse> all = race(llm, 64, 200);

            BigDecimal perCall = new BigDecimal("0.0000615");
            BigDecimal spent = perCall.multiply(BigDecimal.valueOf(gemini.calls()));
            assertThat(spent).isLessThanOrEqualTo(new BigDecimal("0.05"));
            assertThat(gemini.calls()).isGreaterThan(500);
            assertThat(llm.usageStats().dailyCost()).isEqualByComparingTo(spent);
            assertThat(all.stream().filter(r -> !r.success()))
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.error().kind()).isEqualTo(ErrorKind.BUDGET_EXCEEDED));
            LlmResponse refused = all.stream().filter(r -> !r.success()).findFirst().orElseThrow();
            assertThat(refused.error().message()).contains("Q2O_LLM_DAILY_COST_LIMIT");
        }
    }

    @Test
    void theDailyLimitResetsWhenTheDayRollsOver() {
        Fixture fx = new Fixture().set("Q2O_LLM_DAILY_LIMIT", "2");
        fx.clock.set(Instant.parse("2026-11-28T23:59:00Z"));
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        gemini.alwaysAnswer("ok", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            assertThat(llm.complete(req("1")).success()).isTrue();
            assertThat(llm.complete(req("2")).success()).isTrue();
            assertThat(llm.complete(req("3")).error().code()).isEqualTo("daily-limit");
            fx.clock.advance(Duration.ofMinutes(2));
            assertThat(llm.complete(req("4")).success()).isTrue();
            assertThat(llm.usageStats().dailyCalls()).isEqualTo(1);
        }
        assertThat(gemini.calls()).isEqualTo(3);
    }

    @Test
    void daysRollOverInTheConfiguredZone() {
        Fixture fx = new Fixture().set("Q2O_LLM_DAILY_LIMIT", "1").set("Q2O_LLM_TIMEZONE", "America/Los_Angeles");
        // 07:00 UTC on Nov 29 is still Nov 28 in Los Angeles
        fx.clock.set(Instant.parse("2026-11-29T07:00:00Z"));
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        gemini.alwaysAnswer("ok", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            assertThat(llm.complete(req("1")).success()).isTrue();
            fx.clock.set(Instant.parse("2026-11-29T07:59:00Z"));
            assertThat(llm.complete(req("2")).success()).as("same Los Angeles day").isFalse();
            fx.clock.set(Instant.parse("2026-11-29T08:01:00Z"));
            assertThat(llm.complete(req("3")).success()).as("new Los Angeles day").isTrue();
        }
    }

    @Test
    void theMonthlyBudgetIsKeyedByYearAndMonth() {
        Fixture fx = new Fixture().set("Q2O_LLM_MONTHLY_BUDGET", "0.0002").set("Q2O_LLM_MAX_TOKENS", "100");
        fx.clock.set(Instant.parse("2026-01-15T12:00:00Z"));
        ScriptedProvider gemini = fx.provider("gemini", "gpt-4o-mini");
        gemini.alwaysAnswer("ok", TokenCounts.of(10, 100));
        try (LlmService llm = fx.build()) {
            int ok = 0;
            for (int i = 0; i < 10; i++) {
                ok += llm.complete(req("jan " + i)).success() ? 1 : 0;
            }
            assertThat(ok).isBetween(1, 3);
            fx.clock.set(Instant.parse("2026-01-31T23:00:00Z"));
            assertThat(llm.complete(req("still january")).error().kind()).isEqualTo(ErrorKind.BUDGET_EXCEEDED);
            fx.clock.set(Instant.parse("2027-01-15T12:00:00Z"));
            assertThat(llm.complete(req("next year's january")).success()).isTrue();
            assertThat(llm.usageStats().monthlyCost()).isEqualByComparingTo("0.0000615");
        }
    }

    @Test
    void budgetsSkipModelsWithoutAPriceAndFailClosedWhenNoneHasOne() {
        Fixture fx = new Fixture().set("Q2O_LLM_DAILY_COST_LIMIT", "5").set("Q2O_LLM_FALLBACK", "none");
        ScriptedProvider gemini = fx.provider("gemini", "my-unpriced-model");
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(req("x"));
            assertThat(r.error().kind()).isEqualTo(ErrorKind.BUDGET_EXCEEDED);
            assertThat(r.error().code()).isEqualTo("price-unknown");
            assertThat(r.attempts()).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.SKIPPED_PRICE_UNKNOWN);
        }
        assertThat(gemini.calls()).isZero();
    }

    @Test
    void theCostAlertFiresOncePerDayWhenTheThresholdIsCrossed() {
        Fixture fx = new Fixture().set("Q2O_LLM_COST_ALERT", "0.0002");
        List<CostAlert> alerts = new CopyOnWriteArrayList<>();
        fx.alerts.add(LlmListener.onCostAlert(alerts::add));
        fx.alerts.add(LlmListener.onCostAlert(a -> {
            throw new IllegalStateException("a broken listener must not break calls");
        }));
        ScriptedProvider gemini = fx.provider("gemini", "gpt-4o-mini");
        gemini.alwaysAnswer("ok", TokenCounts.of(10, 100));
        try (LlmService llm = fx.build()) {
            for (int i = 0; i < 10; i++) {
                assertThat(llm.complete(req("d1 " + i)).success()).isTrue();
            }
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).dailyCost()).isGreaterThanOrEqualTo(new BigDecimal("0.0002"));
            assertThat(alerts.get(0).day()).hasToString("2026-11-28");
            fx.clock.advance(Duration.ofDays(1));
            for (int i = 0; i < 10; i++) {
                llm.complete(req("d2 " + i));
            }
            assertThat(alerts).hasSize(2);
            assertThat(alerts.get(1).day()).hasToString("2026-11-29");
        }
    }

    @Test
    void aRequestsPerMinuteLimitMovesOnWhenTheWaitIsTooLong() {
        Fixture fx = new Fixture().set("GEMINI_RPM", "2").set("Q2O_LLM_RATE_LIMIT_MAX_WAIT_MS", "0");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        gemini.alwaysAnswer("g", TokenCounts.of(1, 1));
        openai.alwaysAnswer("o", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            assertThat(llm.complete(req("1")).provider()).isEqualTo("gemini");
            assertThat(llm.complete(req("2")).provider()).isEqualTo("gemini");
            LlmResponse third = llm.complete(req("3"));
            assertThat(third.provider()).isEqualTo("openai");
            assertThat(third.attempts().get(0).outcome()).isEqualTo(Attempt.Outcome.SKIPPED_RATE_LIMIT);
            fx.clock.advance(Duration.ofSeconds(60));
            assertThat(llm.complete(req("4")).provider()).isEqualTo("gemini");
        }
    }

    @Test
    void aRequestsPerMinuteLimitWaitsWhenTheWaitIsShortEnough() {
        Fixture fx = new Fixture().set("GEMINI_RPM", "2").set("Q2O_LLM_RATE_LIMIT_MAX_WAIT_MS", "60000");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        gemini.alwaysAnswer("g", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            for (int i = 0; i < 3; i++) {
                assertThat(llm.complete(req("" + i)).provider()).isEqualTo("gemini");
            }
        }
        assertThat(fx.scheduler.delays()).hasSize(1);
        assertThat(fx.scheduler.delays().get(0)).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(31));
    }

    @Test
    void aTokensPerMinuteLimitCountsEstimatedTokens() {
        Fixture fx = new Fixture().set("GEMINI_TPM", "50").set("Q2O_LLM_RATE_LIMIT_MAX_WAIT_MS", "0")
                .set("Q2O_LLM_FALLBACK", "none");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        gemini.alwaysAnswer("g", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(LlmRequest.builder().userPrompt("hi").maxTokens(100).build());
            assertThat(r.success()).isFalse();
            assertThat(r.error().kind()).isEqualTo(ErrorKind.RATE_LIMITED);
            assertThat(r.attempts().get(0).message()).contains("tokens-per-minute");
        }
        assertThat(gemini.calls()).isZero();
    }

    @Test
    void callsThatFailStillCountAgainstTheDailyLimitButCacheHitsDoNot() {
        Fixture fx = new Fixture().set("Q2O_LLM_DAILY_LIMIT", "3").set("Q2O_LLM_CACHE_ENABLED", "true");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        AtomicInteger n = new AtomicInteger();
        gemini.byDefault(r -> new io.q2o.llm.spi.ProviderResponse("a" + n.incrementAndGet(), r.model(),
                FinishReason.STOP, TokenCounts.of(1, 1)));
        try (LlmService llm = fx.build()) {
            llm.complete(req("same"));
            llm.complete(req("same"));
            llm.complete(req("same"));
            assertThat(llm.usageStats().dailyCalls()).isEqualTo(1);
            assertThat(llm.usageStats().cacheHits()).isEqualTo(2);
        }
    }

    @Test
    void aRestartedServiceDoesNotAlertAgainForADayAlreadyOverTheThreshold(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        List<CostAlert> alerts = new CopyOnWriteArrayList<>();
        for (int run = 0; run < 2; run++) {
            Fixture fx = new Fixture().set("Q2O_LLM_COST_ALERT", "0.0001").set("Q2O_LLM_USAGE_DIR", dir.toString());
            fx.alerts.add(LlmListener.onCostAlert(alerts::add));
            ScriptedProvider gemini = fx.provider("gemini", "gpt-4o-mini");
            gemini.alwaysAnswer("ok", TokenCounts.of(10, 100));
            try (LlmService llm = fx.build()) {
                for (int i = 0; i < 3; i++) {
                    assertThat(llm.complete(req("run " + run + " call " + i)).success()).isTrue();
                }
            }
        }
        assertThat(alerts).hasSize(1);
    }
}
