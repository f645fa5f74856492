package io.q2o.agents.orchestrator;

import java.util.Map;

/**
 * Runs one planned task. Called at most once per task, after all its dependencies succeeded,
 * possibly on several threads at once for independent tasks: implementations must be thread-safe.
 */
@FunctionalInterface
public interface TaskHandler {

    /**
     * @param task         the task
     * @param dependencies the outcomes of the task's direct dependencies by task id, in the order the task lists
     *                     them (all SUCCEEDED)
     * @return the outcome (a handler that throws fails the task with the exception's message)
     * @throws Exception any failure; the task fails with its message
     */
    TaskOutcome run(PlannedTask task, Map<String, TaskOutcome> dependencies) throws Exception;
}
