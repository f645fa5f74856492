package io.q2o.agents.research;

import java.util.List;

/**
 * Where a {@link ResearcherAgent} gets its material: documents or snippets the caller supplies.
 * No web search backend is needed; {@link FolderSource} reads a folder of Markdown/text files.
 * Implementations should be thread-safe (one source may serve several research runs at once).
 */
@FunctionalInterface
public interface ResearchSource {

    /**
     * @return the documents, in a stable order; ids must be unique
     * @throws java.io.UncheckedIOException if the documents cannot be read
     */
    List<SourceDocument> documents();

    /**
     * @param documents fixed documents (snippets)
     * @return a source serving exactly them
     */
    static ResearchSource of(SourceDocument... documents) {
        List<SourceDocument> copy = List.of(documents);
        return () -> copy;
    }
}
