package io.q2o.agents.orchestrator;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of executing a plan.
 *
 * @param plan     the plan
 * @param order    the dependency order the tasks were started in
 * @param outcomes every task's outcome, in plan order
 */
public record PlanResult(TaskPlan plan, List<String> order, List<TaskOutcome> outcomes) {
    /** Copies the lists. */
    public PlanResult {
        order = List.copyOf(order);
        outcomes = List.copyOf(outcomes);
    }

    /**
     * @param taskId a task id
     * @return its outcome
     */
    public Optional<TaskOutcome> outcome(String taskId) {
        return outcomes.stream().filter(o -> o.taskId().equals(taskId)).findFirst();
    }

    /** @return whether every task succeeded */
    public boolean success() {
        return outcomes.stream().allMatch(TaskOutcome::succeeded);
    }
}
