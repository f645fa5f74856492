package io.q2o.llm.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.q2o.llm.ConfigException;
import io.q2o.llm.ModelPrice;
import io.q2o.llm.PriceTable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the config files' {@code "models"} section into a {@link PriceTable}. Not API.
 *
 * <p>Design: prices are USD per one million tokens, read as exact {@link BigDecimal}s and held
 * to the same bounds as money settings ({@code >= 0}, below 10⁹, at most
 * {@value Values#MAX_MONEY_SCALE} decimal places) so that no price can make a cost computation or
 * a message explode; token thresholds and context windows are whole numbers. Every error names
 * the file (for a user file: {@code Q2O_LLM_CONFIG=<path>}), the model and the field.
 */
public final class PriceTableParser {
    private static final long MAX_TOKENS = 1_000_000_000_000L;

    private PriceTableParser() {
    }

    /**
     * @param sources the loaded sources
     * @return the price table of every model in the config files
     * @throws ConfigException naming file, model and field of a malformed entry
     */
    public static PriceTable parse(ConfigSources sources) {
        Map<String, ModelPrice> out = new TreeMap<>();
        sources.models().forEach((name, node) -> {
            String label = sources.modelOrigin(name);
            String variable = ConfigSources.variableOf(label);
            String where = label + ": models." + name;
            if (!node.isObject()) {
                throw new ConfigException(variable, where + " must be a JSON object");
            }
            ModelPrice.Tier base = tier(node, 0, where, variable);
            List<ModelPrice.Tier> tiers = new ArrayList<>();
            JsonNode tierList = node.path("tiers");
            if (!tierList.isMissingNode() && !tierList.isNull() && !tierList.isArray()) {
                throw new ConfigException(variable, where + ".tiers must be a JSON array of tiers");
            }
            for (JsonNode t : tierList) {
                if (!t.isObject()) {
                    throw new ConfigException(variable, where + ".tiers: each tier must be a JSON object");
                }
                long above = whole(t, "above_input_tokens", 1, where + ".tiers", variable, -1);
                if (above < 0) {
                    throw new ConfigException(variable, where + ".tiers: above_input_tokens must be > 0");
                }
                tiers.add(tier(t, above, where, variable));
            }
            tiers.sort(Comparator.comparingLong(ModelPrice.Tier::aboveInputTokens));
            out.put(name, new ModelPrice(name, node.path("provider").asText(""),
                    whole(node, "context_window", 0, where, variable, 0), base, tiers,
                    node.path("source").asText(""), node.path("as_of").asText("")));
        });
        return new PriceTable(out);
    }

    private static ModelPrice.Tier tier(JsonNode node, long above, String where, String variable) {
        return new ModelPrice.Tier(above, price(node, "input", true, where, variable),
                price(node, "cached_input", false, where, variable), price(node, "cache_write", false, where, variable),
                price(node, "output", true, where, variable));
    }

    private static long whole(JsonNode node, String field, long min, String where, String variable, long def) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return def;
        }
        String text = v.isNumber() ? v.asText() : v.isTextual() ? v.textValue() : "";
        try {
            return Values.parseLong(field, text, min, MAX_TOKENS);
        } catch (ConfigException e) {
            throw new ConfigException(variable, where + "." + field + "=" + Values.show(field, shown(v))
                    + " is not a whole number of tokens between " + min + " and " + MAX_TOKENS);
        }
    }

    private static BigDecimal price(JsonNode node, String field, boolean required, String where, String variable) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ConfigException(variable, where + "." + field + " is missing");
            }
            return null;
        }
        try {
            if (v.isNumber()) {
                return Values.checkMoney(field, v.decimalValue());
            }
            if (v.isTextual()) {
                return Values.parseMoney(field, v.textValue());
            }
        } catch (ConfigException | ArithmeticException e) {
            // fall through to the message below
        }
        throw new ConfigException(variable, where + "." + field + "=" + Values.show(field, shown(v))
                + " is not a price in USD per 1M tokens (>= 0, below 1000000000, at most "
                + Values.MAX_MONEY_SCALE + " decimal places)");
    }

    private static String shown(JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBigDecimal()) {
            return v.decimalValue().toString();
        }
        return v.isValueNode() ? v.asText() : v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
