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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Area 2, cache hits: {@code LlmService.complete} answered from the in-memory response cache, for
 * a user prompt of 1 KB, 8 KB and 64 KB (ASCII, so bytes = characters). The first call in the
 * set-up loads the answer from the stub; every measured call is a hit. {@code hit} is the latency
 * of one hit from one thread; {@code hitsPerSecond2Threads} is the rate of hits from two threads
 * asking for the same key. The in-memory key compares the prompt in full; no digest is computed
 * on a hit.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CacheBenchmark {

    /** The user prompt's size in bytes. */
    @Param({"1024", "8192", "65536"})
    public int promptBytes;

    private StubServer stub;
    private LlmService service;
    private LlmRequest request;

    /** Starts the stub and the service, and puts the answer in the cache. */
    @Setup(Level.Trial)
    public void setUp() {
        stub = StubServer.instant();
        service = Clients.q2o("openai", stub, true);
        request = LlmRequest.builder().systemPrompt(Clients.SYSTEM).userPrompt(prompt(promptBytes))
                .temperature(Clients.TEMPERATURE).maxTokens(Clients.MAX_TOKENS).build();
        LlmResponse first = Clients.ok(service.complete(request));
        if (first.cacheHit()) {
            throw new IllegalStateException("the first call cannot be a hit");
        }
        if (!Clients.ok(service.complete(request)).cacheHit()) {
            throw new IllegalStateException("the second call was not a cache hit");
        }
    }

    /**
     * @param bytes the size
     * @return a prose-like ASCII prompt of exactly {@code bytes} characters
     */
    static String prompt(int bytes) {
        String sentence = "Review the following order lines and report every line whose discount exceeds the policy. ";
        StringBuilder sb = new StringBuilder(bytes);
        int n = 0;
        while (sb.length() < bytes) {
            sb.append("Line ").append(n++).append(": ").append(sentence);
        }
        sb.setLength(bytes);
        return sb.toString();
    }

    /** Checks that nothing but the set-up reached the stub, then stops everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        long upstream = stub.requests();
        service.close();
        stub.close();
        if (upstream != 1) {
            throw new IllegalStateException("expected exactly one upstream call, saw " + upstream);
        }
    }

    /** @return a cached answer, one thread */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public LlmResponse hit() {
        return hitChecked();
    }

    /** @return a cached answer, two threads */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(2)
    public LlmResponse hitsPerSecond2Threads() {
        return hitChecked();
    }

    private LlmResponse hitChecked() {
        LlmResponse r = service.complete(request);
        if (!r.cacheHit()) {
            throw new IllegalStateException("not a cache hit: " + r);
        }
        return r;
    }
}
