package io.q2o.agents.orchestrator;

import java.util.List;

/**
 * The model could not produce a valid task DAG for an objective: its plan was still invalid after
 * the repair round, or the typed call failed.
 */
public final class InvalidPlanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> errors;

    /**
     * @param message what happened
     * @param errors  the rules the last plan broke (empty when the call itself failed)
     */
    public InvalidPlanException(String message, List<String> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    /** @return the rules the last plan broke */
    public List<String> errors() {
        return errors;
    }
}
