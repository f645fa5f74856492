package io.q2o.llm.usage;

/**
 * When the usage ledger forces its file to disk. In both modes every line is handed to the
 * operating system before the call returns to its caller, so a crash of the JVM (even
 * {@code kill -9}) loses nothing already returned; only a crash of the machine can lose the
 * lines written since the last {@code fsync}.
 */
public enum FsyncPolicy {
    /** {@code fsync} after every call: survives power loss, costs a disk flush (often milliseconds) per call. */
    EVERY_CALL,
    /** {@code fsync} every 64 calls, when the day's file changes and on close (the default). */
    BATCHED
}
