package io.q2o.llm.internal.attempt;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.q2o.llm.Attempt;
import io.q2o.llm.ErrorKind;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The provider's circuit breaker (Resilience4j): skips the candidate while the breaker is open,
 * lets one probe through when it is half open, and records each attempt's outcome. Only the
 * provider's own faults count against it (retryable failures, authentication, adapter bugs); a
 * bad request or a missing model does not.
 */
final class CircuitBreakerStep implements AttemptStep {
    private final Clock clock;

    CircuitBreakerStep(Clock clock) {
        this.clock = clock;
    }

    @Override
    public AttemptResult handle(AttemptContext attempt, Next next) {
        CircuitBreaker breaker = attempt.candidate().handle().breaker();
        if (!breaker.tryAcquirePermission()) {
            return new AttemptResult.Skipped(Attempt.Outcome.SKIPPED_CIRCUIT_OPEN,
                    "circuit open after repeated failures; skipped until the cooldown passes");
        }
        long start = clock.millis();
        AttemptResult result;
        try {
            result = next.proceed(attempt);
        } catch (RuntimeException | Error e) {
            breaker.releasePermission();
            throw e;
        }
        long took = Math.max(0, clock.millis() - start);
        if (result instanceof AttemptResult.Answered) {
            breaker.onSuccess(took, TimeUnit.MILLISECONDS);
        } else if (result instanceof AttemptResult.Failed f && providerFault(f.error().kind())) {
            attempt.candidate().handle().lastFailure(f.error().kind());
            breaker.onError(took, TimeUnit.MILLISECONDS, f.error());
        } else {
            breaker.releasePermission();
        }
        return result;
    }

    private static boolean providerFault(ErrorKind kind) {
        return kind.isRetryable() || kind == ErrorKind.AUTHENTICATION || kind == ErrorKind.INTERNAL;
    }
}
