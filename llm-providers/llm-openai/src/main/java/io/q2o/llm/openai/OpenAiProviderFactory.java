package io.q2o.llm.openai;

import io.q2o.llm.ConfigException;
import io.q2o.llm.spi.HttpSettings;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.LlmProviderFactory;
import io.q2o.llm.spi.ProviderConfig;

import java.util.List;

/**
 * Creates the {@link OpenAiProvider}. Found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.q2o.llm.spi.LlmProviderFactory}, or registered explicitly on
 * {@code LlmService.builder()}.
 *
 * <p>Settings (resolved by llm-core with its usual precedence):
 * <ul>
 *   <li>{@code OPENAI_API_KEY} — the key; required unless {@code OPENAI_BASE_URL} is set.</li>
 *   <li>{@code OPENAI_MODEL} — the model(s); default {@link #DEFAULT_MODELS}.</li>
 *   <li>{@code OPENAI_TEMPERATURE} — the default temperature (applied by llm-core).</li>
 *   <li>{@code OPENAI_BASE_URL} — default {@code https://api.openai.com/v1}; any OpenAI-compatible
 *       server such as Ollama ({@code http://localhost:11434/v1}), vLLM or LM Studio.</li>
 *   <li>{@code OPENAI_MAX_TOKENS_FIELD} — {@code max_completion_tokens} (default for
 *       {@code api.openai.com}) or {@code max_tokens} (default for any other base URL).</li>
 *   <li>{@code OPENAI_ORG_ID}, {@code OPENAI_PROJECT_ID} — sent as the {@code OpenAI-Organization}
 *       and {@code OpenAI-Project} headers; default: not sent (the key's default organization and project).</li>
 * </ul>
 *
 * <p>Stateless; the public no-argument constructor is for ServiceLoader.
 */
public final class OpenAiProviderFactory implements LlmProviderFactory {

    /** The provider name: {@value}. */
    public static final String NAME = "openai";

    /** The environment variable holding the API key: {@value}. */
    public static final String API_KEY_VARIABLE = "OPENAI_API_KEY";

    /** The environment variable overriding the base URL: {@value}. */
    public static final String BASE_URL_VARIABLE = "OPENAI_BASE_URL";

    /** The setting choosing the token-limit field ({@code max_completion_tokens} or {@code max_tokens}): {@value}. */
    public static final String MAX_TOKENS_FIELD_VARIABLE = "OPENAI_MAX_TOKENS_FIELD";

    /** The setting naming the OpenAI organization ({@code OpenAI-Organization} header); default none: {@value}. */
    public static final String ORGANIZATION_VARIABLE = "OPENAI_ORG_ID";

    /** The setting naming the OpenAI project ({@code OpenAI-Project} header); default none: {@value}. */
    public static final String PROJECT_VARIABLE = "OPENAI_PROJECT_ID";

    /** The models tried in order when {@code OPENAI_MODEL} names none: {@code gpt-4o-mini}, then {@code gpt-4o}. */
    public static final List<String> DEFAULT_MODELS = List.of("gpt-4o-mini", "gpt-4o");

    /** Creates the factory (for ServiceLoader). */
    public OpenAiProviderFactory() {
    }

    /** @return {@value #NAME} */
    @Override
    public String name() {
        return NAME;
    }

    /** @return {@value #API_KEY_VARIABLE} */
    @Override
    public String apiKeyVariable() {
        return API_KEY_VARIABLE;
    }

    /**
     * A key is optional when a base URL override is configured: OpenAI-compatible local servers
     * (Ollama, vLLM, LM Studio) need none, and a placeholder key is sent instead.
     *
     * @param config the provider's configuration
     * @return whether {@code config.baseUrl()} is set
     */
    @Override
    public boolean keyOptional(ProviderConfig config) {
        return config.baseUrl().filter(url -> !url.isBlank()).isPresent();
    }

    /** @return {@link #DEFAULT_MODELS} */
    @Override
    public List<String> defaultModels() {
        return DEFAULT_MODELS;
    }

    /**
     * @param config the resolved configuration
     * @return a new {@link OpenAiProvider}; the caller closes it
     * @throws IllegalArgumentException naming the variable if the key is missing (and no base URL
     *                                  is set)
     * @throws ConfigException          naming the variable and the value if the base URL is invalid,
     *                                  a setting is unknown or a header setting holds a character
     *                                  an HTTP header cannot carry
     */
    @Override
    public LlmProvider create(ProviderConfig config) {
        // values sent as headers are checked here, so a bad one fails the build, never a call
        for (String header : List.of(ORGANIZATION_VARIABLE, PROJECT_VARIABLE)) {
            config.setting(header).filter(v -> !v.isBlank()).ifPresent(v -> HttpSettings.headerValue(header, v));
        }
        return new OpenAiProvider(config);
    }
}
