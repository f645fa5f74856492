package io.q2o.coder;

import io.q2o.coder.validation.ValidationReport;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one component: the strategy used, every attempt, the final validation, LLM
 * usage and cost, whether it fell back to the template, and the file written. Immutable.
 */
public final class ComponentResult {
    private final String name;
    private final String outputPath;
    private final boolean succeeded;
    private final Strategy strategy;
    private final CodeSource source;
    private final String fallbackReason;
    private final Path writtenFile;
    private final String code;
    private final ValidationReport validation;
    private final List<GenerationAttempt> attempts;
    private final ComponentUsage usage;
    private final String error;

    ComponentResult(String name, String outputPath, boolean succeeded, Strategy strategy, CodeSource source,
                    String fallbackReason, Path writtenFile, String code, ValidationReport validation,
                    List<GenerationAttempt> attempts, ComponentUsage usage, String error) {
        this.name = Objects.requireNonNull(name, "name");
        this.outputPath = Objects.requireNonNull(outputPath, "outputPath");
        this.succeeded = succeeded;
        this.strategy = strategy;
        this.source = source;
        this.fallbackReason = fallbackReason;
        this.writtenFile = writtenFile;
        this.code = code;
        this.validation = validation;
        this.attempts = List.copyOf(attempts);
        this.usage = Objects.requireNonNull(usage, "usage");
        this.error = error;
        if (succeeded == (error != null)) {
            throw new IllegalArgumentException("a component result has an error exactly when it failed");
        }
    }

    /** @return the component name */
    public String name() { return name; }

    /** @return the output path relative to the output root */
    public String outputPath() { return outputPath; }

    /** @return whether code was generated, validated and written */
    public boolean succeeded() { return succeeded; }

    /** @return the strategy chosen; empty when none could be (no template and LLM disabled) */
    public Optional<Strategy> strategy() { return Optional.ofNullable(strategy); }

    /** @return where the final code came from; empty if there is none */
    public Optional<CodeSource> source() { return Optional.ofNullable(source); }

    /** @return whether the LLM failed (call failed or output invalid) and the template's output was used instead */
    public boolean fellBackToTemplate() { return fallbackReason != null; }

    /** @return why the agent fell back to the template, if it did */
    public Optional<String> fallbackReason() { return Optional.ofNullable(fallbackReason); }

    /** @return the absolute path written, if the component succeeded */
    public Optional<Path> writtenFile() { return Optional.ofNullable(writtenFile); }

    /** @return the final code (also the last invalid attempt of a failed component), if any was produced */
    public Optional<String> code() { return Optional.ofNullable(code); }

    /** @return the validation of the final code, if any was produced */
    public Optional<ValidationReport> validation() { return Optional.ofNullable(validation); }

    /** @return every template rendering and LLM call, in order */
    public List<GenerationAttempt> attempts() { return attempts; }

    /** @return the number of LLM calls made */
    public int llmCalls() { return usage.llmCalls(); }

    /** @return the number of repair calls (validation findings sent back to the LLM) */
    public int repairAttempts() {
        return (int) attempts.stream().filter(a -> a.kind() == GenerationAttempt.Kind.LLM_REPAIR).count();
    }

    /** @return LLM tokens and cost of this component */
    public ComponentUsage usage() { return usage; }

    /** @return why the component failed, if it did (validation findings included) */
    public Optional<String> error() { return Optional.ofNullable(error); }

    /** @return a one-line summary */
    @Override
    public String toString() {
        return "ComponentResult{" + name + ", succeeded=" + succeeded + ", strategy=" + strategy + ", source=" + source
                + (fallbackReason != null ? ", fellBackToTemplate" : "") + ", attempts=" + attempts.size()
                + ", usage=" + usage + (error != null ? ", error=" + error.lines().findFirst().orElse("") : "") + "}";
    }
}
