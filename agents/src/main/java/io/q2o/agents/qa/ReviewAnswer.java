package io.q2o.agents.qa;

import java.util.List;

/**
 * The reviewer model's answer (structured output).
 *
 * @param findings     problems found
 * @param requirements one entry per requirement given: met or not, and the evidence (a line of the
 *                     code quoted exactly)
 * @param summary      a one-paragraph assessment
 */
public record ReviewAnswer(List<ReviewFinding> findings, List<Check> requirements, String summary) {
    /** Copies the lists. */
    public ReviewAnswer {
        findings = findings == null ? List.of() : findings.stream().filter(java.util.Objects::nonNull).toList();
        requirements = requirements == null ? List.of() : requirements.stream().filter(java.util.Objects::nonNull).toList();
        summary = summary == null ? "" : summary;
    }

    /**
     * The model's verdict on one requirement.
     *
     * @param requirement the requirement, as given
     * @param met         whether the code meets it
     * @param evidence    the line(s) of code showing it, quoted exactly; empty when not met
     */
    public record Check(String requirement, boolean met, String evidence) {
    }
}
