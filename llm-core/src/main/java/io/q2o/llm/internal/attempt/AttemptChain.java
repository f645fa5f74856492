package io.q2o.llm.internal.attempt;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.internal.Redactor;
import io.q2o.llm.internal.Sleeper;
import io.q2o.llm.internal.TokenEstimator;

import java.time.Clock;
import java.util.List;

/**
 * The steps of ONE attempt on one (provider, model) candidate, in this order:
 *
 * <ol>
 *   <li>{@link DeadlineStep} — the call's deadline; gives the attempt its timeout;</li>
 *   <li>{@link CircuitBreakerStep} — skip a provider whose breaker is open, record the outcome;</li>
 *   <li>{@link RateLimitStep} — requests/tokens per minute: wait briefly or skip;</li>
 *   <li>{@link ConcurrencyStep} — hold one of the provider's in-flight slots;</li>
 *   <li>{@link InvokeStep} — exactly one adapter call on the calling thread.</li>
 * </ol>
 *
 * Retries and fallback are not here: the call chain's fallback loop runs this chain once per
 * attempt and decides what follows from the {@link AttemptResult}. Immutable and thread-safe: the
 * per-attempt state lives in {@link AttemptContext}.
 */
public final class AttemptChain {
    private final List<AttemptStep> steps;
    private final AttemptStep.Next[] nexts;

    /**
     * @param config        the configuration (timeouts, rate-limit wait, temperatures, debug)
     * @param clock         the service's clock
     * @param sleeper       waits of the rate limiter
     * @param estimator     token estimates for the tokens-per-minute limit
     * @param redactor      removes secrets from debug output
     * @param debugMaxChars the length at which debug-logged texts are cut
     */
    public AttemptChain(LlmConfig config, Clock clock, Sleeper sleeper, TokenEstimator estimator, Redactor redactor,
                        int debugMaxChars) {
        this.steps = List.of(
                new DeadlineStep(clock, config.requestTimeout(), config.timeout()),
                new CircuitBreakerStep(clock),
                new RateLimitStep(clock, sleeper, config.rateLimitMaxWait(), estimator),
                new ConcurrencyStep(),
                new InvokeStep(config, clock, redactor, debugMaxChars));
        this.nexts = new AttemptStep.Next[steps.size() + 1];
        for (int i = 0; i < steps.size(); i++) {
            AttemptStep step = steps.get(i);
            int after = i + 1;
            nexts[i] = a -> step.handle(a, nexts[after]);
        }
        nexts[steps.size()] = a -> {
            throw new IllegalStateException("the last attempt step must not call next");
        };
    }

    /**
     * @param attempt the attempt
     * @return how it ended
     */
    public AttemptResult run(AttemptContext attempt) {
        return nexts[0].proceed(attempt);
    }
}
