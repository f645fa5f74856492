package io.q2o.agents.qa;

import io.q2o.agents.AgentUsage;
import io.q2o.agents.CodeArtifact;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of reviewing one file.
 *
 * @param reviewed         the file as finally reviewed (the repaired version after a repair round)
 * @param reviewerProvider the provider that reviewed it ({@code ""} for a review without a model)
 * @param reviewerModel    the model that reviewed it ({@code ""} for a review without a model)
 * @param verdict          the verdict
 * @param findings         the findings of the last review
 * @param coverage         each requirement with its evidence, or missing
 * @param score            the rubric score
 * @param repaired         whether a repair round happened
 * @param resolved         the HIGH/CRITICAL findings that blocked the file before its repair round
 *                         (empty when there was none)
 * @param summary          the reviewer's assessment
 * @param usage            the LLM calls made for the review (not the repair's)
 * @param error            why the review failed, or {@code null}
 */
public record QaReport(CodeArtifact reviewed, String reviewerProvider, String reviewerModel, Verdict verdict,
                       List<ReviewFinding> findings, List<CoverageItem> coverage, RubricScore score, boolean repaired,
                       List<ReviewFinding> resolved, String summary, AgentUsage usage, String error) {
    /** The verdict of a review. */
    public enum Verdict {
        /** Usable: no blocking finding. */
        PASSED,
        /** A critical component with a HIGH or CRITICAL finding, before any repair. */
        BLOCKED,
        /** The review could not be done, or a critical component still has a high finding after its repair round. */
        FAILED
    }

    /** Copies the lists. */
    public QaReport {
        Objects.requireNonNull(reviewed, "reviewed");
        Objects.requireNonNull(verdict, "verdict");
        findings = List.copyOf(findings);
        coverage = List.copyOf(coverage);
        resolved = List.copyOf(resolved);
        summary = summary == null ? "" : summary;
        Objects.requireNonNull(usage, "usage");
    }

    /** @return whether the file passed */
    public boolean passed() {
        return verdict == Verdict.PASSED;
    }

    /** @return the findings of HIGH or CRITICAL severity */
    public List<ReviewFinding> blocking() {
        return findings.stream().filter(f -> f.severity().highOrWorse()).toList();
    }

    /** @return the requirements without evidence */
    public List<CoverageItem> missing() {
        return coverage.stream().filter(c -> !c.met()).toList();
    }
}
