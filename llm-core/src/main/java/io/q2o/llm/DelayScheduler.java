package io.q2o.llm;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Supplies the waits of a call: retry backoff and rate-limit waits. Injected so tests never sleep:
 * a test scheduler can complete every delay at once while advancing a test clock. The call waits
 * for the returned future on its own thread. By default {@link LlmService} uses none: the calling
 * thread sleeps for the delay.
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
