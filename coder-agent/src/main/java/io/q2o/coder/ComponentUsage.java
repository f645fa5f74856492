package io.q2o.coder;

import io.q2o.llm.LlmUsage;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * LLM usage of one component (or a whole task): calls, tokens and exact cost.
 *
 * @param llmCalls     LLM calls made (successful or not)
 * @param inputTokens  prompt tokens of the answered calls
 * @param outputTokens output tokens of the answered calls
 * @param cost         total cost in US dollars; empty when a call's model has no price
 *                     ("cost unknown", never a silent zero); zero when no call was made
 */
public record ComponentUsage(int llmCalls, long inputTokens, long outputTokens, Optional<BigDecimal> cost) {
    /** No calls, no cost. */
    public static final ComponentUsage NONE = new ComponentUsage(0, 0, 0, Optional.of(BigDecimal.ZERO));

    /** Validates the components. */
    public ComponentUsage {
        Objects.requireNonNull(cost, "cost");
        if (llmCalls < 0 || inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
    }

    /**
     * @param usage the usage of one call, or {@code null} for a call that produced no answer
     * @return this plus that call
     */
    public ComponentUsage plusCall(LlmUsage usage) {
        if (usage == null) {
            return new ComponentUsage(llmCalls + 1, inputTokens, outputTokens, cost);
        }
        Optional<BigDecimal> c = cost.isPresent() && usage.totalCost().isPresent()
                ? Optional.of(cost.get().add(usage.totalCost().get())) : Optional.empty();
        return new ComponentUsage(llmCalls + 1, inputTokens + usage.inputTokens(), outputTokens + usage.outputTokens(), c);
    }

    /**
     * @param other another usage
     * @return the sum
     */
    public ComponentUsage plus(ComponentUsage other) {
        Optional<BigDecimal> c = cost.isPresent() && other.cost.isPresent()
                ? Optional.of(cost.get().add(other.cost.get())) : Optional.empty();
        return new ComponentUsage(llmCalls + other.llmCalls, inputTokens + other.inputTokens,
                outputTokens + other.outputTokens, c);
    }
}
