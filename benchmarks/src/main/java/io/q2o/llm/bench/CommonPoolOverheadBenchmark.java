package io.q2o.llm.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link OverheadBenchmark} again with {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=2}.
 *
 * <p>Why: the official SDKs' async clients (which the adapters use) run a step of every call with
 * {@code CompletableFuture.thenComposeAsync} on the default async executor. On a machine with
 * fewer than three CPUs the common pool has a parallelism of 1, and the JDK then falls back to a
 * new thread per task — one thread started and torn down per call. This variant shows the
 * library's cost once that fallback is out of the way (the JVM flag is the deploy-time fix).
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2"})
public class CommonPoolOverheadBenchmark extends OverheadBenchmark {
}
