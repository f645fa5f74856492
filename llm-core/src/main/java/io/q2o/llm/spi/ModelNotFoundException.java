package io.q2o.llm.spi;

import io.q2o.llm.ErrorKind;

/** HTTP 404 for the model: the pipeline moves to the next model of the same provider. */
public class ModelNotFoundException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /**
     * @param provider   the provider name
     * @param statusCode the HTTP status, or -1 if none
     * @param message    a one-line message
     * @param cause      the SDK exception, or {@code null}
     */
    public ModelNotFoundException(String provider, int statusCode, String message, Throwable cause) {
        super(ErrorKind.MODEL_NOT_FOUND, provider, statusCode, null, message, cause);
    }
}
