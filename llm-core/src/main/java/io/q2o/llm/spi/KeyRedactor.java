package io.q2o.llm.spi;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Keeps one API key out of adapter error messages and exception causes. Immutable and
 * thread-safe.
 */
public final class KeyRedactor {
    private static final String MASK = "****";

    private final String secret;

    private KeyRedactor(String secret) {
        this.secret = secret;
    }

    /**
     * @param secret the raw key; {@code null} or empty masks nothing
     * @return a redactor for that key
     */
    public static KeyRedactor of(String secret) {
        return new KeyRedactor(secret == null || secret.isEmpty() ? null : secret);
    }

    /**
     * @param text any text, may be {@code null}
     * @return the text with every occurrence of the key replaced by {@code ****}
     */
    public String redact(String text) {
        return text == null || secret == null ? text : text.replace(secret, MASK);
    }

    /**
     * Returns {@code t} itself unless a message anywhere in its cause chain contains the key; then
     * a stand-in carrying the redacted message and {@code t}'s stack trace (the original chain is
     * dropped so that the key cannot be reached through it).
     *
     * @param t a throwable from an SDK, may be {@code null}
     * @return a throwable safe to attach as a cause
     */
    public Throwable safeCause(Throwable t) {
        if (t == null || secret == null || !chainMentionsKey(t)) {
            return t;
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : redact(t.getMessage());
        RedactedCause stand = new RedactedCause(t.getClass().getName() + ": " + message);
        stand.setStackTrace(t.getStackTrace());
        return stand;
    }

    private boolean chainMentionsKey(Throwable t) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains(secret)) {
                return true;
            }
        }
        return false;
    }

    /** @return {@code "KeyRedactor[****]"} */
    @Override
    public String toString() {
        return "KeyRedactor[" + (secret == null ? "none" : MASK) + "]";
    }

    /** Stands in for an SDK exception whose message held the key. */
    public static final class RedactedCause extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedactedCause(String message) {
            super(message, null, false, true);
        }
    }
}
