package io.q2o.agents.research;

import java.util.Objects;

/**
 * One document a {@link ResearchSource} supplies: findings cite it by {@link #id()}.
 *
 * @param id    the id findings cite, unique within a research run, e.g. {@code "stripe-webhooks.md"}
 * @param title a human title (the id when none)
 * @param text  the content (Markdown or plain text)
 */
public record SourceDocument(String id, String title, String text) {
    /** Validates the components. */
    public SourceDocument {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("source document id must not be null or blank");
        }
        id = id.strip();
        title = title == null || title.isBlank() ? id : title.strip();
        Objects.requireNonNull(text, "text of source document " + id);
    }

    /** @return the id, title and length, without the text */
    @Override
    public String toString() {
        return "SourceDocument{id=" + id + ", title=" + title + ", chars=" + text.length() + "}";
    }
}
