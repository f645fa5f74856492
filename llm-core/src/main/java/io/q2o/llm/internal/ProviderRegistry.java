package io.q2o.llm.internal;

import io.q2o.llm.ConfigException;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.Secret;
import io.q2o.llm.spi.BucketFactory;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.LlmProviderFactory;
import io.q2o.llm.spi.ProviderConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The providers of one service, assembled once when it is built: every factory (discovered or
 * registered) is given its resolved configuration and creates its adapter if its key is set;
 * ready instances are added as they are. Each usable provider gets a {@link ProviderHandle}
 * (breaker, rate-limit buckets, in-flight slots). Providers that cannot be used are kept with the
 * reason, for the one-line NO_PROVIDER error. The primary and fallback names must be known.
 */
public final class ProviderRegistry {
    private static final Logger log = LoggerFactory.getLogger("io.q2o.llm.LlmService");

    /**
     * The three providers of the default chain and their API key variables, known even when their
     * module is absent, so that a default configuration with one provider module names the missing
     * ones ("add io.q2o:llm-gemini") instead of failing to build, and a misspelt name still fails.
     * A present module's factory always wins: its name, key variable and models come from it.
     */
    private static final Map<String, String> BUILT_IN_KEYS = Map.of(
            "gemini", "GOOGLE_API_KEY", "openai", "OPENAI_API_KEY", "anthropic", "ANTHROPIC_API_KEY");

    /**
     * A ready provider instance registered on the builder.
     *
     * @param provider the adapter
     * @param models   its models, or empty to take them from configuration
     */
    public record Instance(LlmProvider provider, List<String> models) {
    }

    private final Map<String, ProviderHandle> handles = new LinkedHashMap<>();
    private final Map<String, String> unusable = new LinkedHashMap<>();
    private final Map<String, String> keyVariables = new LinkedHashMap<>(BUILT_IN_KEYS);
    private final Map<String, List<String>> allModels = new LinkedHashMap<>();
    private final List<LlmProvider> created = new ArrayList<>();
    private final List<Secret> secrets = new ArrayList<>();

    /**
     * @param config    the configuration
     * @param clock     the service's clock (breakers, buckets)
     * @param factories the provider factories by name (discovered ones first, registered ones winning)
     * @param instances ready instances
     * @param buckets   shared rate-limit buckets, or {@code null} for local ones
     * @throws ConfigException if the primary or a fallback names an unknown provider
     */
    public ProviderRegistry(LlmConfig config, Clock clock, Map<String, LlmProviderFactory> factories,
                            List<Instance> instances, BucketFactory buckets) {
        factories.forEach((name, f) -> keyVariables.put(name, f.apiKeyVariable()));
        Set<String> known = new LinkedHashSet<>(keyVariables.keySet());
        instances.forEach(i -> known.add(i.provider().name().toLowerCase(Locale.ROOT)));
        checkKnown("Q2O_LLM_PRIMARY", List.of(config.primary()), known);
        checkKnown("Q2O_LLM_FALLBACK", config.fallbacks(), known);
        for (Map.Entry<String, LlmProviderFactory> e : factories.entrySet()) {
            String name = e.getKey();
            LlmProviderFactory f = e.getValue();
            List<String> models = config.models(name, f.defaultModels());
            allModels.put(name, models);
            if (models.isEmpty()) {
                unusable.put(name, "no models configured (" + LlmConfig.prefix(name) + "_MODEL)");
                continue;
            }
            Optional<Secret> key = config.secret(f.apiKeyVariable());
            key.ifPresent(k -> requireHeaderSafe(f.apiKeyVariable(), k));
            key.ifPresent(secrets::add);
            ProviderConfig pc = new ProviderConfig(name, key, models, config.providerTemperature(name),
                    config.providerBaseUrl(name), config.requestTimeout(), config::setting);
            if (key.isEmpty() && !f.keyOptional(pc)) {
                unusable.put(name, f.apiKeyVariable() + " is not set");
                log.info("LLM provider {} skipped: {} is not set", name, f.apiKeyVariable());
                continue;
            }
            if (!config.useLlm()) {
                continue;
            }
            LlmProvider p = f.create(pc);
            created.add(p);
            handles.put(name, handle(config, p, models, f.apiKeyVariable(), clock, buckets));
        }
        for (Instance i : instances) {
            String name = i.provider().name().toLowerCase(Locale.ROOT);
            List<String> models = i.models().isEmpty() ? config.models(name, List.of()) : i.models();
            if (models.isEmpty()) {
                throw new IllegalArgumentException("provider " + name + " was registered without models and "
                        + LlmConfig.prefix(name) + "_MODEL is not set");
            }
            allModels.put(name, models);
            unusable.remove(name);
            created.add(i.provider());
            handles.put(name, handle(config, i.provider(), models, keyVariables.getOrDefault(name, "-"), clock, buckets));
        }
    }

    private static ProviderHandle handle(LlmConfig config, LlmProvider p, List<String> models, String keyVariable,
                                         Clock clock, BucketFactory buckets) {
        String name = p.name().toLowerCase(Locale.ROOT);
        return new ProviderHandle(p, models, keyVariable, clock, config.circuitFailureThreshold(),
                config.circuitCooldown(), config.requestsPerMinute(name), config.tokensPerMinute(name), buckets,
                config.provider(name).maxConcurrentRequests(), LlmConfig.prefix(name) + "_MAX_CONCURRENT_REQUESTS");
    }

    private static void checkKnown(String variable, List<String> names, Set<String> known) {
        for (String n : names) {
            if (!known.contains(n)) {
                throw new ConfigException(variable, variable + "='" + n + "' is not a known provider; known providers: "
                        + String.join(", ", known));
            }
        }
    }

    /** @return the usable providers by name, in registration order */
    public Map<String, ProviderHandle> handles() { return handles; }

    /** @return configured providers that cannot be used, with the reason */
    public Map<String, String> unusable() { return unusable; }

    /** @return every known provider's API key variable */
    public Map<String, String> keyVariables() { return keyVariables; }

    /** @return every known provider's models */
    public Map<String, List<String>> allModels() { return allModels; }

    /** @return the adapters this service created or was given, to close with it */
    public List<LlmProvider> providers() { return List.copyOf(created); }

    /** @return the API keys in use, for redaction */
    public List<Secret> secrets() { return secrets; }

    /**
     * An API key travels in an HTTP header, where a line break, space, control or non-ASCII
     * character is refused by the HTTP client with a message that may quote the header value;
     * refuse such a key here, naming the variable and the position, never the value.
     */
    private static void requireHeaderSafe(String variable, Secret key) {
        String v = key.reveal();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                throw new ConfigException(variable, variable + " contains a "
                        + (c == '\n' || c == '\r' ? "line break" : c == ' ' || c == '\t' ? "space" : "control or non-ASCII character")
                        + " at position " + (i + 1) + " of " + v.length() + " (the value is not shown): an API key is "
                        + "printable ASCII only; check the quoting in .env or the environment");
            }
        }
    }
}
