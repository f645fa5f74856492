package io.q2o.llm;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Model prices and exact cost computation. Immutable and thread-safe.
 *
 * <p>Cost of a call, in USD, with the tier chosen by the prompt size:
 * {@code (uncached × input + cached × cachedInput + cacheWrite × cacheWrite + output × output) / 1,000,000},
 * computed in {@link BigDecimal} without rounding. Cached tokens are priced at the cached rate
 * only, never also at the full rate.
 */
public final class PriceTable {

    private final Map<String, ModelPrice> prices;

    /** @param prices prices by model name */
    public PriceTable(Map<String, ModelPrice> prices) {
        this.prices = Map.copyOf(new TreeMap<>(prices));
    }

    /** @return every listed model and its price */
    public Map<String, ModelPrice> all() {
        return prices;
    }

    /**
     * Finds a model's price: the exact name, else the longest listed name that the model starts
     * with followed by {@code '-'} or {@code '@'} (so {@code gpt-4o-2024-08-06} is priced as
     * {@code gpt-4o} and {@code gpt-4o-mini} as itself). A leading {@code models/} is ignored.
     *
     * @param model the model name as requested or reported
     * @return its price, if listed
     */
    public Optional<ModelPrice> find(String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        String name = model.startsWith("models/") ? model.substring("models/".length()) : model;
        ModelPrice exact = prices.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        return prices.values().stream()
                .filter(p -> name.startsWith(p.model())
                        && name.length() > p.model().length()
                        && (name.charAt(p.model().length()) == '-' || name.charAt(p.model().length()) == '@'))
                .max(Comparator.comparingInt(p -> p.model().length()));
    }

    /**
     * The exact cost split into input and output parts.
     *
     * @param model  the model
     * @param tokens the counts
     * @return {@code [inputCost, outputCost]}, or empty if the model has no price
     */
    public Optional<List<BigDecimal>> cost(String model, TokenCounts tokens) {
        return find(model).map(p -> cost(p, tokens));
    }

    /**
     * @param price  a model price
     * @param tokens the counts
     * @return {@code [inputCost, outputCost]}
     */
    public static List<BigDecimal> cost(ModelPrice price, TokenCounts tokens) {
        ModelPrice.Tier t = price.tierFor(tokens.inputTokens());
        BigDecimal input = t.input().multiply(BigDecimal.valueOf(tokens.uncachedInputTokens()))
                .add(t.cachedInput().multiply(BigDecimal.valueOf(tokens.cachedInputTokens())))
                .add(t.cacheWrite().multiply(BigDecimal.valueOf(tokens.cacheWriteInputTokens())));
        BigDecimal output = t.output().multiply(BigDecimal.valueOf(tokens.outputTokens()));
        return List.of(scale(input), scale(output));
    }

    private static BigDecimal scale(BigDecimal perMillion) {
        // exact: dividing by 10^6 only moves the decimal point (no long division on every call)
        BigDecimal v = perMillion.movePointLeft(6);
        return v.signum() == 0 ? BigDecimal.ZERO : v.stripTrailingZeros();
    }
}
