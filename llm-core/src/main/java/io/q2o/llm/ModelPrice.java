package io.q2o.llm;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The price of one model in USD per one million tokens, as listed in {@code config/llm_config.json}.
 *
 * @param model         the model name (a dated snapshot such as {@code gpt-4o-2024-08-06} is
 *                      priced by its longest listed prefix)
 * @param provider      the provider offering it
 * @param contextWindow the context window in tokens, 0 if unknown
 * @param base          the base tier (applies when no long-context tier does)
 * @param tiers         long-context tiers, ascending by threshold
 * @param source        where the prices were read
 * @param asOf          when they were read (ISO date)
 */
public record ModelPrice(String model, String provider, long contextWindow, Tier base, List<Tier> tiers,
                         String source, String asOf) {

    /** Validates and copies the components. */
    public ModelPrice {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(base, "base");
        tiers = List.copyOf(tiers);
    }

    /**
     * Prices of one tier, USD per 1M tokens. A missing cached-input price means cached tokens
     * cost the full input price; a missing cache-write price means cache-write tokens cost the
     * full input price.
     *
     * @param aboveInputTokens the tier applies when the prompt has more than this many tokens (0 for base)
     * @param input            uncached input price
     * @param cachedInput      cached-input (cache read) price
     * @param cacheWrite       cache-write price
     * @param output           output price (reasoning included)
     */
    public record Tier(long aboveInputTokens, BigDecimal input, BigDecimal cachedInput, BigDecimal cacheWrite,
                       BigDecimal output) {
        /** Fills the optional prices and validates. */
        public Tier {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
            cachedInput = cachedInput == null ? input : cachedInput;
            cacheWrite = cacheWrite == null ? input : cacheWrite;
            if (input.signum() < 0 || output.signum() < 0 || cachedInput.signum() < 0 || cacheWrite.signum() < 0) {
                throw new IllegalArgumentException("prices must be >= 0");
            }
        }
    }

    /**
     * @param inputTokens the prompt size
     * @return the tier that prices a prompt of this size
     */
    public Tier tierFor(long inputTokens) {
        Tier chosen = base;
        for (Tier t : tiers) {
            if (inputTokens > t.aboveInputTokens()) {
                chosen = t;
            }
        }
        return chosen;
    }
}
