package io.q2o.llm.bench;

import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Area 3, concurrency: {@code inFlight} calls kept in flight at all times with
 * {@code LlmService.completeAsync} (OpenAI adapter, cache off) against a stub that answers each
 * one after a fixed 50 ms. Every completed call immediately starts the next one (a closed loop),
 * and one benchmark operation is taking one completed call, so the score is the achieved calls per
 * second, to compare with the ideal {@code inFlight / 0.05 s}. The peak number of live threads in
 * the JVM during the measured iterations (ThreadMXBean) is printed at the end of each trial as a
 * {@code [threads]} line, with the count before the stub and the service were started.
 *
 * <p>This class measures the adapter as shipped, in a JVM with default flags;
 * {@link CommonPoolConcurrencyBenchmark} adds the what-ifs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ConcurrencyBenchmark {

    /** The stub's answer delay. */
    public static final Duration DELAY = Duration.ofMillis(50);

    /** Calls in flight at once. */
    @Param({"64", "512", "2048"})
    public int inFlight;

    private StubServer stub;
    private LlmService service;
    private LlmRequest request;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final LinkedBlockingQueue<Object> completed = new LinkedBlockingQueue<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running;
    private final java.util.Set<String> errors = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private int threadsBefore;
    private int peakThreads;
    private int maxWaiting;

    /**
     * @return the OpenAI adapter's OkHttp dispatcher limit of calls in flight: {@code "default"}
     *         (64, as shipped) or a number
     */
    protected String okHttpMaxRequests() {
        return "default";
    }

    /**
     * Prepares the client of {@link #callOnce()} if it is not the service.
     *
     * @param stub the started stub
     */
    protected void setUpClient(StubServer stub) {
    }

    /** Stops the client of {@link #callOnce()} if it is not the service. */
    protected void tearDownClient() {
    }

    /** Starts the delayed stub and the service. */
    @Setup(Level.Trial)
    public void setUp() {
        threadsBefore = threads.getThreadCount();
        stub = new StubServer(DELAY);
        String okHttpMaxRequests = okHttpMaxRequests();
        service = "default".equals(okHttpMaxRequests) ? Clients.q2o("openai", stub, false)
                : Clients.q2o(new UncappedOpenAiFactory(Integer.parseInt(okHttpMaxRequests)), stub);
        request = Clients.request();
        Clients.ok(service.complete(request));
        setUpClient(stub);
        start();
    }

    /**
     * Starts the closed loop: {@code inFlight} calls, each replaced by a new one when it completes.
     * It runs for the whole trial, so the ramp-up falls in the warm-up iterations and no iteration
     * starts with a backlog of completions.
     */
    private void start() {
        running = true;
        for (int i = 0; i < inFlight; i++) {
            launch();
        }
    }

    /**
     * Starts one call.
     *
     * @return its outcome: {@code null} on success, else what went wrong
     */
    protected CompletableFuture<String> callOnce() {
        return service.completeAsync(request).thenApply(r -> r.success() ? null : String.valueOf(r.error()));
    }

    private void launch() {
        outstanding.incrementAndGet();
        callOnce().whenComplete((r, e) -> {
            outstanding.decrementAndGet();
            if (e != null || r != null) {
                // a failed call ends the loop (and the trial): failures can complete at once, and
                // relaunching them would spin instead of measuring
                failures.incrementAndGet();
                String why = e != null ? e.toString() : r;
                if (errors.size() < 5) {
                    errors.add(why.length() > 300 ? why.substring(0, 300) : why);
                }
                running = false;
            }
            completed.add(e != null ? e : r != null ? r : Boolean.TRUE);
            if (running) {
                launch();
            }
        });
    }

    /** Starts counting the peaks afresh. */
    @Setup(Level.Iteration)
    public void resetPeaks() {
        threads.resetPeakThreadCount();
        stub.resetMaxWaiting();
    }

    /** Keeps the highest peaks of the iterations. */
    @TearDown(Level.Iteration)
    public void readPeaks() {
        peakThreads = Math.max(peakThreads, threads.getPeakThreadCount());
        maxWaiting = Math.max(maxWaiting, stub.maxWaiting());
    }

    /** Stops starting calls and waits for the outstanding ones. */
    private void stop() throws InterruptedException {
        running = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (outstanding.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        completed.clear();
        if (outstanding.get() > 0) {
            throw new IllegalStateException(outstanding.get() + " calls still outstanding after 60 s");
        }
    }

    /** Prints the thread figures, stops everything and fails the trial if any call failed. */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        stop();
        System.out.printf("%n[threads] %s inFlight=%d okHttpMaxRequests=%s: peak live threads %d (%d before the "
                + "stub and the service were started); at most %d requests waited at the stub at once%n",
                getClass().getSimpleName().replaceAll("_jmhType.*", ""), inFlight, okHttpMaxRequests(), peakThreads,
                threadsBefore, maxWaiting);
        tearDownClient();
        service.close();
        stub.close();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " calls failed: " + errors);
        }
    }

    /**
     * Takes one completed call of the closed loop.
     *
     * @return {@code true}
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    public Object call() throws InterruptedException {
        Object r = completed.poll(60, TimeUnit.SECONDS);
        if (r != Boolean.TRUE) {
            throw new IllegalStateException("the closed loop stopped after a failed call: " + errors);
        }
        return r;
    }
}
