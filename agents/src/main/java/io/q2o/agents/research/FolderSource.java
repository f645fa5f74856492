package io.q2o.agents.research;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The bundled {@link ResearchSource}: every {@code .md}, {@code .markdown} and {@code .txt} file
 * under a folder (recursively, in path order), read as UTF-8. A document's id is its path relative
 * to the folder with {@code /} separators; its title is the first Markdown heading, else the id.
 * Files are read on every {@link #documents()} call, so edits are seen. Thread-safe.
 */
public final class FolderSource implements ResearchSource {
    private final Path folder;

    /**
     * @param folder the folder
     * @throws IllegalArgumentException naming the folder if it is not a directory
     */
    public FolderSource(Path folder) {
        Objects.requireNonNull(folder, "folder");
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("research source folder " + folder + " is not a directory");
        }
        this.folder = folder;
    }

    /** @return the folder */
    public Path folder() {
        return folder;
    }

    @Override
    public List<SourceDocument> documents() {
        List<SourceDocument> docs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.filter(Files::isRegularFile).filter(FolderSource::isText).sorted().toList()) {
                String text = Files.readString(p, StandardCharsets.UTF_8);
                String id = folder.relativize(p).toString().replace('\\', '/');
                docs.add(new SourceDocument(id, heading(text), text));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read research source folder " + folder + ": " + e.getMessage(), e);
        }
        return docs;
    }

    private static boolean isText(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".md") || n.endsWith(".markdown") || n.endsWith(".txt");
    }

    private static String heading(String text) {
        return text.lines().map(String::strip).filter(l -> l.startsWith("#"))
                .map(l -> l.replaceFirst("^#+\\s*", "")).filter(l -> !l.isEmpty()).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return "FolderSource{" + folder + "}";
    }
}
