package io.q2o.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * One step the pipeline took for a call: a request to one provider/model, or a decision to skip it.
 *
 * @param provider the provider
 * @param model    the model
 * @param outcome  what happened
 * @param error    the error kind when the outcome is {@link Outcome#FAILED}, else {@code null}
 * @param message  a one-line explanation (empty on success)
 * @param duration how long the step took (zero for skips)
 */
public record Attempt(String provider, String model, Outcome outcome, ErrorKind error,
                      String message, Duration duration) {

    /** What happened in one attempt. */
    public enum Outcome {
        /** The provider answered. */
        SUCCESS,
        /** The provider was called and failed. */
        FAILED,
        /** Skipped without a network call because the provider's circuit breaker is open. */
        SKIPPED_CIRCUIT_OPEN,
        /** Skipped because the provider's rate limit would have required waiting too long. */
        SKIPPED_RATE_LIMIT,
        /** Skipped because the model's price is unknown while a hard budget is active. */
        SKIPPED_PRICE_UNKNOWN
    }

    /** Validates the components. */
    public Attempt {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(outcome, "outcome");
        message = message == null ? "" : message;
        Objects.requireNonNull(duration, "duration");
    }
}
