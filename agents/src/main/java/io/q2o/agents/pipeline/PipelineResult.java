package io.q2o.agents.pipeline;

import io.q2o.agents.AgentUsage;
import io.q2o.agents.orchestrator.PlanResult;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one pipeline run.
 *
 * @param objective    the objective
 * @param outputRoot   where files were written
 * @param planRepaired whether the orchestrator's plan needed its repair round
 * @param execution    the plan and every task's outcome
 * @param usageByAgent tokens and cost per agent id (their sum is {@link #totalUsage()})
 */
public record PipelineResult(String objective, Path outputRoot, boolean planRepaired, PlanResult execution,
                             Map<String, AgentUsage> usageByAgent) {
    /** Copies the map. */
    public PipelineResult {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(execution, "execution");
        usageByAgent = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(usageByAgent));
    }

    /** @return the sum of every agent's usage */
    public AgentUsage totalUsage() {
        return usageByAgent.values().stream().reduce(AgentUsage.NONE, AgentUsage::plus);
    }

    /** @return every file written, relative to the output root, sorted, without duplicates */
    public List<String> filesWritten() {
        return execution.outcomes().stream().flatMap(o -> o.files().stream())
                .map(p -> outputRoot.relativize(p.toAbsolutePath().normalize()).toString().replace('\\', '/'))
                .distinct().sorted().toList();
    }

    /** @return whether every task succeeded */
    public boolean success() {
        return execution.success();
    }
}
