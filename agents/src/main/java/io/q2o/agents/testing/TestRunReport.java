package io.q2o.agents.testing;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What an opt-in {@link TestRunner} run reported.
 *
 * @param outcome  passed, failed, timed out, or could not start
 * @param exitCode the process's exit code ({@code -1} when it timed out or did not start)
 * @param command  the command run
 * @param output   the end of its combined stdout and stderr (at most the runner's limit)
 * @param elapsed  how long it ran
 */
public record TestRunReport(Outcome outcome, int exitCode, List<String> command, String output, Duration elapsed) {
    /** How a run ended. */
    public enum Outcome {
        /** Exit code 0. */
        PASSED,
        /** A non-zero exit code. */
        FAILED,
        /** Killed at the time limit. */
        TIMED_OUT,
        /** The command could not be started (e.g. not installed). */
        NOT_STARTED
    }

    /** Copies the list. */
    public TestRunReport {
        Objects.requireNonNull(outcome, "outcome");
        command = List.copyOf(command);
        output = output == null ? "" : output;
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** @return whether the tests passed */
    public boolean passed() {
        return outcome == Outcome.PASSED;
    }
}
