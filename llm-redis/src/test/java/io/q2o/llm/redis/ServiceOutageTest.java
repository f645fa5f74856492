package io.q2o.llm.redis;

import io.q2o.llm.ErrorKind;
import io.q2o.llm.FinishReason;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.testkit.ScriptedProvider;
import io.q2o.llm.testkit.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stopped in the middle of a run, through {@code LlmService}: the daily limit and the
 * budgets fail closed with {@code store-unavailable}, the cache fails open, rate limits fall back
 * to per-process buckets, no call waits past the timeout, and everything recovers when Redis is back.
 */
class ServiceOutageTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** Generous: the machine running the tests may be busy; a hang would take the call's 120 s deadline. */
    private static final Duration BOUND = TIMEOUT.multipliedBy(2).plusSeconds(2);

    private RedisServer server;
    private final TestClock clock = TestClock.standard();

    @BeforeEach
    void start() throws Exception {
        server = RedisServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private LlmService service(ScriptedProvider gemini, String... settings) {
        Map<String, String> env = new HashMap<>(Map.of("Q2O_LLM_PRIMARY", "gemini", "Q2O_LLM_FALLBACK", "none",
                "Q2O_LLM_MAX_RETRIES", "0", "Q2O_LLM_REDIS_URL", server.url(),
                "Q2O_LLM_REDIS_TIMEOUT_MS", Long.toString(TIMEOUT.toMillis()), "Q2O_LLM_REDIS_PREFIX", "svc:"));
        for (String s : settings) {
            String[] kv = s.split("=", 2);
            env.put(kv[0], kv[1]);
        }
        LlmConfig config = LlmConfig.builder().isolated().environment(env).build();
        return LlmService.builder().config(config).clock(clock).provider(gemini, List.of("gemini-2.0-flash")).build();
    }

    private static ScriptedProvider gemini() {
        return new ScriptedProvider("gemini").byDefault(r ->
                new ProviderResponse("answer to " + r.userPrompt(), r.model(), FinishReason.STOP, TokenCounts.of(5, 20)));
    }

    private record Timed(long startNanos, long nanos, LlmResponse response) {
    }

    @Test
    void limitsAndBudgetsFailClosedWithinTheTimeoutWhenRedisStopsMidRun() throws Exception {
        ScriptedProvider gemini = gemini();
        try (LlmService llm = service(gemini, "Q2O_LLM_DAILY_LIMIT=100000", "Q2O_LLM_DAILY_COST_LIMIT=1000",
                "GEMINI_RPM=100000")) {
            ConcurrentLinkedQueue<Timed> results = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger successes = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        long t0 = System.nanoTime();
                        LlmResponse r = llm.complete(LlmRequest.builder().userPrompt("t" + thread + " call " + i).build());
                        results.add(new Timed(t0, System.nanoTime() - t0, r));
                        if (r.success()) {
                            successes.incrementAndGet();
                        }
                    }
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (successes.get() < 200 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(successes.get()).as("calls succeed while Redis is up").isGreaterThanOrEqualTo(200);
            server.kill();
            long killed = System.nanoTime();
            int reachedAtKill = gemini.calls();
            // keep calling for a while with Redis gone
            while (results.stream().filter(x -> x.startNanos() > killed).count() < 400
                    && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(30)) {
                Thread.sleep(5);
            }
            stop.set(true);
            for (Future<?> w : workers) {
                w.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();

            List<Timed> after = results.stream().filter(x -> x.startNanos() > killed).toList();
            assertThat(after).hasSizeGreaterThanOrEqualTo(400);
            assertThat(results).allSatisfy(x -> assertThat(Duration.ofNanos(x.nanos())).isLessThan(BOUND));
            assertThat(after).allSatisfy(x -> {
                assertThat(x.response().success()).isFalse();
                // the budget is checked before the daily limit (so a refused call is never counted): it fails closed first
                assertThat(x.response().error().kind()).isEqualTo(ErrorKind.BUDGET_EXCEEDED);
                assertThat(x.response().error().code()).isEqualTo(SharedStateUnavailableException.CODE);
                assertThat(x.response().error().message()).contains("Q2O_LLM_DAILY_COST_LIMIT", server.url(), "unreachable");
            });
            // at most the calls already past their checks (one per thread) reached the provider after the kill
            assertThat(gemini.calls()).isLessThanOrEqualTo(reachedAtKill + 4);

            // Redis back (empty: no persistence in the test): calls go through again within a few seconds
            server.startProcess();
            LlmResponse r = null;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            for (int i = 0; System.nanoTime() < until; i++) {
                r = llm.complete(LlmRequest.builder().userPrompt("after restart " + i).build());
                if (r.success()) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(r).isNotNull();
            assertThat(r.success()).as("recovered: %s", r.error()).isTrue();
        }
    }

    @Test
    void budgetFailsClosedWhenRedisIsDownEvenWithoutADailyLimit() throws Exception {
        ScriptedProvider gemini = gemini();
        try (LlmService llm = service(gemini, "Q2O_LLM_DAILY_LIMIT=0", "Q2O_LLM_MONTHLY_BUDGET=50")) {
            assertThat(llm.complete(LlmRequest.builder().userPrompt("before").build()).success()).isTrue();
            server.kill();
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                LlmResponse r = llm.complete(LlmRequest.builder().userPrompt("during " + i).build());
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(BOUND);
                assertThat(r.success()).isFalse();
                assertThat(r.error().kind()).isEqualTo(ErrorKind.BUDGET_EXCEEDED);
                assertThat(r.error().code()).isEqualTo("store-unavailable");
                assertThat(r.error().message()).contains("Q2O_LLM_MONTHLY_BUDGET", server.url());
            }
            assertThat(gemini.calls()).isEqualTo(1);
        }
    }

    @Test
    void withoutLimitsCallsGoOnWithACacheMissAndPerProcessRateLimitsThenCountsAreReplayed() throws Exception {
        ScriptedProvider gemini = gemini();
        try (LlmService llm = service(gemini, "Q2O_LLM_DAILY_LIMIT=0", "GEMINI_RPM=5", "Q2O_LLM_RATE_LIMIT_MAX_WAIT_MS=0");
             Raw raw = new Raw(server)) {
            assertThat(llm.complete(LlmRequest.builder().userPrompt("warm").build()).success()).isTrue();
            assertThat(raw.redis().keys("svc:cache:*")).hasSize(1);
            server.kill();
            long t0 = System.nanoTime();
            // the Redis cache misses, the in-memory tier still answers what this process has seen
            LlmResponse first = llm.complete(LlmRequest.builder().userPrompt("during").build());
            LlmResponse again = llm.complete(LlmRequest.builder().userPrompt("during").build());
            assertThat(first.success()).isTrue();
            assertThat(again.cacheHit()).isTrue();
            // the rate limit falls back to a local bucket of the same size: 5 per minute in this process
            int ok = 1;
            int limited = 0;
            for (int i = 0; i < 10; i++) {
                LlmResponse r = llm.complete(LlmRequest.builder().userPrompt("more " + i).build());
                if (r.success()) {
                    ok++;
                } else {
                    assertThat(r.error().code()).isEqualTo("rate-limiter");
                    limited++;
                }
            }
            assertThat(ok).isEqualTo(5);
            assertThat(limited).isEqualTo(6);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(BOUND.multipliedBy(3));
            assertThat(llm.usageStats().dailyCalls()).isEqualTo(12);
            int reached = gemini.calls();

            // Redis back, empty: the next call replays the 11 calls counted during the outage
            server.startProcess();
            LlmResponse r = null;
            int attempts = 0;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < until) {
                attempts++;
                r = llm.complete(LlmRequest.builder().userPrompt("back " + attempts).build());
                if (r.success()) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(r.success()).as("recovered: %s", r.error()).isTrue();
            assertThat(gemini.calls()).isEqualTo(reached + 1);
            // the 11 calls counted during the outage are replayed in the background (no caller waits for
            // it), and the calls after the restart are counted
            long expected = 11 + attempts;
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                    Long.parseLong(raw.redis().hget("svc:usage:day:2026-11-28", "calls"))).isEqualTo(expected));
            assertThat(llm.usageStats().dailyCalls()).isEqualTo(expected);
        }
    }
}
