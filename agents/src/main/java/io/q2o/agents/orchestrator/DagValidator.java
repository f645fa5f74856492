package io.q2o.agents.orchestrator;

import io.q2o.coder.Complexity;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a {@link TaskPlan} is a runnable DAG and orders it. The rules: at least one task;
 * every id non-blank and unique; every dependency names another task of the plan; no task depends
 * on itself; no cycle; every CODE task names an output path; complexity is one of low, medium,
 * high, very_high. Errors are sentences naming the task and the value, suitable to send back to
 * the model. Stateless and thread-safe.
 */
public final class DagValidator {

    private DagValidator() {
    }

    /**
     * @param plan a plan
     * @return every rule it breaks; empty when valid
     */
    public static List<String> errors(TaskPlan plan) {
        List<String> errors = new ArrayList<>();
        if (plan.tasks().isEmpty()) {
            errors.add("the plan has no tasks: give at least one");
            return errors;
        }
        Map<String, PlannedTask> byId = new LinkedHashMap<>();
        for (PlannedTask t : plan.tasks()) {
            if (t.id().isEmpty()) {
                errors.add("task '" + t.title() + "' has no id");
            } else if (byId.putIfAbsent(t.id(), t) != null) {
                errors.add("task id '" + t.id() + "' is used by more than one task: ids must be unique");
            }
            if (t.agentType() == null) {
                errors.add("task '" + t.id() + "' has no agent type: use research, code, test or qa");
            }
            if (t.agentType() == AgentType.CODE && t.outputPath().isEmpty()) {
                errors.add("code task '" + t.id() + "' has no output path");
            }
            try {
                Complexity.fromName(t.complexity());
            } catch (IllegalArgumentException e) {
                errors.add("task '" + t.id() + "': " + e.getMessage());
            }
        }
        for (PlannedTask t : plan.tasks()) {
            for (String d : t.dependencies()) {
                if (d.equals(t.id())) {
                    errors.add("task '" + t.id() + "' depends on itself");
                } else if (!byId.containsKey(d)) {
                    errors.add("task '" + t.id() + "' depends on '" + d + "', which is not a task of the plan");
                }
            }
        }
        if (errors.isEmpty()) {
            List<String> cycle = cycle(plan.tasks());
            if (!cycle.isEmpty()) {
                errors.add("the dependencies form a cycle: " + String.join(" -> ", cycle));
            }
        }
        return errors;
    }

    /**
     * @param plan a valid plan
     * @return its task ids in a dependency order (a task after all its dependencies; ties in plan order)
     * @throws IllegalArgumentException listing the errors if the plan is not valid
     */
    public static List<String> order(TaskPlan plan) {
        List<String> errors = errors(plan);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid task plan: " + String.join("; ", errors));
        }
        Map<String, Integer> missing = new HashMap<>();
        plan.tasks().forEach(t -> missing.put(t.id(), new HashSet<>(t.dependencies()).size()));
        List<String> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (order.size() < plan.tasks().size()) {
            for (PlannedTask t : plan.tasks()) {
                if (!done.contains(t.id()) && done.containsAll(t.dependencies())) {
                    done.add(t.id());
                    order.add(t.id());
                }
            }
        }
        return order;
    }

    /** A cycle as ids (first repeated at the end), or empty. Depth-first with colours. */
    private static List<String> cycle(List<PlannedTask> tasks) {
        Map<String, List<String>> deps = new HashMap<>();
        tasks.forEach(t -> deps.put(t.id(), t.dependencies()));
        Map<String, Integer> colour = new HashMap<>();
        for (PlannedTask start : tasks) {
            if (colour.getOrDefault(start.id(), 0) != 0) {
                continue;
            }
            Deque<String> path = new ArrayDeque<>();
            Deque<java.util.Iterator<String>> its = new ArrayDeque<>();
            colour.put(start.id(), 1);
            path.push(start.id());
            its.push(deps.get(start.id()).iterator());
            while (!its.isEmpty()) {
                java.util.Iterator<String> it = its.peek();
                if (it.hasNext()) {
                    String next = it.next();
                    int c = colour.getOrDefault(next, 0);
                    if (c == 1) {
                        List<String> onPath = new ArrayList<>(path);
                        java.util.Collections.reverse(onPath);
                        List<String> cyc = new ArrayList<>(onPath.subList(onPath.indexOf(next), onPath.size()));
                        cyc.add(next);
                        return cyc;
                    }
                    if (c == 0) {
                        colour.put(next, 1);
                        path.push(next);
                        its.push(deps.get(next).iterator());
                    }
                } else {
                    colour.put(path.pop(), 2);
                    its.pop();
                }
            }
        }
        return List.of();
    }
}
