package io.q2o.agents.pipeline;

import io.q2o.agents.AgentUsage;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Usage of one pipeline run by agent id, added up as tasks finish (several at once). Thread-safe.
 */
public final class PipelineUsage {
    private final Map<String, AgentUsage> byAgent = new ConcurrentHashMap<>();

    /**
     * @param agentId the agent
     * @param usage   what one of its steps used
     */
    public void add(String agentId, AgentUsage usage) {
        byAgent.merge(agentId, usage, AgentUsage::plus);
    }

    /** @return a snapshot by agent id, sorted by id */
    public Map<String, AgentUsage> byAgent() {
        return new TreeMap<>(byAgent);
    }

    /** @return the sum over all agents */
    public AgentUsage total() {
        return byAgent.values().stream().reduce(AgentUsage.NONE, AgentUsage::plus);
    }
}
