package io.q2o.coder.validation;

import io.q2o.coder.Language;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a {@link CodeValidator} found in one piece of code. Immutable.
 *
 * <p>{@link #passed()} is false when any finding has severity {@link Severity#ERROR}: a syntax
 * error, a missing required element or a security problem. Quality findings are never errors.
 */
public final class ValidationReport {
    private static final Comparator<Finding> ORDER = Comparator.comparingInt(Finding::line)
            .thenComparingInt(Finding::column).thenComparing(Finding::ruleId);

    private final Language language;
    private final List<Finding> findings;
    private final QualityScore quality;

    /**
     * @param language the language validated as
     * @param findings the findings, in any order (they are sorted by position)
     * @param quality  the quality score
     */
    public ValidationReport(Language language, List<Finding> findings, QualityScore quality) {
        this.language = Objects.requireNonNull(language, "language");
        this.findings = findings.stream().sorted(ORDER).collect(Collectors.toUnmodifiableList());
        this.quality = Objects.requireNonNull(quality, "quality");
    }

    /** @return the language the code was validated as */
    public Language language() { return language; }

    /** @return all findings, sorted by line and column */
    public List<Finding> findings() { return findings; }

    /** @return the quality score and its breakdown */
    public QualityScore quality() { return quality; }

    /** @return whether no finding is an {@link Severity#ERROR} */
    public boolean passed() {
        return findings.stream().noneMatch(f -> f.severity() == Severity.ERROR);
    }

    /** @return the findings with severity ERROR */
    public List<Finding> errors() {
        return findings.stream().filter(f -> f.severity() == Severity.ERROR).collect(Collectors.toUnmodifiableList());
    }

    /**
     * @param category a category
     * @return the findings of that category
     */
    public List<Finding> findings(Category category) {
        return findings.stream().filter(f -> f.category() == category).collect(Collectors.toUnmodifiableList());
    }

    /** @return whether the code parsed (no SYNTAX error) */
    public boolean syntaxValid() {
        return findings.stream().noneMatch(f -> f.category() == Category.SYNTAX && f.severity() == Severity.ERROR);
    }

    /** @return whether no SECURITY error was found */
    public boolean securityPassed() {
        return findings.stream().noneMatch(f -> f.category() == Category.SECURITY && f.severity() == Severity.ERROR);
    }

    /**
     * @param ruleId a rule id
     * @return whether a finding has that rule id
     */
    public boolean has(String ruleId) {
        return findings.stream().anyMatch(f -> f.ruleId().equals(ruleId));
    }

    /** @return the findings one per line as {@code - line L, column C: [rule] message}; used in repair prompts */
    public String describeErrors() {
        return errors().stream()
                .map(f -> "- " + (f.line() == 0 ? "whole file" : "line " + f.line() + ", column " + f.column())
                        + ": [" + f.ruleId() + "] " + f.message())
                .collect(Collectors.joining("\n"));
    }

    /** @return a summary: passed flag, error count, quality score */
    @Override
    public String toString() {
        return "ValidationReport{" + language.id() + ", passed=" + passed() + ", errors=" + errors().size()
                + ", findings=" + findings.size() + ", quality=" + quality + "}";
    }
}
