package io.q2o.agents.orchestrator;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one task of a plan produced.
 *
 * @param taskId  the task
 * @param status  how it ended
 * @param summary one line for reports
 * @param outputs named outputs handed to the tasks that depend on this one (e.g. {@code code},
 *                {@code research_context}, {@code files}); empty unless SUCCEEDED
 * @param files   files written, under the output root
 * @param error   why it failed or was blocked (a BLOCKED task names the failed dependency), or {@code null}
 */
public record TaskOutcome(String taskId, TaskStatus status, String summary, Map<String, Object> outputs, List<Path> files,
                          String error) {
    /** Copies the collections. */
    public TaskOutcome {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(status, "status");
        summary = summary == null ? "" : summary;
        outputs = Map.copyOf(outputs);
        files = List.copyOf(files);
    }

    /**
     * @param taskId  the task
     * @param summary one line
     * @param outputs outputs for dependents
     * @param files   files written
     * @return a successful outcome
     */
    public static TaskOutcome succeeded(String taskId, String summary, Map<String, Object> outputs, List<Path> files) {
        return new TaskOutcome(taskId, TaskStatus.SUCCEEDED, summary, outputs, files, null);
    }

    /**
     * @param taskId the task
     * @param error  why
     * @param files  files written before the failure
     * @return a failed outcome
     */
    public static TaskOutcome failed(String taskId, String error, List<Path> files) {
        return new TaskOutcome(taskId, TaskStatus.FAILED, "failed", Map.of(), files, error);
    }

    /** @return whether the task succeeded */
    public boolean succeeded() {
        return status == TaskStatus.SUCCEEDED;
    }

    /** @return the failure or blocking reason */
    public Optional<String> failure() {
        return Optional.ofNullable(error);
    }
}
