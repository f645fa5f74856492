package io.q2o.llm.config;

import io.q2o.llm.internal.config.Settings;

import java.time.Duration;
import java.util.Objects;

/**
 * Client-side rate limiting. The per-provider rates are in {@link ProviderSettings}. Immutable.
 *
 * @param maxWait {@code Q2O_LLM_RATE_LIMIT_MAX_WAIT_MS}: longest wait for a rate-limit token
 *                before moving on, 0–1 h, default 5000 ms
 */
public record RateLimitConfig(Duration maxWait) {
    /** Validates the bounds. */
    public RateLimitConfig {
        Settings.RATE_LIMIT_MAX_WAIT.check(Objects.requireNonNull(maxWait, "maxWait"));
    }
}
