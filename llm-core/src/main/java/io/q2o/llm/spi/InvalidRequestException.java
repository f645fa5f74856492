package io.q2o.llm.spi;

import io.q2o.llm.ErrorKind;

/** Any other HTTP 400/422: the request is wrong; the pipeline fails fast with this message by default. */
public class InvalidRequestException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /**
     * @param provider   the provider name
     * @param statusCode the HTTP status, or -1 if none
     * @param message    a one-line message
     * @param cause      the SDK exception, or {@code null}
     */
    public InvalidRequestException(String provider, int statusCode, String message, Throwable cause) {
        super(ErrorKind.INVALID_REQUEST, provider, statusCode, null, message, cause);
    }
}
