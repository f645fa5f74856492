package io.q2o.llm.testkit;

import io.q2o.llm.DelayScheduler;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link DelayScheduler} for tests: every delay completes at once and moves the
 * {@link TestClock} forward by its length, so backoff and timeouts are exercised without sleeping.
 * The delays asked for are recorded.
 *
 * <p>Because every delay elapses at once, the pipeline's per-attempt timeout also fires at once
 * for any provider call that has not completed by the time the pipeline checks it. Pair this
 * scheduler with providers that answer synchronously (such as {@link ScriptedProvider}) and a
 * direct executor ({@code LlmService.builder().executor(Runnable::run)}); a call that must hang
 * is scripted with {@link ScriptedProvider#hang}.
 */
public final class AutoAdvanceScheduler implements DelayScheduler {
    private final TestClock clock;
    private final List<Duration> delays = new CopyOnWriteArrayList<>();

    /** @param clock the clock to move */
    public AutoAdvanceScheduler(TestClock clock) {
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Void> delay(Duration delay) {
        delays.add(delay);
        clock.advance(delay);
        return CompletableFuture.completedFuture(null);
    }

    /** @return every delay asked for, in order */
    public List<Duration> delays() {
        return List.copyOf(delays);
    }
}
