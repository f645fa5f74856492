package io.q2o.llm;

import java.util.Objects;

/**
 * Text in a {@link UserMessage}.
 *
 * @param text the text, not empty
 */
public record TextPart(String text) implements ContentPart {
    /** Validates the text. */
    public TextPart {
        Objects.requireNonNull(text, "text part");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a text part must not be empty");
        }
    }

    /** @return a summary without the text */
    @Override
    public String toString() {
        return "TextPart{chars=" + text.length() + "}";
    }
}
