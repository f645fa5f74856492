package io.q2o.llm.bench;

import com.openai.models.chat.completions.ChatCompletion;
import io.q2o.llm.LlmResponse;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The asynchronous rows of {@link OverheadBenchmark} again, with
 * {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=2}.
 *
 * <p>Why: the official OpenAI SDK's async client (which the OpenAI adapter uses) runs a step of
 * every call with {@code CompletableFuture.thenComposeAsync} on the default async executor. On a
 * machine with fewer than three CPUs the common pool has a parallelism of 1, and the JDK then
 * falls back to a new thread per task — one thread started and torn down per call. This variant
 * shows the cost once that fallback is out of the way (the JVM flag is the deploy-time fix).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 15, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2"})
public class CommonPoolOverheadBenchmark {

    private final OverheadBenchmark clients = new OverheadBenchmark();

    /** Starts the stub and the clients, and checks that each one gets the answer. */
    @Setup(Level.Trial)
    public void setUp() {
        clients.setUp();
    }

    /** Stops everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        clients.tearDown();
    }

    /** @return the answer through {@code LlmService.complete}, OpenAI adapter, cache off */
    @Benchmark
    public LlmResponse openAiQ2o() {
        return clients.openAiQ2o();
    }

    /** @return the answer through the official OpenAI SDK's async client, awaited */
    @Benchmark
    public ChatCompletion openAiRawSdkAsync() {
        return clients.openAiRawSdkAsync();
    }

    /** @return the answer through {@code LlmService.complete}, Anthropic adapter, cache off */
    @Benchmark
    public LlmResponse anthropicQ2o() {
        return clients.anthropicQ2o();
    }
}
