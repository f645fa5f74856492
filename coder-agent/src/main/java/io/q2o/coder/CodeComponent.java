package io.q2o.coder;

import io.q2o.coder.write.OutputRoot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One file a task asks for. Immutable and thread-safe; build it with {@link #builder()}.
 *
 * <p>Defaults: no template, description empty (the name is used in prompts), complexity
 * {@link Complexity#MEDIUM}, not novel technology, no required elements, no template variables,
 * language taken from the output path's extension.
 */
public final class CodeComponent {
    private final String name;
    private final String outputPath;
    private final String templateName;
    private final String description;
    private final Language language;
    private final Complexity complexity;
    private final boolean novelTechnology;
    private final List<String> requiredElements;
    private final Map<String, Object> templateVariables;

    private CodeComponent(Builder b, String outputPath, Language language) {
        this.name = b.name.strip();
        this.outputPath = outputPath;
        this.templateName = b.templateName == null || b.templateName.isBlank() ? null : b.templateName.strip();
        this.description = b.description == null ? "" : b.description.strip();
        this.language = language;
        this.complexity = b.complexity;
        this.novelTechnology = b.novelTechnology;
        this.requiredElements = List.copyOf(b.requiredElements);
        this.templateVariables = Collections.unmodifiableMap(new LinkedHashMap<>(b.templateVariables));
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder pre-filled with this component's values */
    public Builder toBuilder() {
        Builder b = new Builder().name(name).outputPath(outputPath).templateName(templateName)
                .description(description).language(language).complexity(complexity)
                .novelTechnology(novelTechnology).requiredElements(requiredElements);
        b.templateVariables.putAll(templateVariables);
        return b;
    }

    /** @return the component name, unique within its task */
    public String name() { return name; }

    /** @return the output path relative to the agent's output root, normalised to {@code /} separators */
    public String outputPath() { return outputPath; }

    /** @return the template name, if the component has one */
    public Optional<String> templateName() { return Optional.ofNullable(templateName); }

    /** @return what the code must do; may be empty */
    public String description() { return description; }

    /** @return the language (agrees with the output path's extension) */
    public Language language() { return language; }

    /** @return the complexity; default {@link Complexity#MEDIUM} */
    public Complexity complexity() { return complexity; }

    /** @return whether the component uses technology templates do not know (forces hybrid when a template exists) */
    public boolean novelTechnology() { return novelTechnology; }

    /**
     * Elements the code must contain, checked on the syntax tree: {@code "class User"},
     * {@code "def handler"}, {@code "Base ="}, {@code "import stripe"}, a name such as
     * {@code "stripe_webhook"}, a dotted name such as {@code "stripe.Webhook.construct_event"},
     * or a quoted string literal such as {@code "\"payment_intent.succeeded\""}; anything else is
     * searched as text outside comments (see the module README).
     *
     * @return the required elements, possibly empty
     */
    public List<String> requiredElements() { return requiredElements; }

    /** @return extra variables for the template (e.g. {@code fields} of a model), possibly empty */
    public Map<String, Object> templateVariables() { return templateVariables; }

    /** @return a one-line summary */
    @Override
    public String toString() {
        return "CodeComponent{name=" + name + ", outputPath=" + outputPath + ", template=" + templateName
                + ", language=" + language + ", complexity=" + complexity + ", novel=" + novelTechnology + "}";
    }

    /** Builder for {@link CodeComponent}; validates on {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private String name;
        private String outputPath;
        private String templateName;
        private String description;
        private Language language;
        private Complexity complexity = Complexity.MEDIUM;
        private boolean novelTechnology;
        private List<String> requiredElements = List.of();
        private final Map<String, Object> templateVariables = new LinkedHashMap<>();

        private Builder() {
        }

        /** @param name the component name; required, not blank @return this */
        public Builder name(String name) { this.name = name; return this; }

        /** @param outputPath the file to write, relative to the output root; required @return this */
        public Builder outputPath(String outputPath) { this.outputPath = outputPath; return this; }

        /** @param templateName a template name (with or without {@code .j2}); {@code null} for none @return this */
        public Builder templateName(String templateName) { this.templateName = templateName; return this; }

        /** @param description what the code must do @return this */
        public Builder description(String description) { this.description = description; return this; }

        /** @param language the language; default from the output path's extension @return this */
        public Builder language(Language language) { this.language = language; return this; }

        /**
         * @param language a language name such as {@code "python"} or {@code "ts"}
         * @return this
         * @throws IllegalArgumentException for an unknown name
         */
        public Builder language(String language) {
            this.language = Language.fromName(language).orElseThrow(() ->
                    new IllegalArgumentException("unknown language '" + language + "'"));
            return this;
        }

        /** @param complexity the complexity; default MEDIUM @return this */
        public Builder complexity(Complexity complexity) { this.complexity = Objects.requireNonNull(complexity, "complexity"); return this; }

        /** @param novelTechnology whether it uses novel technology; default false @return this */
        public Builder novelTechnology(boolean novelTechnology) { this.novelTechnology = novelTechnology; return this; }

        /** @param requiredElements elements the code must contain (see {@link CodeComponent#requiredElements()}) @return this */
        public Builder requiredElements(List<String> requiredElements) {
            this.requiredElements = new ArrayList<>(Objects.requireNonNull(requiredElements, "requiredElements"));
            return this;
        }

        /** @param requiredElements elements the code must contain @return this */
        public Builder requiredElements(String... requiredElements) {
            return requiredElements(List.of(requiredElements));
        }

        /** @param name a template variable @param value its value (maps, lists, strings, numbers, booleans) @return this */
        public Builder templateVariable(String name, Object value) {
            templateVariables.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /** @param variables template variables to add @return this */
        public Builder templateVariables(Map<String, ?> variables) {
            templateVariables.putAll(Objects.requireNonNull(variables, "variables"));
            return this;
        }

        /**
         * @return the component
         * @throws IllegalArgumentException naming the field if a value is invalid: blank name,
         *         unsafe output path ({@link io.q2o.coder.write.UnsafePathException}), an extension
         *         that does not belong to the language, an unknown extension without a language
         */
        public CodeComponent build() {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("component name must not be null or blank");
            }
            String path = OutputRoot.checkRelative(outputPath);
            Optional<Language> byExtension = Language.fromPath(path);
            Language effective;
            if (language == null) {
                effective = byExtension.orElseThrow(() -> new IllegalArgumentException("component '" + name
                        + "': cannot tell the language of '" + path + "' from its extension; set language"));
            } else if (byExtension.isPresent()) {
                if (!language.accepts(byExtension.get())) {
                    throw new IllegalArgumentException("component '" + name + "': the extension of '" + path
                            + "' is for " + byExtension.get().id() + " but the language is " + language.id()
                            + "; use ." + language.extensions().get(0));
                }
                effective = byExtension.get();
            } else if (language == Language.TEXT) {
                effective = Language.TEXT;
            } else {
                throw new IllegalArgumentException("component '" + name + "': '" + path
                        + "' has no extension of " + language.id() + "; use ." + language.extensions().get(0));
            }
            for (String e : requiredElements) {
                if (e == null || e.isBlank()) {
                    throw new IllegalArgumentException("component '" + name + "': required elements must not be null or blank");
                }
            }
            return new CodeComponent(this, path, effective);
        }
    }
}
