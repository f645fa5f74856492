package io.q2o.coder;

/** Outcome of a whole task. */
public enum TaskStatus {
    /** Every component was generated, validated and written. */
    COMPLETED,
    /** At least one component failed (the others may have been written). */
    FAILED
}
