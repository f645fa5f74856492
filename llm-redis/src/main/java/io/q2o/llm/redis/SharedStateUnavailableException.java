package io.q2o.llm.redis;

/**
 * Redis could not be reached (or refused the command) within the timeout, so a limit that must
 * hold across processes — the daily call limit or a hard budget — cannot be checked and the call
 * is refused (fail closed). The message names Redis without credentials and says which limit
 * could not be checked.
 */
public class SharedStateUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The error code an {@code LlmError} should carry for this failure. */
    public static final String CODE = "store-unavailable";

    private final boolean refused;

    /**
     * @param message a one-line message without credentials
     * @param cause   the Redis client's exception (its message is scrubbed of credentials), or {@code null}
     */
    public SharedStateUnavailableException(String message, Throwable cause) {
        this(message, cause, false);
    }

    SharedStateUnavailableException(String message, Throwable cause, boolean refused) {
        super(message, cause);
        this.refused = refused;
    }

    /** @return whether Redis answered but refused the command (rather than being unreachable) */
    public boolean refused() {
        return refused;
    }
}
