package io.q2o.llm.spi;

import io.q2o.llm.ErrorKind;

/** The provider answered with a body that could not be parsed (garbled JSON, empty reply, broken stream event): retryable. */
public class MalformedResponseException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /**
     * @param provider   the provider name
     * @param statusCode the HTTP status, or -1 if none
     * @param message    a one-line message
     * @param cause      the SDK exception, or {@code null}
     */
    public MalformedResponseException(String provider, int statusCode, String message, Throwable cause) {
        super(ErrorKind.MALFORMED_RESPONSE, provider, statusCode, null, message, cause);
    }
}
