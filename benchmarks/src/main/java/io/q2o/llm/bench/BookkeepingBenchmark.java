package io.q2o.llm.bench;

import io.q2o.llm.FinishReason;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.LlmUsage;
import io.q2o.llm.RequestTags;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.internal.InMemoryCounterStore;
import io.q2o.llm.internal.Periods;
import io.q2o.llm.internal.StatsRecorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Area 4, bookkeeping under contention: 64 threads share one service's bookkeeping and each does,
 * over and over, one of the steps every call goes through — recording usage statistics
 * ({@code StatsRecorder.record}), the daily call-limit check ({@code tryCountCall} on today's
 * key, key computation included, as the pipeline does it), the cost commit every finished call
 * makes ({@code commit} on the day and month keys), the hard-budget reservation plus commit
 * (only with a budget set) — and, for the whole picture, a complete {@code LlmService.complete}
 * on an in-memory provider. Results are total operations per second over all 64 threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(64)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BookkeepingBenchmark {

    private final StatsRecorder stats = new StatsRecorder();
    private final InMemoryCounterStore store = new InMemoryCounterStore();
    private final Periods periods = new Periods(Clock.systemUTC(), ZoneOffset.UTC);
    private final BigDecimal cost = new BigDecimal("0.0000996");
    private final List<BigDecimal> budgets = java.util.Arrays.asList(new BigDecimal("1000000"), null);
    private LlmResponse response;
    private LlmService service;
    private LlmRequest request;

    /** Per-thread inputs: each thread is one of eight agents. */
    @State(Scope.Thread)
    public static class Agent {
        RequestTags tags;

        /** @param params the thread's index */
        @Setup(Level.Trial)
        public void setUp(ThreadParams params) {
            tags = RequestTags.agent("agent-" + params.getThreadIndex() % 8);
        }
    }

    /** Builds the response to record and the in-memory service. */
    @Setup(Level.Trial)
    public void setUp() {
        LlmUsage usage = new LlmUsage("openai", Clients.OPENAI_MODEL, TokenCounts.of(412, 64),
                Optional.of(new BigDecimal("0.0000618")), Optional.of(new BigDecimal("0.0000384")), Instant.now(),
                Duration.ofMillis(420), false, false);
        response = LlmResponse.success(StubServer.ANSWER, usage, FinishReason.STOP, List.of(), false, false);
        service = LlmService.builder()
                .config(Clients.config(Clients.environment(InstantProvider.NAME, null, false)))
                .discoverProviders(false)
                .provider(new InstantProvider(), List.of(Clients.OPENAI_MODEL))
                .build();
        request = Clients.request();
        Clients.ok(service.complete(request));
    }

    /** Stops the service. */
    @TearDown(Level.Trial)
    public void tearDown() {
        service.close();
    }

    /** Records one finished call in the usage statistics (total, by provider, model and agent). */
    @Benchmark
    public void recordUsage(Agent agent) {
        stats.record(response, agent.tags);
    }

    /** @return whether today's call counter (limit on) admitted one more call */
    @Benchmark
    public boolean dailyLimitCheck() {
        return store.tryCountCall(periods.dayKey(), Long.MAX_VALUE);
    }

    /** @return the committed costs after adding one call's cost to the day and the month */
    @Benchmark
    public List<BigDecimal> costCommit() {
        return store.commit(List.of(periods.dayKey(), periods.monthKey()), BigDecimal.ZERO, cost);
    }

    /** @return the committed costs after a budget reservation and its commit */
    @Benchmark
    public List<BigDecimal> budgetReserveAndCommit() {
        List<String> keys = List.of(periods.dayKey(), periods.monthKey());
        if (!store.tryReserve(keys, budgets, cost)) {
            throw new IllegalStateException("budget reservation refused");
        }
        return store.commit(keys, cost, cost);
    }

    /** @return one complete call through the service on an in-memory provider */
    @Benchmark
    public LlmResponse wholeCallLibraryOnly() {
        return Clients.ok(service.complete(request));
    }
}
