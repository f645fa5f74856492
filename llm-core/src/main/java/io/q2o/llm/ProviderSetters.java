package io.q2o.llm;

import io.q2o.llm.internal.config.Settings;
import io.q2o.llm.internal.config.Values;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The overrides recorded by {@link LlmConfig.Builder} and its typed per-provider setters
 * ({@code <PREFIX>_*}); the global ones are in {@link TypedSetters}.
 *
 * <p>Design: an override is kept twice — its text, which {@link LlmConfig#setting(String)} and
 * {@link LlmConfig.Builder#set(String, String)} deal in, and, for a typed setter, the validated
 * typed value, which the build uses as is (so a {@code Duration} of 1.5 s is not rounded to a
 * whole number of seconds). Writing a variable either way replaces both, so the last call wins.
 *
 * @param <B> the builder type
 */
abstract class ProviderSetters<B extends ProviderSetters<B>> {
    final Map<String, String> overrides = new HashMap<>();
    final Map<String, Object> typed = new HashMap<>();

    ProviderSetters() {
    }

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    final void override(String variable, String value) {
        Objects.requireNonNull(variable, "variable");
        typed.remove(variable);
        if (value == null) {
            overrides.remove(variable);
        } else {
            overrides.put(variable, value);
        }
    }

    final B put(String variable, Object value, String text) {
        override(variable, text);
        if (value != null) {
            typed.put(variable, value);
        }
        return self();
    }

    // ------------------------------------------------------------------ per provider (<PREFIX>_*)

    /**
     * Sets {@code <PREFIX>_MODEL}: tried first, in order.
     *
     * @param provider a provider
     * @param models the value
     * @return this
     * @throws ConfigException naming the variable and the value if a model name is malformed
     */
    public B providerModels(String provider, List<String> models) {
        String name = LlmConfig.prefix(provider) + Settings.MODEL_SUFFIX;
        models.forEach(m -> Values.checkModel(name, m));
        return put(name, null, String.join(",", models));
    }

    /**
     * Sets {@code <PREFIX>_TEMPERATURE}, 0–2.
     *
     * @param provider a provider
     * @param t the value
     * @return this
     * @throws ConfigException naming the variable and the value if it is out of range
     */
    public B providerTemperature(String provider, double t) {
        String name = LlmConfig.prefix(provider) + Settings.TEMPERATURE_SUFFIX;
        return put(name, null, Double.toString(Values.checkDouble(name, t, 0.0, 2.0)));
    }

    /**
     * Sets {@code <PREFIX>_BASE_URL}, an http(s) URL.
     *
     * @param provider a provider
     * @param url the value
     * @return this
     * @throws ConfigException naming the variable and the value if it is malformed
     */
    public B providerBaseUrl(String provider, String url) {
        String name = LlmConfig.prefix(provider) + Settings.BASE_URL_SUFFIX;
        return put(name, null, Values.parseBaseUrl(name, Objects.requireNonNull(url, "url")));
    }

    /**
     * Sets {@code <PREFIX>_RPM}, 1 – 10⁹.
     *
     * @param provider a provider
     * @param n the value
     * @return this
     * @throws ConfigException naming the variable and the value if it is out of range
     */
    public B requestsPerMinute(String provider, long n) {
        String name = LlmConfig.prefix(provider) + Settings.RPM_SUFFIX;
        return put(name, null, Long.toString(Values.checkLong(name, n, 1, Settings.MAX_RPM)));
    }

    /**
     * Sets {@code <PREFIX>_TPM}, 1 – 10¹².
     *
     * @param provider a provider
     * @param n the value
     * @return this
     * @throws ConfigException naming the variable and the value if it is out of range
     */
    public B tokensPerMinute(String provider, long n) {
        String name = LlmConfig.prefix(provider) + Settings.TPM_SUFFIX;
        return put(name, null, Long.toString(Values.checkLong(name, n, 1, Settings.MAX_TPM)));
    }

    /**
     * Sets {@code <PREFIX>_MAX_CONCURRENT_REQUESTS}, 1 – 100,000 (default 256).
     *
     * @param provider a provider
     * @param n the value
     * @return this
     * @throws ConfigException naming the variable and the value if it is out of range
     */
    public B maxConcurrentRequests(String provider, int n) {
        String name = LlmConfig.prefix(provider) + Settings.MAX_CONCURRENT_SUFFIX;
        return put(name, null, Long.toString(Values.checkLong(name, n, 1, Settings.MAX_CONCURRENT)));
    }
}
