package io.q2o.llm;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Model prices and exact cost computation. Immutable and thread-safe.
 *
 * <p>Cost of a call, in USD, with the tier chosen by the prompt size:
 * {@code (uncached × input + cached × cachedInput + cacheWrite × cacheWrite + output × output) / 1,000,000},
 * computed in {@link BigDecimal} without rounding. Cached tokens are priced at the cached rate
 * only, never also at the full rate.
 */
public final class PriceTable {
    /** A date or version stamp after a model name: 2024-08-06, 20240229, 0613, 001, latest. */
    private static final Pattern SNAPSHOT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}|\\d{8}|\\d{3,4}|latest");

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
     * Finds a model's price: the exact name, else the listed name of which the model is a dated
     * snapshot ({@link #isSnapshotOf}: {@code gpt-4o-2024-08-06} is priced as {@code gpt-4o},
     * {@code claude-3-opus-20240229} as {@code claude-3-opus}, {@code gemini-2.0-flash-001} as
     * {@code gemini-2.0-flash}). Any other longer name — {@code gpt-4o-audio-preview},
     * {@code gemini-2.5-flash-lite}, {@code gpt-5-nano} — is a different model and has no price
     * unless it is listed itself. A leading {@code models/} is ignored.
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
                .filter(p -> isSnapshotOf(name, p.model()))
                .max(Comparator.comparingInt(p -> p.model().length()));
    }

    /**
     * Whether {@code name} is a dated snapshot (or the {@code latest} alias) of {@code base}:
     * {@code base} followed by {@code '-'} or {@code '@'} and a date or version stamp —
     * {@code 2024-08-06}, {@code 20240229}, {@code 0613}, {@code 001} — or {@code latest}.
     *
     * @param name a model name
     * @param base a listed model name
     * @return whether {@code name} is a snapshot of {@code base}
     */
    public static boolean isSnapshotOf(String name, String base) {
        if (name.length() <= base.length() + 1 || !name.startsWith(base)) {
            return false;
        }
        char sep = name.charAt(base.length());
        return (sep == '-' || sep == '@') && SNAPSHOT.matcher(name).region(base.length() + 1, name.length()).matches();
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
