package io.q2o.llm.config;

import io.q2o.llm.internal.config.Settings;

/**
 * Defaults of a request that sets none. Immutable.
 *
 * @param temperature     {@code Q2O_LLM_TEMPERATURE}, 0–2, default 0.7 (a provider's
 *                        {@code <PREFIX>_TEMPERATURE} wins for that provider)
 * @param codeTemperature {@code Q2O_LLM_CODE_TEMPERATURE}, 0–2, default 0.3
 * @param maxTokens       {@code Q2O_LLM_MAX_TOKENS}, 1–10,000,000, default 8192
 */
public record GenerationConfig(double temperature, double codeTemperature, int maxTokens) {
    /** Validates the bounds. */
    public GenerationConfig {
        Settings.TEMPERATURE.check(temperature);
        Settings.CODE_TEMPERATURE.check(codeTemperature);
        Settings.MAX_TOKENS.check(maxTokens);
    }
}
