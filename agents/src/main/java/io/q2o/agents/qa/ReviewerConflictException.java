package io.q2o.agents.qa;

/**
 * No reviewer different from the writer is available: the QA review would be the writer marking
 * its own work. Configure another provider (its API key) or another model.
 */
public final class ReviewerConflictException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message names the writer and the reviewers considered */
    public ReviewerConflictException(String message) {
        super(message);
    }
}
