package io.q2o.coder.validation;

import io.q2o.coder.CodeComponent;
import io.q2o.coder.Language;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The validator for each language. {@link #defaults()} has {@link PythonValidator},
 * {@link JavaScriptValidator} (JavaScript, TypeScript, TSX), {@link JavaValidator},
 * {@link DataValidator} (JSON, YAML) and {@link PlainTextValidator} (everything else). Register
 * your own to replace one. Immutable and thread-safe.
 */
public final class CodeValidators {
    private final Map<Language, CodeValidator> byLanguage;

    private CodeValidators(Map<Language, CodeValidator> byLanguage) {
        this.byLanguage = new EnumMap<>(byLanguage);
    }

    /** @return the default validators, one for every {@link Language} */
    public static CodeValidators defaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param language a language
     * @return its validator
     */
    public CodeValidator forLanguage(Language language) {
        return byLanguage.get(Objects.requireNonNull(language, "language"));
    }

    /**
     * Validates code in a language.
     *
     * @param code             the code
     * @param language         its language
     * @param requiredElements required elements, possibly empty
     * @return the report
     */
    public ValidationReport validate(String code, Language language, List<String> requiredElements) {
        return forLanguage(language).validate(code, language, requiredElements);
    }

    /**
     * Validates code written for a component: its language (from the output path) and required elements.
     *
     * @param code      the code
     * @param component the component
     * @return the report
     */
    public ValidationReport validate(String code, CodeComponent component) {
        return validate(code, component.language(), component.requiredElements());
    }

    /** Builder for {@link CodeValidators}. Not thread-safe. */
    public static final class Builder {
        private final Map<Language, CodeValidator> byLanguage = new EnumMap<>(Language.class);

        private Builder() {
            register(new PlainTextValidator());
            register(new PythonValidator());
            register(new JavaScriptValidator());
            register(new JavaValidator());
            register(new DataValidator());
        }

        /**
         * Uses {@code validator} for all of its {@link CodeValidator#languages()}.
         *
         * @param validator the validator
         * @return this
         */
        public Builder register(CodeValidator validator) {
            Objects.requireNonNull(validator, "validator");
            for (Language l : validator.languages()) {
                byLanguage.put(l, validator);
            }
            return this;
        }

        /** @return the registry */
        public CodeValidators build() {
            return new CodeValidators(byLanguage);
        }
    }
}
