package io.q2o.coder.validation;

import io.q2o.coder.Language;

import java.util.List;
import java.util.Set;

/**
 * Validates source code of one or more languages: syntax, required elements, security and
 * quality measures. Implementations must be thread-safe and must not throw for bad code — every
 * problem is a {@link Finding}.
 */
public interface CodeValidator {

    /** @return the languages this validator handles */
    Set<Language> languages();

    /**
     * @param code             the source code
     * @param language         its language (one of {@link #languages()})
     * @param requiredElements elements the code must contain (see
     *                         {@link io.q2o.coder.CodeComponent#requiredElements()}); may be empty
     * @return the report
     * @throws IllegalArgumentException if the language is not handled by this validator
     */
    ValidationReport validate(String code, Language language, List<String> requiredElements);

    /**
     * @param code     the source code
     * @param language its language
     * @return the report, with no required elements
     */
    default ValidationReport validate(String code, Language language) {
        return validate(code, language, List.of());
    }

    /**
     * A cheaper check used to pick code out of chatty LLM answers.
     *
     * @param code     the source code
     * @param language its language
     * @return whether the code has no syntax error
     */
    default boolean syntaxValid(String code, Language language) {
        return validate(code, language).syntaxValid();
    }
}
