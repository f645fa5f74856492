package io.q2o.agents.research;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits documents into chunks of at most a number of tokens (cl100k_base, counted with jtokkit —
 * close to every provider's count for English prose and code). Paragraphs (blank-line separated)
 * stay together while they fit; a longer paragraph is split at line ends, and a longer line at a
 * token boundary. Immutable and thread-safe.
 */
public final class Chunker {
    private static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    /**
     * One piece of a document.
     *
     * @param sourceId the document's id (what a finding cites)
     * @param index    0-based position within the document
     * @param text     the text
     * @param tokens   its token count
     */
    public record Chunk(String sourceId, int index, String text, int tokens) {
        /** @return {@code sourceId#index} */
        public String label() {
            return sourceId + "#" + index;
        }
    }

    private final int maxTokens;

    /**
     * @param maxTokens the largest chunk, at least 16
     * @throws IllegalArgumentException if {@code maxTokens} is below 16
     */
    public Chunker(int maxTokens) {
        if (maxTokens < 16) {
            throw new IllegalArgumentException("chunk size must be at least 16 tokens, was " + maxTokens);
        }
        this.maxTokens = maxTokens;
    }

    /** @return the largest chunk in tokens */
    public int maxTokens() {
        return maxTokens;
    }

    /**
     * @param text any text
     * @return its token count
     */
    public static int tokens(String text) {
        return text.isEmpty() ? 0 : ENCODING.countTokens(text);
    }

    /**
     * @param doc a document
     * @return its chunks in order (none for a blank document)
     */
    public List<Chunk> chunk(SourceDocument doc) {
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String paragraph : doc.text().split("\\n\\s*\\n")) {
            if (paragraph.isBlank()) {
                continue;
            }
            for (String part : fit(paragraph.strip())) {
                String joined = current.length() == 0 ? part : current + "\n\n" + part;
                if (tokens(joined) <= maxTokens) {
                    current.setLength(0);
                    current.append(joined);
                } else {
                    pieces.add(current.toString());
                    current.setLength(0);
                    current.append(part);
                }
            }
        }
        if (current.length() > 0) {
            pieces.add(current.toString());
        }
        List<Chunk> chunks = new ArrayList<>(pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            chunks.add(new Chunk(doc.id(), i, pieces.get(i), tokens(pieces.get(i))));
        }
        return chunks;
    }

    /** A paragraph as parts of at most maxTokens each. */
    private List<String> fit(String paragraph) {
        if (tokens(paragraph) <= maxTokens) {
            return List.of(paragraph);
        }
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : paragraph.split("\\n")) {
            for (String piece : splitLine(line)) {
                String joined = current.length() == 0 ? piece : current + "\n" + piece;
                if (tokens(joined) <= maxTokens) {
                    current.setLength(0);
                    current.append(joined);
                } else {
                    if (current.length() > 0) {
                        parts.add(current.toString());
                    }
                    current.setLength(0);
                    current.append(piece);
                }
            }
        }
        if (current.length() > 0) {
            parts.add(current.toString());
        }
        return parts;
    }

    private List<String> splitLine(String line) {
        if (tokens(line) <= maxTokens) {
            return List.of(line);
        }
        List<String> out = new ArrayList<>();
        var ids = ENCODING.encode(line);
        for (int start = 0; start < ids.size(); start += maxTokens) {
            var part = new com.knuddels.jtokkit.api.IntArrayList(maxTokens);
            for (int i = start; i < Math.min(ids.size(), start + maxTokens); i++) {
                part.add(ids.get(i));
            }
            out.add(ENCODING.decode(part));
        }
        return out;
    }

    @Override
    public String toString() {
        return "Chunker{maxTokens=" + maxTokens + "}";
    }
}
