package io.q2o.llm.internal;

import io.q2o.llm.ConfigException;
import io.q2o.llm.LlmConfig;

import java.util.Locale;
import java.util.Optional;

/**
 * The engine's own settings, read once when a service is built and validated eagerly.
 *
 * @param asyncThreads        {@code Q2O_LLM_ASYNC_THREADS}: the most threads of the pool that runs
 *                            async calls and streams on Java 17–20 (default 512; on Java 21+ every
 *                            call gets a virtual thread and this is unused)
 * @param tokensPerByte       {@code Q2O_LLM_BUDGET_TOKENS_PER_BYTE}: input tokens a budget reservation
 *                            assumes per UTF-8 byte sent (default 4, range 1–16)
 * @param budgetFloor         {@code Q2O_LLM_BUDGET_MIN_OUTPUT_TOKENS}: the smallest output limit a
 *                            budget may lower a call to before refusing it (default 256)
 * @param pinnedModelFallback {@code Q2O_LLM_PINNED_MODEL_FALLBACK}: whether a model the request pins
 *                            that does not exist (404) falls back to other models and providers
 *                            (default false: a clear MODEL_NOT_FOUND error)
 */
public record EngineSettings(int asyncThreads, int tokensPerByte, int budgetFloor, boolean pinnedModelFallback) {

    /** Default of {@code <PROVIDER>_MAX_CONCURRENT_REQUESTS}. */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 512;

    /**
     * @param config the configuration
     * @return the settings
     * @throws ConfigException naming the variable and value if one is malformed or out of range
     */
    public static EngineSettings from(LlmConfig config) {
        return new EngineSettings(
                intSetting(config, "Q2O_LLM_ASYNC_THREADS", 512, 1, 100_000),
                intSetting(config, "Q2O_LLM_BUDGET_TOKENS_PER_BYTE", 4, 1, 16),
                intSetting(config, "Q2O_LLM_BUDGET_MIN_OUTPUT_TOKENS", 256, 1, 10_000_000),
                boolSetting(config, "Q2O_LLM_PINNED_MODEL_FALLBACK", false));
    }

    /**
     * @param config   the configuration
     * @param provider a provider name
     * @return the variable naming the provider's in-flight limit, e.g. {@code OPENAI_MAX_CONCURRENT_REQUESTS}
     */
    public static String concurrencyVariable(LlmConfig config, String provider) {
        return LlmConfig.prefix(provider) + "_MAX_CONCURRENT_REQUESTS";
    }

    /**
     * @param config   the configuration
     * @param provider a provider name
     * @return the provider's in-flight limit (default {@value #DEFAULT_MAX_CONCURRENT_REQUESTS})
     * @throws ConfigException if the setting is malformed or out of range
     */
    public static int maxConcurrent(LlmConfig config, String provider) {
        return intSetting(config, concurrencyVariable(config, provider), DEFAULT_MAX_CONCURRENT_REQUESTS, 1, 100_000);
    }

    private static int intSetting(LlmConfig config, String variable, int def, int min, int max) {
        Optional<String> raw = config.setting(variable);
        if (raw.isEmpty() || raw.get().isBlank()) {
            return def;
        }
        String v = raw.get().strip();
        int n;
        try {
            if (!v.chars().allMatch(ch -> ch >= '0' && ch <= '9') || v.length() > 9) {
                throw new NumberFormatException();
            }
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(variable, variable + "='" + v + "' is not a whole number between " + min
                    + " and " + max);
        }
        if (n < min || n > max) {
            throw new ConfigException(variable, variable + "=" + n + " is out of range: use " + min + " to " + max);
        }
        return n;
    }

    private static boolean boolSetting(LlmConfig config, String variable, boolean def) {
        Optional<String> raw = config.setting(variable);
        if (raw.isEmpty() || raw.get().isBlank()) {
            return def;
        }
        String v = raw.get().strip().toLowerCase(Locale.ROOT);
        switch (v) {
            case "true", "1", "yes", "on" -> {
                return true;
            }
            case "false", "0", "no", "off" -> {
                return false;
            }
            default -> throw new ConfigException(variable, variable + "='" + raw.get().strip()
                    + "' is not a boolean (true/false)");
        }
    }
}
