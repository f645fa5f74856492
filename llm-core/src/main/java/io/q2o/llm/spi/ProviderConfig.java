package io.q2o.llm.spi;

import io.q2o.llm.Secret;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The resolved configuration handed to {@link LlmProviderFactory#create}.
 *
 * @param name           the provider name
 * @param apiKey         the API key, empty if unset
 * @param models         the models to try, in order (never empty)
 * @param temperature    the provider-specific default temperature ({@code OPENAI_TEMPERATURE}, …), if set
 * @param baseUrl        a base URL override ({@code OPENAI_BASE_URL}, …), if set
 * @param requestTimeout the default timeout of one HTTP request
 * @param settings       raw lookup of any further setting by variable name, with the service's
 *                       precedence (builder &gt; environment &gt; .env &gt; config file)
 */
public record ProviderConfig(String name, Optional<Secret> apiKey, List<String> models,
                             OptionalDouble temperature, Optional<String> baseUrl,
                             Duration requestTimeout, Function<String, Optional<String>> settings) {

    /** Validates and copies the components. */
    public ProviderConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(apiKey, "apiKey");
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("provider " + name + " has no models configured");
        }
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(settings, "settings");
    }

    /**
     * @param variable a variable name
     * @return its value, if set
     */
    public Optional<String> setting(String variable) {
        return settings.apply(variable);
    }

    /** @return a summary; the key is shown only as set/unset */
    @Override
    public String toString() {
        return "ProviderConfig{name=" + name + ", apiKey=" + (apiKey.isPresent() ? "set" : "unset")
                + ", models=" + models + ", baseUrl=" + baseUrl.orElse("default") + ", requestTimeout="
                + requestTimeout + "}";
    }
}
