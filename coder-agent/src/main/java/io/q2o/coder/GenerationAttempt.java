package io.q2o.coder;

import io.q2o.coder.validation.ValidationReport;
import io.q2o.llm.LlmUsage;

import java.util.Objects;
import java.util.Optional;

/**
 * One step taken for a component: a template rendering or an LLM call, with what came of it.
 *
 * @param kind       what was tried
 * @param error      why it produced no code (template error, LLM error), or {@code null}
 * @param validation the validation of the code it produced, or {@code null} if none was produced
 * @param usage      tokens and cost of an answered LLM call, or {@code null}
 * @param provider   the LLM provider that answered or failed last; empty for templates
 * @param model      the model that answered; empty otherwise
 */
public record GenerationAttempt(Kind kind, String error, ValidationReport validation, LlmUsage usage,
                                String provider, String model) {

    /** What an attempt did. */
    public enum Kind {
        /** Rendered the component's template. */
        TEMPLATE,
        /** Asked the LLM to write the code ({@code generateCode}). */
        LLM_GENERATE,
        /** Asked the LLM to enhance the rendered template (hybrid). */
        LLM_ENHANCE,
        /** Sent validation findings back to the LLM for a corrected version. */
        LLM_REPAIR
    }

    /** Validates the components. */
    public GenerationAttempt {
        Objects.requireNonNull(kind, "kind");
        provider = provider == null ? "" : provider;
        model = model == null ? "" : model;
    }

    /** @return whether the attempt produced code that passed validation */
    public boolean passed() {
        return validation != null && validation.passed();
    }

    /** @return whether this was an LLM call */
    public boolean isLlmCall() {
        return kind != Kind.TEMPLATE;
    }

    /** @return the validation, if code was produced */
    public Optional<ValidationReport> validationReport() {
        return Optional.ofNullable(validation);
    }
}
