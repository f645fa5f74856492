package io.q2o.llm.internal;

import io.q2o.llm.DelayScheduler;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A {@link DelayScheduler} on one daemon thread; cancelling a returned future cancels its timer. */
public final class DefaultScheduler implements DelayScheduler, AutoCloseable {
    private final ScheduledExecutorService executor;

    /** Starts the scheduler thread. */
    public DefaultScheduler() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "q2o-llm-scheduler");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        this.executor = e;
    }

    @Override
    public CompletableFuture<Void> delay(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        ScheduledFuture<?> timer = executor.schedule(() -> f.complete(null), delay.toNanos(), TimeUnit.NANOSECONDS);
        f.whenComplete((v, e) -> {
            if (f.isCancelled()) {
                timer.cancel(false);
            }
        });
        return f;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
