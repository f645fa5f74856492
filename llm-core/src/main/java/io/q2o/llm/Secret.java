package io.q2o.llm;

import java.util.Objects;

/**
 * A secret value such as an API key. Its {@link #toString()} never reveals the value, so a
 * {@code Secret} can travel through logs, exception messages and {@code toString()} output of
 * other objects without leaking. Call {@link #reveal()} only where the raw value is handed to an
 * SDK client.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wraps a raw secret value.
     *
     * @param value the secret; must not be {@code null} or blank
     * @return the wrapped secret
     * @throws IllegalArgumentException if the value is blank
     */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("secret value is blank");
        }
        return new Secret(value.strip());
    }

    /** @return the raw secret value; never log it */
    public String reveal() {
        return value;
    }

    /** @return {@code "Secret[****]"}, never the value */
    @Override
    public String toString() {
        return "Secret[****]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret && ((Secret) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
