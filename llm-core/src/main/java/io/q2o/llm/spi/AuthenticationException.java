package io.q2o.llm.spi;

import io.q2o.llm.ErrorKind;

/** HTTP 401/403: the API key is missing, invalid or not allowed. Never retried; the pipeline moves to the next provider. */
public class AuthenticationException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /**
     * @param provider   the provider name
     * @param statusCode the HTTP status, or -1 if none
     * @param message    a one-line message
     * @param cause      the SDK exception, or {@code null}
     */
    public AuthenticationException(String provider, int statusCode, String message, Throwable cause) {
        super(ErrorKind.AUTHENTICATION, provider, statusCode, null, message, cause);
    }
}
