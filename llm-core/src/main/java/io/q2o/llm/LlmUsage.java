package io.q2o.llm;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Token usage and exact cost of one call.
 *
 * <p>Costs are exact {@link BigDecimal} US dollars computed from the price table
 * ({@code config/llm_config.json}); they are empty when the model has no price in the table
 * ("cost unknown" — never a silent zero). A cache hit costs exactly zero.
 *
 * @param provider   the provider that answered (e.g. {@code "gemini"})
 * @param model      the model that answered
 * @param tokens     the token counts
 * @param inputCost  cost of all prompt tokens (uncached, cached and cache-write), if known
 * @param outputCost cost of all output tokens, if known
 * @param timestamp  when the call finished, from the service's clock
 * @param duration   wall time of the call as seen by the caller
 * @param cacheHit   whether the answer came from the response cache
 * @param estimated  whether the counts are estimates (dry run) rather than provider-reported
 */
public record LlmUsage(String provider, String model, TokenCounts tokens,
                       Optional<BigDecimal> inputCost, Optional<BigDecimal> outputCost,
                       Instant timestamp, Duration duration, boolean cacheHit, boolean estimated) {

    /** Validates the components. */
    public LlmUsage {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(inputCost, "inputCost");
        Objects.requireNonNull(outputCost, "outputCost");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(duration, "duration");
        if (inputCost.isPresent() != outputCost.isPresent()) {
            throw new IllegalArgumentException("input and output cost must be both known or both unknown");
        }
    }

    /** @return input plus output cost, or empty when the model's price is unknown */
    public Optional<BigDecimal> totalCost() {
        return inputCost.map(in -> in.add(outputCost.orElseThrow()));
    }

    /** @return whether the cost is known */
    public boolean costKnown() {
        return inputCost.isPresent();
    }

    /** @return all prompt tokens (see {@link TokenCounts#inputTokens()}) */
    public long inputTokens() {
        return tokens.inputTokens();
    }

    /** @return all billed output tokens (see {@link TokenCounts#outputTokens()}) */
    public long outputTokens() {
        return tokens.outputTokens();
    }

    /** @return prompt tokens served from the provider's prompt cache */
    public long cachedInputTokens() {
        return tokens.cachedInputTokens();
    }

    /** @return reasoning/thinking tokens */
    public long reasoningTokens() {
        return tokens.reasoningTokens();
    }

    /**
     * The exact sum of the costs of several calls (a tool loop's steps, a structured answer and its
     * repair). Responses without usage (refused before any provider answered) add nothing.
     *
     * @param responses the responses
     * @return the summed cost, or empty if any answered call's cost is unknown
     */
    public static Optional<BigDecimal> totalCost(java.util.List<LlmResponse> responses) {
        BigDecimal sum = BigDecimal.ZERO;
        for (LlmResponse r : responses) {
            if (r.usage() == null) {
                continue;
            }
            Optional<BigDecimal> c = r.usage().totalCost();
            if (c.isEmpty()) {
                return Optional.empty();
            }
            sum = sum.add(c.get());
        }
        return Optional.of(sum);
    }
}
