package io.q2o.llm.bench;

import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Area 3, concurrency: {@code inFlight} calls started at once with {@code LlmService.completeAsync}
 * (OpenAI adapter, cache off) against a stub that answers each one after a fixed 50 ms, then
 * awaited; one operation is one such wave. The secondary result {@code calls} is the achieved
 * calls per second, to compare with the ideal {@code inFlight / 0.05 s}. The peak number of live
 * threads in the JVM during the measured iterations (ThreadMXBean) is printed at the end of each
 * trial as a {@code [threads]} line, with the count before the service was built.
 *
 * <p>{@code okHttpMaxRequests=default} is the adapter as shipped; {@code 4096} raises its OkHttp
 * dispatcher's limit of calls in flight (see {@link UncappedOpenAiFactory}) to show where the
 * ceiling comes from and what lifting it costs in threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ConcurrencyBenchmark {

    /** The stub's answer delay. */
    public static final Duration DELAY = Duration.ofMillis(50);

    /** Calls in flight at once. */
    @Param({"64", "512", "2048"})
    public int inFlight;

    /** The OpenAI adapter's OkHttp dispatcher limit: as shipped, or raised to 4096. */
    @Param({"default", "4096"})
    public String okHttpMaxRequests;

    private StubServer stub;
    private LlmService service;
    private LlmRequest request;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private int threadsBefore;
    private int peakThreads;
    private long failures;

    /** Counts the calls of each iteration; JMH reports them per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Calls {
        /** Calls completed in this iteration. */
        public long calls;

        /** Zeroes the count. */
        @Setup(Level.Iteration)
        public void reset() {
            calls = 0;
        }
    }

    /** Starts the delayed stub and the service. */
    @Setup(Level.Trial)
    public void setUp() {
        threadsBefore = threads.getThreadCount();
        stub = new StubServer(DELAY);
        service = "default".equals(okHttpMaxRequests) ? Clients.q2o("openai", stub, false)
                : Clients.q2o(new UncappedOpenAiFactory(Integer.parseInt(okHttpMaxRequests)), stub);
        request = Clients.request();
        Clients.ok(service.complete(request));
    }

    /** Starts counting the peak of live threads afresh. */
    @Setup(Level.Iteration)
    public void resetPeak() {
        threads.resetPeakThreadCount();
    }

    /** Keeps the highest peak of the iterations. */
    @TearDown(Level.Iteration)
    public void readPeak() {
        peakThreads = Math.max(peakThreads, threads.getPeakThreadCount());
    }

    /** Prints the thread figures, stops everything and fails the trial if any call failed. */
    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.printf("%n[threads] inFlight=%d okHttpMaxRequests=%s: peak live threads %d (%d before the "
                + "stub and the service were started)%n", inFlight, okHttpMaxRequests, peakThreads, threadsBefore);
        service.close();
        stub.close();
        if (failures > 0) {
            throw new IllegalStateException(failures + " calls failed");
        }
    }

    /**
     * One wave: {@code inFlight} calls started at once, then all awaited.
     *
     * @param calls the call counter
     * @return the last response
     */
    @Benchmark
    public LlmResponse wave(Calls calls) {
        @SuppressWarnings("unchecked")
        CompletableFuture<LlmResponse>[] wave = new CompletableFuture[inFlight];
        for (int i = 0; i < inFlight; i++) {
            wave[i] = service.completeAsync(request);
        }
        LlmResponse last = null;
        for (CompletableFuture<LlmResponse> f : wave) {
            last = f.join();
            if (!last.success()) {
                failures++;
            }
        }
        calls.calls += inFlight;
        return last;
    }
}
