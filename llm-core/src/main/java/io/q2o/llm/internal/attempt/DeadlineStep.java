package io.q2o.llm.internal.attempt;

import io.q2o.llm.spi.ProviderTimeoutException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Ends the call when its overall deadline ({@code Q2O_LLM_TIMEOUT_SECONDS}, or the request's own)
 * has passed, and otherwise gives the attempt its timeout: the per-attempt timeout
 * ({@code Q2O_LLM_REQUEST_TIMEOUT_SECONDS}) or what is left of the deadline, whichever is shorter.
 * For a stream the attempt timeout bounds the time to the first event and every gap between events.
 */
final class DeadlineStep implements AttemptStep {
    private final Clock clock;
    private final Duration requestTimeout;
    private final Duration callTimeout;

    DeadlineStep(Clock clock, Duration requestTimeout, Duration callTimeout) {
        this.clock = clock;
        this.requestTimeout = requestTimeout;
        this.callTimeout = callTimeout;
    }

    @Override
    public AttemptResult handle(AttemptContext attempt, Next next) {
        Instant now = clock.instant();
        if (!now.isBefore(attempt.deadline())) {
            Duration total = attempt.request().timeout() != null ? attempt.request().timeout() : callTimeout;
            return new AttemptResult.Expired(new ProviderTimeoutException(attempt.candidate().provider(), -1,
                    "the call's deadline of " + total.toSeconds() + " s passed (Q2O_LLM_TIMEOUT_SECONDS)", null));
        }
        Duration remaining = Duration.between(now, attempt.deadline());
        attempt.timeout(requestTimeout.compareTo(remaining) < 0 ? requestTimeout : remaining);
        return next.proceed(attempt);
    }
}
