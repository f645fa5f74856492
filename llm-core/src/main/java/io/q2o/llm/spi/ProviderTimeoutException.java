package io.q2o.llm.spi;

import io.q2o.llm.ErrorKind;

/** The attempt timed out (client timeout or HTTP 408): retryable. */
public class ProviderTimeoutException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /**
     * @param provider   the provider name
     * @param statusCode the HTTP status, or -1 if none
     * @param message    a one-line message
     * @param cause      the SDK exception, or {@code null}
     */
    public ProviderTimeoutException(String provider, int statusCode, String message, Throwable cause) {
        super(ErrorKind.TIMEOUT, provider, statusCode, null, message, cause);
    }
}
