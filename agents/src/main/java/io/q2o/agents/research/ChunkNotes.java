package io.q2o.agents.research;

import java.util.List;

/**
 * The model's notes on one chunk of a long source (the summarising step that keeps research within
 * its token budget).
 *
 * @param notes the facts of the chunk that matter for the question, one per entry
 */
public record ChunkNotes(List<String> notes) {
    /** Copies the list. */
    public ChunkNotes {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
