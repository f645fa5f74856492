package io.q2o.llm.spi;

import io.q2o.llm.ErrorKind;

/** The connection could not be made or was reset: retryable. */
public class ProviderConnectionException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /**
     * @param provider   the provider name
     * @param statusCode the HTTP status, or -1 if none
     * @param message    a one-line message
     * @param cause      the SDK exception, or {@code null}
     */
    public ProviderConnectionException(String provider, int statusCode, String message, Throwable cause) {
        super(ErrorKind.CONNECTION, provider, statusCode, null, message, cause);
    }
}
