package io.q2o.llm.config;

import io.q2o.llm.internal.config.Settings;

import java.time.Duration;
import java.util.Objects;

/**
 * Time limits. Immutable.
 *
 * @param overall    {@code Q2O_LLM_TIMEOUT_SECONDS}: deadline of one call (all retries and
 *                   fallbacks), 1 s – 24 h, default 120 s
 * @param perAttempt {@code Q2O_LLM_REQUEST_TIMEOUT_SECONDS}: limit of one HTTP attempt, 1 s – 24 h, default 60 s
 */
public record TimeoutConfig(Duration overall, Duration perAttempt) {
    /** Validates the bounds. */
    public TimeoutConfig {
        Settings.TIMEOUT.check(Objects.requireNonNull(overall, "overall"));
        Settings.REQUEST_TIMEOUT.check(Objects.requireNonNull(perAttempt, "perAttempt"));
    }
}
