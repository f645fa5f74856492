package io.q2o.llm.internal;

import io.q2o.llm.ConfigException;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.internal.config.Settings;

import java.util.Optional;

/**
 * The engine's own settings, read once when a service is built and validated eagerly.
 *
 * @param asyncThreads        {@code Q2O_LLM_ASYNC_THREADS}: the most threads of the pool that runs
 *                            async calls and streams on Java 17–20 (default 512; on Java 21+ every
 *                            call gets a virtual thread and this is unused)
 * @param tokensPerByte       {@code Q2O_LLM_BUDGET_TOKENS_PER_BYTE}: input tokens a budget reservation
 *                            assumes per UTF-8 byte sent (default 4, range 1–16)
 * @param estimateFactor      {@code Q2O_LLM_BUDGET_ESTIMATE_FACTOR}: a budget reservation also assumes
 *                            at least this many times the library's own token estimate of the input
 *                            (default 10, range 0–100; 0 leaves only the per-byte bound)
 * @param budgetFloor         {@code Q2O_LLM_BUDGET_MIN_OUTPUT_TOKENS}: the smallest output limit a
 *                            budget may lower a call to before refusing it (default 256)
 * @param pinnedModelFallback {@code Q2O_LLM_PINNED_MODEL_FALLBACK}: whether a model the request pins
 *                            that does not exist (404) falls back to other models and providers
 *                            (default false: a clear MODEL_NOT_FOUND error)
 */
public record EngineSettings(int asyncThreads, int tokensPerByte, int estimateFactor, int budgetFloor,
                             boolean pinnedModelFallback) {

    /**
     * @param config the configuration
     * @return the settings
     * @throws ConfigException naming the variable and value if one is malformed or out of range
     */
    public static EngineSettings from(LlmConfig config) {
        return new EngineSettings(
                (int) whole(config, Settings.ASYNC_THREADS),
                (int) whole(config, Settings.BUDGET_TOKENS_PER_BYTE),
                (int) whole(config, Settings.BUDGET_ESTIMATE_FACTOR),
                (int) whole(config, Settings.BUDGET_MIN_OUTPUT_TOKENS),
                flag(config, Settings.PINNED_MODEL_FALLBACK));
    }

    private static long whole(LlmConfig config, Settings.Whole setting) {
        Optional<String> raw = config.setting(setting.name());
        return raw.isEmpty() || raw.get().isBlank() ? setting.def() : setting.parse(raw.get());
    }

    private static boolean flag(LlmConfig config, Settings.Flag setting) {
        Optional<String> raw = config.setting(setting.name());
        return raw.isEmpty() || raw.get().isBlank() ? setting.def() : setting.parse(raw.get());
    }
}
