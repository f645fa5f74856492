package io.q2o.llm.redis;

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

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis killed and restarted (empty) while updates wait: the replay of the updates made during
 * the outage never runs on a caller's thread — with the replay held on a latch, calls complete,
 * and the limits they check already count what waits — and calls refused or failed before any
 * cost are not queued as usage.
 */
class ReplayAfterRestartTest {
    private static final String DAY = "day:2026-11-28";
    private static final String MONTH = "month:2026-11";
    private static final List<String> BOTH = List.of(DAY, MONTH);

    private RedisServer server;
    private RedisConnector redis;
    private final HeldExecutor replayer = new HeldExecutor();
    private final TestClock clock = TestClock.standard();

    /** Runs each task on its own thread once {@link #release} was called. */
    private static final class HeldExecutor implements Executor {
        private final CountDownLatch gate = new CountDownLatch(1);
        private final List<CompletableFuture<Void>> tasks = new ArrayList<>();

        @Override
        public synchronized void execute(Runnable task) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            tasks.add(done);
            Thread t = new Thread(() -> {
                try {
                    gate.await();
                    task.run();
                    done.complete(null);
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                }
            }, "held-replay");
            t.setDaemon(true);
            t.start();
        }

        synchronized int scheduled() {
            return tasks.size();
        }

        void release() {
            gate.countDown();
        }

        void awaitAll() throws Exception {
            List<CompletableFuture<Void>> copy;
            synchronized (this) {
                copy = List.copyOf(tasks);
            }
            CompletableFuture.allOf(copy.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = RedisServer.start();
        // retry at once after a failure: the test decides when Redis is back, not a wall-clock interval
        redis = RedisConnector.connect(RedisSettings.of(server.url(), Duration.ofMillis(500), "rp:")
                .withRetryInterval(Duration.ofNanos(1)));
    }

    @AfterEach
    void stop() throws Exception {
        replayer.release();
        if (redis != null) {
            redis.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Kills Redis, lets {@code during} run against the dead server, restarts it (empty) and waits until the connection is back. */
    private void outage(RedisCounterStore store, Runnable during) throws Exception {
        assertThat(store.tryCountCall(DAY, 0)).isTrue();
        server.kill();
        during.run();
        server.startProcess();
        await().atMost(Duration.ofSeconds(15)).until(() -> redis.connection().isOpen());
    }

    @Test
    void callsCompleteWhileTheReplayIsHeldAndLimitsAlreadyCountWhatWaits() throws Exception {
        RedisCounterStore store = new RedisCounterStore(redis, clock, replayer);
        int countedDuringOutage = 37 + (int) (clock.millis() % 11);
        outage(store, () -> {
            for (int i = 0; i < countedDuringOutage; i++) {
                assertThat(store.tryCountCall(DAY, 0)).as("no daily limit: fails open").isTrue();
            }
            store.commit(BOTH, BigDecimal.ZERO, new BigDecimal("0.41"));
            store.commit(BOTH, BigDecimal.ZERO, new BigDecimal("0.0003"));
            // refused or failed calls: nothing reserved, nothing spent
            for (int i = 0; i < 25; i++) {
                store.commit(BOTH, BigDecimal.ZERO, BigDecimal.ZERO);
            }
        });
        // the counts merged into one update, the two costs into another; the refused calls added nothing
        assertThat(store.pendingUpdates()).isEqualTo(2);
        assertThat(store.calls(DAY)).isEqualTo(countedDuringOutage);
        assertThat(store.cost(DAY)).isEqualByComparingTo("0.4103");

        // Redis is back and empty; the replay is scheduled but held: callers go on without it
        assertThat(store.tryCountCall(DAY, 0)).isTrue();
        assertThat(replayer.scheduled()).isEqualTo(1);
        // $0.4103 waits for Redis: $0.09 more does not fit a $0.50 budget, $0.08 does
        assertThat(store.tryReserve(BOTH, Arrays.asList(new BigDecimal("0.50"), null), new BigDecimal("0.09"))).isFalse();
        assertThat(store.tryReserve(BOTH, Arrays.asList(new BigDecimal("0.50"), null), new BigDecimal("0.08"))).isTrue();
        // the counts waiting count against a daily limit: Redis holds the one counted since the restart,
        // so with the ones waiting there is room for exactly one more
        long limit = countedDuringOutage + 2;
        assertThat(store.tryCountCall(DAY, limit)).isTrue();
        assertThat(store.tryCountCall(DAY, limit)).as("limit reached counting what waits").isFalse();
        assertThat(store.pendingUpdates()).as("nothing was replayed on the caller's thread").isEqualTo(2);

        replayer.release();
        replayer.awaitAll();
        assertThat(store.pendingUpdates()).isZero();
        try (Raw raw = new Raw(server)) {
            Map<String, String> day = raw.redis().hgetall("rp:usage:" + DAY);
            assertThat(Long.parseLong(day.get("calls"))).isEqualTo(countedDuringOutage + 2);
            assertThat(new BigDecimal(day.get("cost"))).isEqualByComparingTo("0.4103");
            assertThat(new BigDecimal(day.get("reserved"))).isEqualByComparingTo("0.08");
            assertThat(new BigDecimal(raw.redis().hget("rp:usage:" + MONTH, "cost"))).isEqualByComparingTo("0.4103");
        }
        assertThat(store.calls(DAY)).isEqualTo(countedDuringOutage + 2);
        assertThat(store.cost(MONTH)).isEqualByComparingTo("0.4103");
    }

    @Test
    void theFirstServiceCallAfterARestartDoesNotWaitForTheReplay() throws Exception {
        RedisCounterStore store = new RedisCounterStore(redis, clock, replayer);
        ScriptedProvider gemini = new ScriptedProvider("gemini").byDefault(r ->
                new ProviderResponse("answer to " + r.userPrompt(), r.model(), FinishReason.STOP, TokenCounts.of(5, 20)));
        LlmConfig config = LlmConfig.builder().isolated().environment(Map.of("Q2O_LLM_PRIMARY", "gemini",
                "Q2O_LLM_FALLBACK", "none", "Q2O_LLM_MAX_RETRIES", "0", "Q2O_LLM_DAILY_LIMIT", "0",
                "Q2O_LLM_CACHE_ENABLED", "false")).build();
        try (LlmService llm = LlmService.builder().config(config).clock(clock).counterStore(store)
                .provider(gemini, List.of("gemini-2.0-flash")).build()) {
            int during = 20 + (int) (clock.millis() % 7);
            outage(store, () -> {
                for (int i = 0; i < during; i++) {
                    assertThat(llm.complete(LlmRequest.builder().userPrompt("during " + i).build()).success()).isTrue();
                }
            });
            assertThat(store.pendingUpdates()).isPositive();

            LlmResponse first = llm.complete(LlmRequest.builder().userPrompt("first after the restart").build());
            assertThat(first.success()).as("%s", first.error()).isTrue();
            assertThat(replayer.scheduled()).isEqualTo(1);
            assertThat(store.pendingUpdates()).as("the call completed while the replay was held").isPositive();

            replayer.release();
            replayer.awaitAll();
            assertThat(store.pendingUpdates()).isZero();
            try (Raw raw = new Raw(server)) {
                assertThat(Long.parseLong(raw.redis().hget("rp:usage:" + DAY, "calls"))).isEqualTo(during + 1);
            }
        }
    }
}
