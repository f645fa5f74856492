package io.q2o.agents.qa;

import java.util.List;

/**
 * A score from the written {@link Rubric}, with the reason for every point lost.
 *
 * @param total     0 to 100
 * @param coverage  requirement coverage points, 0 to {@value Rubric#COVERAGE_POINTS}
 * @param findings  review findings points, 0 to {@value Rubric#FINDINGS_POINTS}
 * @param validator validator points, 0 to {@value Rubric#VALIDATOR_POINTS}
 * @param reasons   why points were lost, one line each
 */
public record RubricScore(int total, int coverage, int findings, int validator, List<String> reasons) {
    /** Copies the list. */
    public RubricScore {
        reasons = List.copyOf(reasons);
    }
}
