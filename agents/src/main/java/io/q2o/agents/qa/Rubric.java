package io.q2o.agents.qa;

import io.q2o.coder.validation.ValidationReport;

import java.util.ArrayList;
import java.util.List;

/**
 * The QA rubric, 100 points in three parts:
 * <ul>
 *   <li><b>Requirement coverage, {@value #COVERAGE_POINTS} points</b>: times the share of requirements
 *       met (all {@value #COVERAGE_POINTS} when the task states none).</li>
 *   <li><b>Review findings, {@value #FINDINGS_POINTS} points</b>, minus {@value #CRITICAL_PENALTY} per
 *       critical, {@value #HIGH_PENALTY} per high, {@value #MEDIUM_PENALTY} per medium and
 *       {@value #LOW_PENALTY} per low finding (never below 0; info findings cost nothing).</li>
 *   <li><b>Validator, {@value #VALIDATOR_POINTS} points</b>: the CoderAgent validator's quality score
 *       scaled to {@value #VALIDATOR_POINTS}; 0 when the code fails validation (syntax, security,
 *       secrets); all {@value #VALIDATOR_POINTS} when no report is given.</li>
 * </ul>
 * Points are rounded down per part. Stateless and thread-safe.
 */
public final class Rubric {
    /** Points for requirement coverage. */
    public static final int COVERAGE_POINTS = 40;
    /** Points for review findings. */
    public static final int FINDINGS_POINTS = 40;
    /** Points for the validator. */
    public static final int VALIDATOR_POINTS = 20;
    /** Cost of a critical finding. */
    public static final int CRITICAL_PENALTY = 25;
    /** Cost of a high finding. */
    public static final int HIGH_PENALTY = 15;
    /** Cost of a medium finding. */
    public static final int MEDIUM_PENALTY = 6;
    /** Cost of a low finding. */
    public static final int LOW_PENALTY = 2;

    private Rubric() {
    }

    /**
     * @param coverage   requirement coverage
     * @param findings   review findings
     * @param validation the validator's report, or {@code null}
     * @return the score with its reasons
     */
    public static RubricScore score(List<CoverageItem> coverage, List<ReviewFinding> findings, ValidationReport validation) {
        List<String> reasons = new ArrayList<>();
        int cov = COVERAGE_POINTS;
        if (!coverage.isEmpty()) {
            long met = coverage.stream().filter(CoverageItem::met).count();
            cov = (int) (COVERAGE_POINTS * met / coverage.size());
            coverage.stream().filter(c -> !c.met()).forEach(c -> reasons.add("requirement missing: " + c.requirement()
                    + (c.note().isEmpty() ? "" : " (" + c.note() + ")")));
        }
        int lost = 0;
        for (ReviewFinding f : findings) {
            int p = penalty(f.severity());
            if (p > 0) {
                lost += p;
                reasons.add("-" + p + " " + f);
            }
        }
        int fin = Math.max(0, FINDINGS_POINTS - lost);
        int val = VALIDATOR_POINTS;
        if (validation != null) {
            if (!validation.passed()) {
                val = 0;
                reasons.add("the code fails validation: " + validation.errors().size() + " error(s)");
            } else {
                val = VALIDATOR_POINTS * validation.quality().score() / 100;
                if (val < VALIDATOR_POINTS) {
                    reasons.add("validator quality " + validation.quality().score() + "/100");
                }
            }
        }
        return new RubricScore(cov + fin + val, cov, fin, val, reasons);
    }

    /**
     * @param s a severity
     * @return the points it costs
     */
    public static int penalty(ReviewSeverity s) {
        return switch (s) {
            case CRITICAL -> CRITICAL_PENALTY;
            case HIGH -> HIGH_PENALTY;
            case MEDIUM -> MEDIUM_PENALTY;
            case LOW -> LOW_PENALTY;
            case INFO -> 0;
        };
    }
}
