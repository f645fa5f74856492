package io.q2o.agents.orchestrator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Runs a validated plan: each task as soon as all its dependencies have finished, on the executor,
 * so independent tasks run concurrently. A task whose dependency did not succeed is not run; it is
 * {@link TaskStatus#BLOCKED} with a reason naming the dependency (and, for a chain, the task that
 * failed first). One use per instance; the caller's thread waits for the whole plan.
 */
final class PlanExecution {
    private static final Logger log = LoggerFactory.getLogger(PlanExecution.class);

    private final TaskPlan plan;
    private final TaskHandler handler;
    private final Executor executor;

    PlanExecution(TaskPlan plan, TaskHandler handler, Executor executor) {
        this.plan = plan;
        this.handler = handler;
        this.executor = executor;
    }

    PlanResult run() {
        List<String> order = DagValidator.order(plan);
        Map<String, CompletableFuture<TaskOutcome>> futures = new java.util.concurrent.ConcurrentHashMap<>();
        for (String id : order) {
            PlannedTask task = plan.task(id).orElseThrow();
            List<CompletableFuture<TaskOutcome>> deps = new ArrayList<>();
            task.dependencies().forEach(d -> deps.add(futures.get(d)));
            CompletableFuture<TaskOutcome> f = CompletableFuture.allOf(deps.toArray(CompletableFuture[]::new))
                    .thenApplyAsync(ignored -> runOrBlock(task, futures), executor);
            futures.put(id, f);
        }
        List<TaskOutcome> outcomes = new ArrayList<>();
        for (PlannedTask t : plan.tasks()) {
            outcomes.add(join(t.id(), futures.get(t.id())));
        }
        return new PlanResult(plan, order, outcomes);
    }

    private TaskOutcome runOrBlock(PlannedTask task, Map<String, CompletableFuture<TaskOutcome>> futures) {
        Map<String, TaskOutcome> deps = new LinkedHashMap<>();
        for (String d : task.dependencies()) {
            TaskOutcome o = futures.get(d).join();
            if (!o.succeeded()) {
                String root = rootFailure(d, futures);
                String why = o.status() == TaskStatus.FAILED ? "blocked: dependency '" + d + "' failed"
                        : "blocked: dependency '" + d + "' was blocked by failed task '" + root + "'";
                log.warn("Task {} not run: {}", task.id(), why);
                return new TaskOutcome(task.id(), TaskStatus.BLOCKED, "blocked by " + root, Map.of(), List.of(), why);
            }
            deps.put(d, o);
        }
        try {
            TaskOutcome o = handler.run(task, java.util.Collections.unmodifiableMap(deps));
            if (o == null) {
                return TaskOutcome.failed(task.id(), "the handler returned no outcome", List.of());
            }
            if (!o.taskId().equals(task.id())) {
                return TaskOutcome.failed(task.id(), "the handler returned the outcome of task '" + o.taskId() + "'", o.files());
            }
            return o;
        } catch (Exception | LinkageError | AssertionError e) {
            log.warn("Task {} failed", task.id(), e);
            return TaskOutcome.failed(task.id(), e.getClass().getSimpleName() + ": " + e.getMessage(), List.of());
        }
    }

    /** The task that failed first on the way down from {@code id} (all of them have finished). */
    private String rootFailure(String id, Map<String, CompletableFuture<TaskOutcome>> futures) {
        TaskOutcome o = futures.get(id).join();
        if (o.status() != TaskStatus.BLOCKED) {
            return id;
        }
        for (String d : plan.task(id).orElseThrow().dependencies()) {
            if (!futures.get(d).join().succeeded()) {
                return rootFailure(d, futures);
            }
        }
        return id;
    }

    private static TaskOutcome join(String id, CompletableFuture<TaskOutcome> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            // only if the executor rejected the task
            return TaskOutcome.failed(id, "could not be run: " + e.getCause(), List.of());
        }
    }
}
