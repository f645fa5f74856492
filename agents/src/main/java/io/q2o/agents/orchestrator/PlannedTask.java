package io.q2o.agents.orchestrator;

import java.util.List;

/**
 * One task of a plan, as the model fills it in (structured output).
 *
 * @param id           unique id within the plan, e.g. {@code "t3"}
 * @param title        short title
 * @param description  what to do, precise enough for the agent that runs it
 * @param agentType    which agent runs it
 * @param techStack    technologies, e.g. {@code ["FastAPI", "Stripe"]}
 * @param dependencies ids of the tasks whose outputs this task needs
 * @param complexity   {@code low}, {@code medium}, {@code high} or {@code very_high}
 * @param outputPath   for a CODE task, the file to write (relative, e.g. {@code app/webhook.py});
 *                     empty for other agent types
 * @param requirements what the result must do, one per entry (QA checks each)
 * @param critical     whether the task touches payments, authentication or secrets (its code must
 *                     pass review without a high-severity finding)
 */
public record PlannedTask(String id, String title, String description, AgentType agentType, List<String> techStack,
                          List<String> dependencies, String complexity, String outputPath, List<String> requirements,
                          boolean critical) {
    /** Copies the lists (a missing list becomes empty) and strips the strings. */
    public PlannedTask {
        id = id == null ? "" : id.strip();
        title = title == null ? "" : title.strip();
        description = description == null ? "" : description.strip();
        techStack = techStack == null ? List.of() : techStack.stream().filter(s -> s != null && !s.isBlank()).toList();
        dependencies = dependencies == null ? List.of()
                : dependencies.stream().map(d -> d == null ? "" : d.strip()).toList();
        complexity = complexity == null || complexity.isBlank() ? "medium" : complexity.strip();
        outputPath = outputPath == null ? "" : outputPath.strip();
        requirements = requirements == null ? List.of() : requirements.stream().filter(s -> s != null && !s.isBlank()).toList();
    }
}
