package io.q2o.agents.qa;

import io.q2o.agents.CodeArtifact;

import java.util.List;

/**
 * Fixes a critical file the review blocked (its ONE repair round), e.g. by asking the writer model
 * again with the findings, validating and re-writing the file.
 */
@FunctionalInterface
public interface Repairer {

    /**
     * @param blocked  the file as reviewed
     * @param findings the review's findings (the HIGH/CRITICAL ones must go)
     * @return the repaired file (already written by the repairer)
     * @throws Exception if no repair could be made; the task then fails with the findings
     */
    CodeArtifact repair(CodeArtifact blocked, List<ReviewFinding> findings) throws Exception;
}
