package io.q2o.llm.internal.attempt;

import io.q2o.llm.internal.ProviderHandle;
import io.q2o.llm.spi.ProviderTimeoutException;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The provider's in-flight limit ({@code <PROVIDER>_MAX_CONCURRENT_REQUESTS}): an attempt holds
 * one of the provider's slots while it runs. When every slot stays busy for the attempt's whole
 * timeout, the attempt fails as a timeout (and the fallback loop moves on). This is the one cap on
 * concurrent calls: the adapters' HTTP clients are not capped below it.
 */
final class ConcurrencyStep implements AttemptStep {

    @Override
    public AttemptResult handle(AttemptContext attempt, Next next) {
        ProviderHandle handle = attempt.candidate().handle();
        Semaphore slots = handle.slots();
        if (!slots.tryAcquire()) {
            try {
                if (!slots.tryAcquire(attempt.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                    return new AttemptResult.Failed(new ProviderTimeoutException(handle.name(), -1, "all "
                            + handle.maxConcurrent() + " request slots of " + handle.name() + " stayed busy for "
                            + attempt.timeout().toMillis() + " ms (" + handle.concurrencyVariable() + ")", null), null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new AttemptResult.Expired(new ProviderTimeoutException(handle.name(), -1,
                        "interrupted while waiting for a request slot", e));
            }
        }
        try {
            return next.proceed(attempt);
        } finally {
            slots.release();
        }
    }
}
