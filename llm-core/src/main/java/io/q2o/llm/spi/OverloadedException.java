package io.q2o.llm.spi;

import io.q2o.llm.ErrorKind;

import java.time.Duration;

/** The provider is overloaded (Anthropic 529): retryable. */
public class OverloadedException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /**
     * @param provider   the provider name
     * @param statusCode the HTTP status, or -1 if none
     * @param retryAfter the delay from Retry-After, or {@code null}
     * @param message    a one-line message
     * @param cause      the SDK exception, or {@code null}
     */
    public OverloadedException(String provider, int statusCode, Duration retryAfter, String message, Throwable cause) {
        super(ErrorKind.OVERLOADED, provider, statusCode, retryAfter, message, cause);
    }
}
