package io.q2o.llm.anthropic;

import io.q2o.llm.ConfigException;
import io.q2o.llm.Secret;
import io.q2o.llm.spi.HttpSettings;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.LlmProviderFactory;
import io.q2o.llm.spi.ProviderConfig;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates {@link AnthropicProvider}s. Registered for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/io.q2o.llm.spi.LlmProviderFactory}; stateless.
 *
 * <p>Settings used from {@link ProviderConfig}:
 * <ul>
 *   <li>{@code apiKey} — from {@code ANTHROPIC_API_KEY}; required.</li>
 *   <li>{@code baseUrl} — from {@code ANTHROPIC_BASE_URL}; an {@code http}/{@code https} URL
 *       <em>without</em> {@code /v1} (the SDK appends {@code /v1/messages}). By default
 *       {@code https://api.anthropic.com}.</li>
 *   <li>{@code requestTimeout} — the client's default timeout (each call uses its own
 *       {@link io.q2o.llm.spi.ProviderRequest#timeout()}).</li>
 * </ul>
 * The model ({@code ANTHROPIC_MODEL}) and temperature arrive per request, resolved by the core.
 */
public final class AnthropicProviderFactory implements LlmProviderFactory {

    /** The provider name, {@value}. */
    public static final String NAME = "anthropic";
    /** The environment variable holding the API key, {@value}. */
    public static final String API_KEY_VARIABLE = "ANTHROPIC_API_KEY";
    /** The environment variable overriding the base URL, {@value}. */
    public static final String BASE_URL_VARIABLE = "ANTHROPIC_BASE_URL";

    private static final List<String> DEFAULT_MODELS = List.of("claude-sonnet-4-20250514", "claude-3-5-sonnet-20241022");

    private final Clock clock;

    /** Creates the factory; used by {@link java.util.ServiceLoader}. Uses the system UTC clock. */
    public AnthropicProviderFactory() {
        this(Clock.systemUTC());
    }

    /** @param clock the clock HTTP-date {@code Retry-After} values are compared with */
    AnthropicProviderFactory(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return {@code "anthropic"} */
    @Override
    public String name() {
        return NAME;
    }

    /** @return {@code "ANTHROPIC_API_KEY"} */
    @Override
    public String apiKeyVariable() {
        return API_KEY_VARIABLE;
    }

    /** @return {@code claude-sonnet-4-20250514}, then {@code claude-3-5-sonnet-20241022} */
    @Override
    public List<String> defaultModels() {
        return DEFAULT_MODELS;
    }

    /**
     * Builds the provider and its SDK client (retries off, timeout from
     * {@link ProviderConfig#requestTimeout()}).
     *
     * @param config the resolved configuration
     * @return the provider; close it to release the client
     * @throws ConfigException         naming {@code ANTHROPIC_API_KEY} if no key is set, or
     *                                  {@code ANTHROPIC_BASE_URL} and its value if the base URL is unusable
     * @throws IllegalArgumentException if the timeout is not positive
     */
    @Override
    public LlmProvider create(ProviderConfig config) {
        Objects.requireNonNull(config, "config");
        Secret key = config.apiKey().orElseThrow(() -> new ConfigException(API_KEY_VARIABLE,
                API_KEY_VARIABLE + " is not set: the Anthropic provider needs an API key"));
        if (config.requestTimeout().isNegative() || config.requestTimeout().isZero()) {
            throw new IllegalArgumentException("request timeout of provider " + NAME + " must be positive: "
                    + config.requestTimeout());
        }
        Optional<String> baseUrl = config.baseUrl().map(String::strip).filter(s -> !s.isEmpty())
                .map(AnthropicProviderFactory::validateBaseUrl);
        return new AnthropicProvider(key, baseUrl, config.requestTimeout(), clock);
    }

    /**
     * @param raw the configured {@code ANTHROPIC_BASE_URL}
     * @return it without trailing slashes
     * @throws ConfigException naming {@code ANTHROPIC_BASE_URL} and the value unless it is an absolute
     *                         http(s) URL without user-info, query, fragment or a trailing {@code /v1}
     */
    static String validateBaseUrl(String raw) {
        String url = HttpSettings.baseUrl(BASE_URL_VARIABLE, raw);
        if (url.endsWith("/v1")) {
            throw new ConfigException(BASE_URL_VARIABLE, BASE_URL_VARIABLE + " must not end in /v1 (the SDK appends"
                    + " /v1/messages itself), got '" + HttpSettings.shown(url) + "'");
        }
        return url;
    }

    /** @return {@code "AnthropicProviderFactory"} */
    @Override
    public String toString() {
        return "AnthropicProviderFactory";
    }
}
