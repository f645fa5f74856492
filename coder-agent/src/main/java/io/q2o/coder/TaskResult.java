package io.q2o.coder;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link CoderAgent#processTask}: status, files written and one
 * {@link ComponentResult} per component, in task order. Immutable.
 *
 * @param taskId     the task id
 * @param status     COMPLETED when every component succeeded, PARTIAL when some did, FAILED when none did
 * @param components the per-component results
 */
public record TaskResult(String taskId, TaskStatus status, List<ComponentResult> components) {
    /** Validates and copies the components. */
    public TaskResult {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(status, "status");
        components = List.copyOf(components);
    }

    /** @return the absolute paths written, in component order (the plan's {@code implemented_files}) */
    public List<Path> filesWritten() {
        return components.stream().flatMap(c -> c.writtenFile().stream()).toList();
    }

    /**
     * @param name a component name
     * @return its result
     */
    public Optional<ComponentResult> component(String name) {
        return components.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** @return the failed components */
    public List<ComponentResult> failures() {
        return components.stream().filter(c -> !c.succeeded()).toList();
    }

    /** @return LLM calls, tokens and cost summed over all components */
    public ComponentUsage totalUsage() {
        ComponentUsage u = ComponentUsage.NONE;
        for (ComponentResult c : components) {
            u = u.plus(c.usage());
        }
        return u;
    }
}
