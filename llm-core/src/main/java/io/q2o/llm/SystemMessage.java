package io.q2o.llm;

import java.util.Objects;

/**
 * Instructions for the model. System messages come before every other message of a
 * conversation; several are joined with a blank line for providers that take a single one.
 *
 * @param text the instructions, not blank
 */
public record SystemMessage(String text) implements ChatMessage {
    /** Validates the text. */
    public SystemMessage {
        Objects.requireNonNull(text, "system message text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("system message text must not be blank");
        }
    }

    @Override
    public Role role() {
        return Role.SYSTEM;
    }

    /** @return a summary without the text */
    @Override
    public String toString() {
        return "SystemMessage{chars=" + text.length() + "}";
    }
}
