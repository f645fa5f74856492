package io.q2o.llm;

import java.util.Objects;

/**
 * A typed error carried by a failed {@link LlmResponse}.
 *
 * @param kind     the provider-neutral classification
 * @param code     a short machine-readable reason within the kind, e.g. {@code "daily-limit"};
 *                 never {@code null}, may be empty
 * @param message  a one-line human-readable explanation; never contains a secret
 * @param provider the provider the error came from, or {@code null} when it arose before any
 *                 provider was called
 */
public record LlmError(ErrorKind kind, String code, String message, String provider) {
    /** Validates the components. */
    public LlmError {
        Objects.requireNonNull(kind, "kind");
        code = code == null ? "" : code;
        Objects.requireNonNull(message, "message");
    }

    /** @return a one-line description: {@code KIND[code] (provider): message} */
    @Override
    public String toString() {
        return kind + (code.isEmpty() ? "" : "[" + code + "]")
                + (provider == null ? "" : " (" + provider + ")") + ": " + message;
    }
}
