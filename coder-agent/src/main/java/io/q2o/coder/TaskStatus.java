package io.q2o.coder;

/** Outcome of a whole task. */
public enum TaskStatus {
    /** Every component was generated, validated and written. */
    COMPLETED,
    /**
     * Some components were written and at least one failed: the files of the successful ones are
     * on disk ({@link TaskResult#filesWritten()}), the failures are in {@link TaskResult#failures()}.
     */
    PARTIAL,
    /** No component succeeded: nothing was written. */
    FAILED;

    /**
     * @param succeeded how many components succeeded
     * @param total     how many components the task has
     * @return {@link #COMPLETED} when all succeeded (or there were none), {@link #FAILED} when none
     *         did, else {@link #PARTIAL}
     */
    public static TaskStatus of(long succeeded, long total) {
        if (succeeded == total) {
            return COMPLETED;
        }
        return succeeded == 0 ? FAILED : PARTIAL;
    }
}
