package io.q2o.agents;

import io.q2o.coder.Language;

import java.util.List;
import java.util.Objects;

/**
 * A generated source file handed to the TestingAgent or the QAAgent.
 *
 * @param path         the file's path relative to the output root, e.g. {@code app/webhook.py}
 * @param language     its language
 * @param code         its content
 * @param requirements what the code must do (the QA checks each one)
 * @param critical     whether it touches payments, authentication or secrets
 * @param writerProvider the provider that wrote it (the QA reviews with another), or {@code ""} for a template
 * @param writerModel  the model that wrote it, or {@code ""}
 */
public record CodeArtifact(String path, Language language, String code, List<String> requirements, boolean critical,
                           String writerProvider, String writerModel) {
    /** Validates and copies the components. */
    public CodeArtifact {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("code artifact path must not be null or blank");
        }
        Objects.requireNonNull(language, "language of " + path);
        Objects.requireNonNull(code, "code of " + path);
        requirements = requirements == null ? List.of() : List.copyOf(requirements);
        writerProvider = writerProvider == null ? "" : writerProvider;
        writerModel = writerModel == null ? "" : writerModel;
    }

    /**
     * @param path     the path
     * @param code     the content
     * @return an artifact whose language comes from the path, with no requirements and no writer
     * @throws IllegalArgumentException if the path has no known language
     */
    public static CodeArtifact of(String path, String code) {
        Language lang = Language.fromPath(path).orElseThrow(() ->
                new IllegalArgumentException("no language for file '" + path + "'"));
        return new CodeArtifact(path, lang, code, List.of(), false, "", "");
    }

    /** @return the path, language, size and flags, without the code */
    @Override
    public String toString() {
        return "CodeArtifact{path=" + path + ", language=" + language.id() + ", chars=" + code.length() + ", critical="
                + critical + ", writer=" + writerProvider + "/" + writerModel + "}";
    }
}
