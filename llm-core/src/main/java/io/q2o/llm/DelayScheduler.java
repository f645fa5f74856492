package io.q2o.llm;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Supplies the waits of the pipeline: retry backoff, rate-limit waits and per-attempt timeouts.
 * Injected so tests never sleep: a test scheduler can complete every delay at once while
 * advancing a test clock. By default {@link LlmService} uses a single daemon scheduler thread
 * that it owns and shuts down on {@link LlmService#close()}.
 */
@FunctionalInterface
public interface DelayScheduler {
    /**
     * @param delay how long to wait, &ge; 0
     * @return a future completed once the delay has passed; never completed exceptionally except
     *         by cancellation
     */
    CompletableFuture<Void> delay(Duration delay);
}
