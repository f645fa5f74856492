package io.q2o.llm.internal;

import io.q2o.llm.DelayScheduler;

import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * Waits of the synchronous call chain (retry backoff, rate-limit waits) on the calling thread.
 * Built over the service's {@link DelayScheduler} so that tests can inject one that moves a test
 * clock instead of sleeping; the service's own scheduler sleeps the thread directly (no hand-off).
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * @param delay how long to wait, &ge; 0
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(Duration delay) throws InterruptedException;

    /** @return a sleeper that blocks the calling thread with {@link Thread#sleep} */
    static Sleeper threadSleep() {
        return d -> {
            if (!d.isNegative() && !d.isZero()) {
                Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000L));
            }
        };
    }

    /**
     * @param scheduler a scheduler whose delay futures complete when the wait is over
     * @return a sleeper that waits for {@code scheduler}'s delay
     */
    static Sleeper of(DelayScheduler scheduler) {
        return d -> {
            try {
                scheduler.delay(d).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the delay scheduler failed: " + e.getCause(), e.getCause());
            }
        };
    }
}
