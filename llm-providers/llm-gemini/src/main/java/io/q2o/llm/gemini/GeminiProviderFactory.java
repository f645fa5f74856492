package io.q2o.llm.gemini;

import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.LlmProviderFactory;
import io.q2o.llm.spi.ProviderConfig;

import java.util.List;

/**
 * Creates the Google Gemini provider ({@value #NAME}) over the official
 * {@code com.google.genai:google-genai} SDK, talking to the Gemini Developer API (not Vertex AI).
 *
 * <p>Discovered through {@link java.util.ServiceLoader} (this module registers it in
 * {@code META-INF/services/io.q2o.llm.spi.LlmProviderFactory}); it can also be registered
 * explicitly on {@code LlmService.builder()}. Stateless and thread-safe.
 *
 * <p>Settings read from the {@link ProviderConfig} (the service resolves them from the builder,
 * the environment, {@code .env} and the config file, in that order):
 * <ul>
 *   <li>{@value #API_KEY_VARIABLE} – the API key; required (there is no key-less mode).</li>
 *   <li>{@code GEMINI_MODEL} – resolved by the service into {@link ProviderConfig#models()};
 *       by default {@link #defaultModels()}.</li>
 *   <li>{@code GEMINI_TEMPERATURE} – resolved by the service into the request temperature.</li>
 *   <li>{@value #BASE_URL_VARIABLE} – the server root, by default
 *       {@value GeminiProvider#DEFAULT_BASE_URL}; the API version is appended by the SDK.</li>
 *   <li>{@value #API_VERSION_VARIABLE} – by default {@value GeminiProvider#DEFAULT_API_VERSION}.</li>
 *   <li>{@value #MAX_CONCURRENT_REQUESTS_VARIABLE} – in-flight HTTP requests per provider, by
 *       default {@value GeminiProvider#DEFAULT_MAX_CONCURRENT_REQUESTS}.</li>
 *   <li>The request timeout is {@link ProviderConfig#requestTimeout()}; each call may shorten it
 *       with {@link io.q2o.llm.spi.ProviderRequest#timeout()}.</li>
 * </ul>
 */
public final class GeminiProviderFactory implements LlmProviderFactory {

    /** The provider name, {@value}. */
    public static final String NAME = "gemini";
    /** The environment variable holding the API key, {@value}. */
    public static final String API_KEY_VARIABLE = "GOOGLE_API_KEY";
    /** The variable overriding the server root, {@value}. */
    public static final String BASE_URL_VARIABLE = "GEMINI_BASE_URL";
    /** The variable overriding the API version, {@value}. */
    public static final String API_VERSION_VARIABLE = "GEMINI_API_VERSION";
    /** The variable bounding in-flight HTTP requests per provider, {@value}. */
    public static final String MAX_CONCURRENT_REQUESTS_VARIABLE = "GEMINI_MAX_CONCURRENT_REQUESTS";

    private static final List<String> DEFAULT_MODELS = List.of("gemini-2.5-pro", "gemini-2.5-flash");

    /** Creates the factory; it holds no state. Needed by {@link java.util.ServiceLoader}. */
    public GeminiProviderFactory() {
    }

    /** @return {@value #NAME} */
    @Override
    public String name() {
        return NAME;
    }

    /** The {@code gen_ai.provider.name} of the OpenTelemetry GenAI semantic conventions, {@value}. */
    public static final String TELEMETRY_NAME = "gcp.gemini";

    /** @return {@value #TELEMETRY_NAME}, the GenAI semantic conventions' name for the Gemini API */
    @Override
    public String telemetryName() {
        return TELEMETRY_NAME;
    }

    /** @return {@value #API_KEY_VARIABLE} */
    @Override
    public String apiKeyVariable() {
        return API_KEY_VARIABLE;
    }

    /**
     * The models tried in order when no {@code GEMINI_MODEL} is configured: {@code gemini-2.5-pro},
     * then {@code gemini-2.5-flash} (the order of {@code config/llm_config.json}).
     *
     * @return the default models
     */
    @Override
    public List<String> defaultModels() {
        return DEFAULT_MODELS;
    }

    /**
     * Creates a provider with the SDK's own retries switched off and a timeout always set.
     *
     * @param config the resolved configuration; its API key is required
     * @return a new provider; close it to release its HTTP resources
     * @throws IllegalArgumentException naming the setting if the key is missing or a setting
     *                                  ({@value #BASE_URL_VARIABLE}, the timeout, …) is unusable
     */
    @Override
    public LlmProvider create(ProviderConfig config) {
        return new GeminiProvider(config);
    }

    /** @return {@code "GeminiProviderFactory[gemini]"} */
    @Override
    public String toString() {
        return "GeminiProviderFactory[" + NAME + "]";
    }
}
