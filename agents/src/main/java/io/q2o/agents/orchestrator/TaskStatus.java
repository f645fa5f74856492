package io.q2o.agents.orchestrator;

/** How a planned task ended. */
public enum TaskStatus {
    /** The task ran and produced its outputs. */
    SUCCEEDED,
    /** The task ran and failed (its handler said so or threw). */
    FAILED,
    /** The task did not run because a task it depends on (directly or not) failed or was blocked. */
    BLOCKED
}
