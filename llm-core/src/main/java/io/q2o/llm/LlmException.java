package io.q2o.llm;

import java.util.Objects;

/**
 * Thrown by {@link LlmResponse#orThrow()} (and by the blocking helpers that prefer exceptions)
 * when a call failed. Carries the typed {@link LlmError} and the failed response.
 */
public class LlmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient LlmResponse response;

    /**
     * @param response the failed response; must carry an error
     */
    public LlmException(LlmResponse response) {
        super(Objects.requireNonNull(response.error(), "response has no error").toString());
        this.response = response;
    }

    /** @return the typed error */
    public LlmError error() {
        return response.error();
    }

    /** @return the error kind, shortcut for {@code error().kind()} */
    public ErrorKind kind() {
        return response.error().kind();
    }

    /** @return the failed response, with its attempts and any partial content */
    public LlmResponse response() {
        return response;
    }
}
