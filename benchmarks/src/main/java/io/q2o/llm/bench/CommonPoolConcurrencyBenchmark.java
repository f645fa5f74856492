package io.q2o.llm.bench;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;

/**
 * {@link ConcurrencyBenchmark} again with {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=2},
 * for the reason given on {@link CommonPoolOverheadBenchmark}: without it, on a machine with
 * fewer than three CPUs, every async SDK call starts a thread of its own. Besides the adapter as
 * shipped ({@code okHttpMaxRequests=default}, OkHttp's 64 calls in flight), it raises the
 * adapter's OkHttp dispatcher limit to 4096 (see {@link UncappedOpenAiFactory}), to show where
 * the throughput ceiling comes from and what lifting it costs in threads.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2"})
public class CommonPoolConcurrencyBenchmark extends ConcurrencyBenchmark {

    /** The OpenAI adapter's OkHttp dispatcher limit: as shipped, or raised to 4096. */
    @Param({"default", "4096"})
    public String okHttpMaxRequests;

    @Override
    protected String okHttpMaxRequests() {
        return okHttpMaxRequests;
    }
}
