package io.q2o.llm.config;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.internal.config.Settings;
import io.q2o.llm.internal.config.Values;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One provider's settings, read from the variables {@code <PREFIX>_*} (the prefix is
 * {@link LlmConfig#prefix(String)} of the name, e.g. {@code OPENAI}) and the config file's
 * {@code "providers"} section. Resolved once per configuration. Immutable.
 *
 * @param name                  the provider name, e.g. {@code openai}
 * @param models                {@code <PREFIX>_MODEL} (a comma list) followed by the config file's
 *                              list, duplicates removed; may be empty (then the factory's defaults apply,
 *                              see {@link #models(List)})
 * @param temperature           {@code <PREFIX>_TEMPERATURE}, 0–2; empty (use {@code Q2O_LLM_TEMPERATURE}) by default
 * @param baseUrl               {@code <PREFIX>_BASE_URL}, an http(s) URL; empty (the SDK's default) by default
 * @param requestsPerMinute     {@code <PREFIX>_RPM}, else the file's {@code requests_per_minute};
 *                              1 – 10⁹; empty (unlimited) by default
 * @param tokensPerMinute       {@code <PREFIX>_TPM}, else the file's {@code tokens_per_minute};
 *                              1 – 10¹²; empty (unlimited) by default
 * @param maxConcurrentRequests {@code <PREFIX>_MAX_CONCURRENT_REQUESTS}: HTTP requests in flight
 *                              at once per provider instance, 1 – 100,000, default
 *                              {@value #DEFAULT_MAX_CONCURRENT_REQUESTS}
 */
public record ProviderSettings(String name, List<String> models, OptionalDouble temperature, Optional<String> baseUrl,
                               OptionalLong requestsPerMinute, OptionalLong tokensPerMinute,
                               int maxConcurrentRequests) {
    /** Default of {@code <PREFIX>_MAX_CONCURRENT_REQUESTS}: {@value}. */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = Settings.DEFAULT_MAX_CONCURRENT;

    /** Validates every component against the bounds of its variable. */
    public ProviderSettings {
        Objects.requireNonNull(name, "name");
        String p = LlmConfig.prefix(name);
        models = List.copyOf(models);
        for (String m : models) {
            Values.checkModel(p + Settings.MODEL_SUFFIX, m);
        }
        Objects.requireNonNull(temperature, "temperature");
        if (temperature.isPresent()) {
            Values.checkDouble(p + Settings.TEMPERATURE_SUFFIX, temperature.getAsDouble(), 0.0, 2.0);
        }
        baseUrl.ifPresent(u -> Values.parseBaseUrl(p + Settings.BASE_URL_SUFFIX, u));
        if (requestsPerMinute.isPresent()) {
            Values.checkLong(p + Settings.RPM_SUFFIX, requestsPerMinute.getAsLong(), 1, Settings.MAX_RPM);
        }
        if (tokensPerMinute.isPresent()) {
            Values.checkLong(p + Settings.TPM_SUFFIX, tokensPerMinute.getAsLong(), 1, Settings.MAX_TPM);
        }
        Values.checkLong(p + Settings.MAX_CONCURRENT_SUFFIX, maxConcurrentRequests, 1, Settings.MAX_CONCURRENT);
    }

    /** @return the variable prefix, e.g. {@code OPENAI} */
    public String prefix() {
        return LlmConfig.prefix(name);
    }

    /**
     * @param defaults the provider factory's default models
     * @return {@link #models()}, or {@code defaults} when that is empty
     */
    public List<String> models(List<String> defaults) {
        if (!models.isEmpty()) {
            return models;
        }
        Set<String> ordered = new LinkedHashSet<>(defaults);
        return List.copyOf(ordered);
    }
}
