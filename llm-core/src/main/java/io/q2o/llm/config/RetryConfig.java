package io.q2o.llm.config;

import io.q2o.llm.internal.config.Settings;

import java.time.Duration;
import java.util.Objects;

/**
 * Retries of the same model. Immutable.
 *
 * @param maxRetries    {@code Q2O_LLM_MAX_RETRIES}: retries after the first attempt, 0–100, default 2
 * @param initialDelay  {@code Q2O_LLM_RETRY_INITIAL_MS}: first backoff (doubling, with jitter), 0–1 h, default 500 ms
 * @param maxDelay      {@code Q2O_LLM_RETRY_MAX_MS}: largest backoff, 0–1 h, default 20 s
 * @param retryAfterCap {@code Q2O_LLM_RETRY_AFTER_CAP_SECONDS}: longest Retry-After honoured (longer
 *                      moves on at once), 0–1 h, default 30 s
 */
public record RetryConfig(int maxRetries, Duration initialDelay, Duration maxDelay, Duration retryAfterCap) {
    /** Validates the bounds. */
    public RetryConfig {
        Settings.MAX_RETRIES.check(maxRetries);
        Settings.RETRY_INITIAL.check(Objects.requireNonNull(initialDelay, "initialDelay"));
        Settings.RETRY_MAX.check(Objects.requireNonNull(maxDelay, "maxDelay"));
        Settings.RETRY_AFTER_CAP.check(Objects.requireNonNull(retryAfterCap, "retryAfterCap"));
    }
}
