package io.q2o.llm;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A user turn: text and image parts in order.
 *
 * @param parts the parts, at least one; an immutable copy is kept
 */
public record UserMessage(List<ContentPart> parts) implements ChatMessage {
    /** Validates and copies the parts. */
    public UserMessage {
        Objects.requireNonNull(parts, "user message parts");
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) == null) {
                throw new IllegalArgumentException("user message part " + i + " is null");
            }
        }
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a user message needs at least one text or image part");
        }
    }

    /**
     * @param text the text, not blank
     * @return a user message with one text part
     */
    public static UserMessage of(String text) {
        return new UserMessage(List.of(new TextPart(text)));
    }

    @Override
    public Role role() {
        return Role.USER;
    }

    /** @return the text parts joined with a newline (images left out); empty if there are none */
    public String text() {
        if (parts.size() == 1) {
            return parts.get(0) instanceof TextPart t ? t.text() : "";
        }
        return parts.stream().filter(TextPart.class::isInstance).map(p -> ((TextPart) p).text())
                .collect(Collectors.joining("\n"));
    }

    /** @return the image parts, in order */
    public List<ImagePart> images() {
        return parts.stream().filter(ImagePart.class::isInstance).map(ImagePart.class::cast).toList();
    }

    /** @return a summary without the text */
    @Override
    public String toString() {
        return "UserMessage{parts=" + parts + "}";
    }
}
