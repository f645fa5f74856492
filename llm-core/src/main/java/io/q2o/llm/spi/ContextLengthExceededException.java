package io.q2o.llm.spi;

import io.q2o.llm.ErrorKind;

/** HTTP 400 because the prompt exceeds the model context window: the pipeline moves to a larger-context model, else the next provider. */
public class ContextLengthExceededException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /**
     * @param provider   the provider name
     * @param statusCode the HTTP status, or -1 if none
     * @param message    a one-line message
     * @param cause      the SDK exception, or {@code null}
     */
    public ContextLengthExceededException(String provider, int statusCode, String message, Throwable cause) {
        super(ErrorKind.CONTEXT_LENGTH_EXCEEDED, provider, statusCode, null, message, cause);
    }
}
