package io.q2o.llm.spi;

import java.util.List;

/**
 * Creates a provider from configuration. Factories are discovered with
 * {@link java.util.ServiceLoader} (register the implementation in
 * {@code META-INF/services/io.q2o.llm.spi.LlmProviderFactory}) or registered explicitly on
 * {@code LlmService.builder()}. Implementations need a public no-argument constructor for
 * ServiceLoader and must be stateless.
 */
public interface LlmProviderFactory {

    /** @return the provider's name, lower case, e.g. {@code "gemini"} */
    String name();

    /** @return the environment variable holding the API key, e.g. {@code "GOOGLE_API_KEY"} */
    String apiKeyVariable();

    /**
     * Whether a provider can be created without an API key (a local OpenAI-compatible server,
     * for example). The default is {@code false}: without a key the provider is skipped.
     *
     * @param config the provider's configuration
     * @return whether the key is optional for this configuration
     */
    default boolean keyOptional(ProviderConfig config) {
        return false;
    }

    /** @return the models tried in order when configuration names none */
    List<String> defaultModels();

    /**
     * Creates the provider. Called at most once per service.
     *
     * @param config the resolved configuration
     * @return the provider
     * @throws IllegalArgumentException naming the setting if the configuration is unusable
     */
    LlmProvider create(ProviderConfig config);

    // ------------------------------------------------------------------ telemetry name

    /**
     * The provider's name in telemetry: the {@code gen_ai.provider.name} value of the
     * OpenTelemetry GenAI semantic conventions (well-known values such as {@code openai},
     * {@code gcp.gemini}, {@code anthropic}). By default {@link #name()}; override it when the
     * conventions spell the provider differently.
     *
     * @return the telemetry name, never {@code null}
     */
    default String telemetryName() {
        return name();
    }

    /**
     * The telemetry names ({@link #telemetryName()}) of every factory found with
     * {@link java.util.ServiceLoader} on {@code loader}, by provider name; for meters and spans, so that
     * no module keeps its own table of provider names.
     *
     * @param loader the class loader to search, or {@code null} for the thread's context class loader
     * @return provider name to telemetry name; empty if no factory is found
     */
    static java.util.Map<String, String> discoveredTelemetryNames(ClassLoader loader) {
        ClassLoader cl = loader != null ? loader : Thread.currentThread().getContextClassLoader();
        java.util.Map<String, String> names = new java.util.HashMap<>();
        for (LlmProviderFactory f : java.util.ServiceLoader.load(LlmProviderFactory.class,
                cl != null ? cl : LlmProviderFactory.class.getClassLoader())) {
            names.putIfAbsent(f.name().toLowerCase(java.util.Locale.ROOT), f.telemetryName());
        }
        return java.util.Map.copyOf(names);
    }
}
