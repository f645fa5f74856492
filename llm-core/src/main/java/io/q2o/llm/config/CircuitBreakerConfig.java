package io.q2o.llm.config;

import io.q2o.llm.internal.config.Settings;

import java.time.Duration;
import java.util.Objects;

/**
 * Each provider's circuit breaker. Immutable.
 *
 * @param failureThreshold {@code Q2O_LLM_CIRCUIT_FAILURES}: consecutive failures that open the
 *                         circuit, 1–1000, default 5
 * @param cooldown         {@code Q2O_LLM_CIRCUIT_COOLDOWN_SECONDS}: how long an open circuit skips the
 *                         provider, 1 s – 24 h, default 30 s
 */
public record CircuitBreakerConfig(int failureThreshold, Duration cooldown) {
    /** Validates the bounds. */
    public CircuitBreakerConfig {
        Settings.CIRCUIT_FAILURES.check(failureThreshold);
        Settings.CIRCUIT_COOLDOWN.check(Objects.requireNonNull(cooldown, "cooldown"));
    }
}
