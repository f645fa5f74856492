package io.q2o.llm.spi;

import io.q2o.llm.ErrorKind;

import java.time.Duration;

/** HTTP 5xx: retryable. */
public class ServerErrorException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /**
     * @param provider   the provider name
     * @param statusCode the HTTP status, or -1 if none
     * @param retryAfter the delay from Retry-After, or {@code null}
     * @param message    a one-line message
     * @param cause      the SDK exception, or {@code null}
     */
    public ServerErrorException(String provider, int statusCode, Duration retryAfter, String message, Throwable cause) {
        super(ErrorKind.SERVER_ERROR, provider, statusCode, retryAfter, message, cause);
    }
}
