package io.q2o.coder;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A language the agent can generate and validate, with the file extensions that hold it.
 *
 * <p>The extension of a component's output path must belong to its language (no Python in a
 * {@code .tsx} file); see {@link #fromPath(String)} and {@link #accepts(Language)}. Languages
 * with {@link #hasParser()} are parsed into syntax trees by the validators; the others are only
 * scanned for hard-coded secrets.
 */
public enum Language {
    /** Python 3 ({@code .py}, {@code .pyi}); parsed with tree-sitter-python. */
    PYTHON("python", true, List.of("py", "pyi"), List.of("python", "py", "python3", "py3")),
    /** Java ({@code .java}); parsed with tree-sitter-java. */
    JAVA("java", true, List.of("java"), List.of("java")),
    /** JavaScript incl. JSX ({@code .js .mjs .cjs .jsx}); parsed with tree-sitter-javascript. */
    JAVASCRIPT("javascript", true, List.of("js", "mjs", "cjs", "jsx"),
            List.of("javascript", "js", "jsx", "node", "nodejs", "mjs", "cjs")),
    /** TypeScript ({@code .ts .mts .cts}); parsed with tree-sitter-typescript. */
    TYPESCRIPT("typescript", true, List.of("ts", "mts", "cts"), List.of("typescript", "ts")),
    /** TypeScript with JSX ({@code .tsx}); parsed with tree-sitter-tsx. */
    TSX("tsx", true, List.of("tsx"), List.of("tsx", "typescriptreact", "typescript-react")),
    /** JSON ({@code .json}); parsed with Jackson. */
    JSON("json", true, List.of("json"), List.of("json")),
    /** YAML ({@code .yaml .yml}); parsed with SnakeYAML through Jackson. */
    YAML("yaml", true, List.of("yaml", "yml"), List.of("yaml", "yml")),
    /** GraphQL SDL ({@code .graphql .gql}); not parsed, secrets only. */
    GRAPHQL("graphql", false, List.of("graphql", "gql"), List.of("graphql", "gql")),
    /** SQL ({@code .sql}); not parsed, secrets only. */
    SQL("sql", false, List.of("sql"), List.of("sql", "postgresql", "mysql", "sqlite")),
    /** HTML ({@code .html .htm}); not parsed, secrets only. */
    HTML("html", false, List.of("html", "htm"), List.of("html")),
    /** CSS ({@code .css}); not parsed, secrets only. */
    CSS("css", false, List.of("css"), List.of("css")),
    /** Markdown ({@code .md}); not parsed, secrets only. */
    MARKDOWN("markdown", false, List.of("md", "markdown"), List.of("markdown", "md")),
    /** Plain text: {@code .txt} and any file whose extension no other language claims. */
    TEXT("text", false, List.of("txt"), List.of("text", "txt", "plain", "plaintext"));

    private final String id;
    private final boolean parser;
    private final List<String> extensions;
    private final List<String> aliases;

    Language(String id, boolean parser, List<String> extensions, List<String> aliases) {
        this.id = id;
        this.parser = parser;
        this.extensions = extensions;
        this.aliases = aliases;
    }

    /** @return the lower-case name used in prompts and Markdown fences, e.g. {@code "python"} */
    public String id() {
        return id;
    }

    /** @return whether the validators parse this language (otherwise: secrets scan only) */
    public boolean hasParser() {
        return parser;
    }

    /** @return the file extensions without the dot; the first is the default */
    public List<String> extensions() {
        return extensions;
    }

    /** @return the names accepted by {@link #fromName} and as Markdown fence tags */
    public List<String> aliases() {
        return aliases;
    }

    /**
     * Whether a file of language {@code fileLanguage} may hold code declared as this language:
     * the same language, or TypeScript in a {@code .tsx} file, or JavaScript/TypeScript JSX.
     *
     * @param fileLanguage the language of the file extension
     * @return whether the pair is compatible
     */
    public boolean accepts(Language fileLanguage) {
        return this == fileLanguage || this == TYPESCRIPT && fileLanguage == TSX;
    }

    /**
     * @param name a language name or alias, case-insensitive, e.g. {@code "Python"}, {@code "ts"}
     * @return the language, if known
     */
    public static Optional<Language> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (Language l : values()) {
            if (l.id.equals(n) || l.aliases.contains(n)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /**
     * The language a file extension belongs to.
     *
     * @param path a file path or name, e.g. {@code "app/main.py"}
     * @return the language of its extension, or empty when the extension is missing or unknown
     */
    public static Optional<Language> fromPath(String path) {
        String ext = extension(path);
        if (ext.isEmpty()) {
            return Optional.empty();
        }
        for (Language l : values()) {
            if (l.extensions.contains(ext)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /**
     * @param path a file path or name
     * @return its extension, lower case, without the dot; empty if none
     */
    public static String extension(String path) {
        if (path == null) {
            return "";
        }
        String name = path.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot <= 0 || dot == name.length() - 1 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
