package io.q2o.agents;

import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmUsage;
import io.q2o.llm.TypedResponse;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * What one agent's LLM calls used: calls, tokens and exact cost (empty when any call's cost is
 * unknown). Immutable; {@link #plus} returns a new value.
 *
 * @param calls        LLM calls made (a typed answer's repair round counts as a call)
 * @param inputTokens  prompt tokens
 * @param outputTokens output tokens
 * @param cost         exact cost in USD, or empty when a call's cost is unknown
 */
public record AgentUsage(int calls, long inputTokens, long outputTokens, Optional<BigDecimal> cost) {
    /** No calls. */
    public static final AgentUsage NONE = new AgentUsage(0, 0, 0, Optional.of(BigDecimal.ZERO));

    /** Validates the components. */
    public AgentUsage {
        Objects.requireNonNull(cost, "cost");
        if (calls < 0 || inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("usage figures must not be negative: calls=" + calls + ", input="
                    + inputTokens + ", output=" + outputTokens);
        }
    }

    /**
     * @param response one call's response (a call that never reached a provider adds a call, no tokens)
     * @return this plus that call
     */
    public AgentUsage plus(LlmResponse response) {
        LlmUsage u = response.usage();
        if (u == null) {
            return new AgentUsage(calls + 1, inputTokens, outputTokens, cost);
        }
        Optional<BigDecimal> c = cost.isPresent() && u.totalCost().isPresent()
                ? Optional.of(cost.get().add(u.totalCost().get())) : Optional.empty();
        return new AgentUsage(calls + 1, inputTokens + u.inputTokens(), outputTokens + u.outputTokens(), c);
    }

    /**
     * @param typed a typed answer
     * @return this plus every call the typed answer made
     */
    public AgentUsage plus(TypedResponse<?> typed) {
        AgentUsage sum = this;
        for (LlmResponse r : typed.calls()) {
            sum = sum.plus(r);
        }
        return sum;
    }

    /**
     * @param other another usage
     * @return the sum
     */
    public AgentUsage plus(AgentUsage other) {
        Optional<BigDecimal> c = cost.isPresent() && other.cost.isPresent()
                ? Optional.of(cost.get().add(other.cost.get())) : Optional.empty();
        return new AgentUsage(calls + other.calls, inputTokens + other.inputTokens, outputTokens + other.outputTokens, c);
    }
}
