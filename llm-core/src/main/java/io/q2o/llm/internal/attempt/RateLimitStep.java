package io.q2o.llm.internal.attempt;

import io.q2o.llm.Attempt;
import io.q2o.llm.internal.ProviderHandle;
import io.q2o.llm.internal.RequestText;
import io.q2o.llm.internal.Sleeper;
import io.q2o.llm.internal.TokenEstimator;
import io.q2o.llm.spi.ProviderTimeoutException;

import java.time.Clock;
import java.time.Duration;

/**
 * The provider's requests- and tokens-per-minute limits ({@code <PROVIDER>_RPM_LIMIT},
 * {@code <PROVIDER>_TPM_LIMIT}; Bucket4j buckets, local or shared). Takes one request and the
 * call's estimated tokens; when the buckets are empty, waits on the calling thread if the wait is
 * within {@code Q2O_LLM_RATE_LIMIT_MAX_WAIT_SECONDS} and the deadline, otherwise skips the
 * candidate. Unused tokens are given back after an answer.
 */
final class RateLimitStep implements AttemptStep {
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration maxWait;
    private final TokenEstimator estimator;

    RateLimitStep(Clock clock, Sleeper sleeper, Duration maxWait, TokenEstimator estimator) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.maxWait = maxWait;
        this.estimator = estimator;
    }

    @Override
    public AttemptResult handle(AttemptContext attempt, Next next) {
        ProviderHandle handle = attempt.candidate().handle();
        if (!handle.rateLimited()) {
            return next.proceed(attempt);
        }
        long tokens = estimator.paddedEstimate(RequestText.forEstimate(attempt.request())) + attempt.maxTokens();
        while (true) {
            long wait = handle.tryAcquire(tokens);
            if (wait == 0) {
                break;
            }
            Duration w = wait < 0 ? null : Duration.ofNanos(wait);
            if (w == null || w.compareTo(maxWait) > 0 || clock.instant().plus(w).isAfter(attempt.deadline())) {
                return new AttemptResult.Skipped(Attempt.Outcome.SKIPPED_RATE_LIMIT, w == null
                        ? "request is larger than the tokens-per-minute limit"
                        : "rate limit needs a wait of " + w.toMillis() + " ms");
            }
            try {
                sleeper.sleep(w);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new AttemptResult.Expired(new ProviderTimeoutException(handle.name(), -1,
                        "interrupted while waiting for the rate limit", e));
            }
        }
        AttemptResult result = next.proceed(attempt);
        if (result instanceof AttemptResult.Answered a) {
            handle.refundTokens(tokens - a.response().tokens().totalTokens());
        }
        return result;
    }
}
