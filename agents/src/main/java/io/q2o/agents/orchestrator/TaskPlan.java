package io.q2o.agents.orchestrator;

import java.util.List;
import java.util.Optional;

/**
 * An objective broken down into a task DAG (structured output of the {@link OrchestratorAgent}).
 *
 * @param objective the objective, as the model restates it
 * @param tasks     the tasks; dependencies name other tasks' ids
 */
public record TaskPlan(String objective, List<PlannedTask> tasks) {
    /** Copies the list. */
    public TaskPlan {
        objective = objective == null ? "" : objective;
        tasks = tasks == null ? List.of() : tasks.stream().filter(java.util.Objects::nonNull).toList();
    }

    /**
     * @param id a task id
     * @return that task
     */
    public Optional<PlannedTask> task(String id) {
        return tasks.stream().filter(t -> t.id().equals(id)).findFirst();
    }
}
