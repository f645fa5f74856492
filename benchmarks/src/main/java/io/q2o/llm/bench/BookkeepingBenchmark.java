package io.q2o.llm.bench;

import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.RequestTags;
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

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Area 4, bookkeeping under contention: 64 threads share one service and each makes complete
 * {@code LlmService.complete} calls on an in-memory provider (no HTTP, no JSON), so the figure is
 * the library's own per-call work under contention — planning, the daily call counter, the
 * breaker and in-flight slot, pricing, statistics and events — through the public API only.
 * {@code wholeCallLibraryOnly} has no limits set; {@code wholeCallWithBudget} adds a daily call
 * limit and hard daily and monthly budgets (an upper-bound reservation and its commit per call);
 * {@code wholeCallTagged} adds per-agent tags (statistics by agent). Results are total calls per
 * second over all 64 threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(64)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BookkeepingBenchmark {

    private LlmService service;
    private LlmService budgeted;
    private LlmRequest request;

    /** Per-thread inputs: each thread is one of eight agents. */
    @State(Scope.Thread)
    public static class Agent {
        LlmRequest tagged;

        /** @param params the thread's index */
        @Setup(Level.Trial)
        public void setUp(ThreadParams params) {
            tagged = Clients.request().toBuilder().tags(RequestTags.agent("agent-" + params.getThreadIndex() % 8))
                    .build();
        }
    }

    /** Builds the in-memory services. */
    @Setup(Level.Trial)
    public void setUp() {
        service = service(Map.of());
        budgeted = service(Map.of("Q2O_LLM_DAILY_LIMIT", "1000000000000", "Q2O_LLM_DAILY_COST_LIMIT", "999999999",
                "Q2O_LLM_MONTHLY_BUDGET", "999999999"));
        request = Clients.request();
        Clients.ok(service.complete(request));
        Clients.ok(budgeted.complete(request));
    }

    private static LlmService service(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Clients.environment(InstantProvider.NAME, null, false));
        env.putAll(extra);
        return LlmService.builder().config(Clients.config(env)).discoverProviders(false)
                .provider(new InstantProvider(), List.of(Clients.OPENAI_MODEL)).build();
    }

    /** Stops the services. */
    @TearDown(Level.Trial)
    public void tearDown() {
        service.close();
        budgeted.close();
    }

    /** @return one complete call through the service on an in-memory provider */
    @Benchmark
    public LlmResponse wholeCallLibraryOnly() {
        return Clients.ok(service.complete(request));
    }

    /** @return one complete call with a daily call limit and hard daily and monthly budgets */
    @Benchmark
    public LlmResponse wholeCallWithBudget() {
        return Clients.ok(budgeted.complete(request));
    }

    /** @return one complete call tagged with the thread's agent */
    @Benchmark
    public LlmResponse wholeCallTagged(Agent agent) {
        return Clients.ok(service.complete(agent.tagged));
    }
}
