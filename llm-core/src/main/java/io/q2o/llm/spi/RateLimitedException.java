package io.q2o.llm.spi;

import io.q2o.llm.ErrorKind;

import java.time.Duration;

/** HTTP 429 (or a provider quota error): retryable after {@link #retryAfter()} if given, else after a backoff. */
public class RateLimitedException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /**
     * @param provider   the provider name
     * @param statusCode the HTTP status, or -1 if none
     * @param retryAfter the delay from Retry-After / retry-after-ms, or {@code null}
     * @param message    a one-line message
     * @param cause      the SDK exception, or {@code null}
     */
    public RateLimitedException(String provider, int statusCode, Duration retryAfter, String message, Throwable cause) {
        super(ErrorKind.RATE_LIMITED, provider, statusCode, retryAfter, message, cause);
    }
}
