package io.q2o.llm.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.q2o.llm.ConfigException;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.config.ProviderSettings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves and holds each provider's {@link ProviderSettings}. Thread-safe. Not API.
 *
 * <p>Design: settings are parsed once per configuration, never per call. At build, every provider
 * named anywhere — the primary, the fallbacks, the config file's {@code "providers"} section and
 * any variable {@code <PREFIX>_MODEL|_TEMPERATURE|_BASE_URL|_RPM|_TPM|_MAX_CONCURRENT_REQUESTS} —
 * is resolved; any other name is resolved on first request and cached. A provider whose settings
 * are malformed does not stop the configuration from being built (a stray {@code FOO_TEMPERATURE}
 * in the environment must not break an application that never uses {@code foo}): the
 * {@link ConfigException} is kept and thrown, as a fresh exception, whenever that provider's
 * settings are asked for — which the service does when it registers the provider, at start-up.
 */
public final class ProviderResolver {
    private static final Pattern PROVIDER_VARIABLE = Pattern.compile(
            "([A-Z0-9][A-Z0-9_]*?)(_MODEL|_TEMPERATURE|_BASE_URL|_RPM|_TPM|_MAX_CONCURRENT_REQUESTS)");

    private static final int MAX_CACHED = 1024;

    private final ConfigSources sources;
    private final Map<String, Object> resolved = new ConcurrentHashMap<>();

    /**
     * Resolves every provider named in the sources.
     *
     * @param sources the loaded sources
     * @param named   provider names from the routing settings
     */
    public ProviderResolver(ConfigSources sources, Collection<String> named) {
        this.sources = sources;
        Set<String> names = new LinkedHashSet<>(named);
        names.addAll(sources.providers().keySet());
        for (String variable : sources.names()) {
            Matcher m = PROVIDER_VARIABLE.matcher(variable);
            if (m.matches() && !m.group(1).startsWith("Q2O_")) {
                names.add(m.group(1).toLowerCase(Locale.ROOT));
            }
        }
        for (String name : names) {
            resolved.put(name, resolve(name));
        }
    }

    /**
     * @param name a provider name
     * @return its settings
     * @throws ConfigException naming the variable and value if one of them is malformed
     */
    public ProviderSettings get(String name) {
        Object r = resolved.get(name);
        if (r == null) {
            // names come from registered providers; bound the cache against a caller inventing names
            r = resolved.size() < MAX_CACHED ? resolved.computeIfAbsent(name, this::resolve) : resolve(name);
        }
        if (r instanceof ConfigException e) {
            throw new ConfigException(e.variable(), e.getMessage(), e);
        }
        return (ProviderSettings) r;
    }

    /** @return every provider resolved so far, by name, failures excluded */
    public Map<String, ProviderSettings> resolvedProviders() {
        Map<String, ProviderSettings> out = new LinkedHashMap<>();
        resolved.forEach((k, v) -> {
            if (v instanceof ProviderSettings p) {
                out.put(k, p);
            }
        });
        return out;
    }

    private Object resolve(String name) {
        try {
            return build(name);
        } catch (ConfigException e) {
            return e;
        }
    }

    private ProviderSettings build(String name) {
        String p = LlmConfig.prefix(name);
        JsonNode file = sources.providers().get(name);
        String origin = sources.providerOrigin(name);
        String fileVariable = ConfigSources.variableOf(origin);
        List<ConfigException> errors = new ArrayList<>();

        String modelVar = p + Settings.MODEL_SUFFIX;
        List<String> models = field(errors, List.of(), () -> models(modelVar, file, name, origin, fileVariable));
        String tempVar = p + Settings.TEMPERATURE_SUFFIX;
        OptionalDouble temperature = field(errors, OptionalDouble.empty(), () -> {
            String t = sources.lookup(tempVar, true);
            return t == null ? OptionalDouble.empty() : OptionalDouble.of(Values.parseDouble(tempVar, t, 0.0, 2.0));
        });
        String urlVar = p + Settings.BASE_URL_SUFFIX;
        Optional<String> baseUrl = field(errors, Optional.empty(), () -> {
            String url = sources.lookup(urlVar, true);
            return url == null ? Optional.empty() : Optional.of(Values.parseBaseUrl(urlVar, url));
        });
        OptionalLong rpm = field(errors, OptionalLong.empty(), () -> perMinute(p + Settings.RPM_SUFFIX, file,
                "requests_per_minute", Settings.MAX_RPM, origin, fileVariable, name));
        OptionalLong tpm = field(errors, OptionalLong.empty(), () -> perMinute(p + Settings.TPM_SUFFIX, file,
                "tokens_per_minute", Settings.MAX_TPM, origin, fileVariable, name));
        String concVar = p + Settings.MAX_CONCURRENT_SUFFIX;
        int concurrent = field(errors, Settings.DEFAULT_MAX_CONCURRENT, () -> {
            String c = sources.lookup(concVar, true);
            return c == null ? Settings.DEFAULT_MAX_CONCURRENT : (int) Values.parseLong(concVar, c, 1, Settings.MAX_CONCURRENT);
        });
        if (!errors.isEmpty()) {
            // report every malformed setting of the provider at once, named by the first
            StringBuilder msg = new StringBuilder();
            for (ConfigException e : errors) {
                msg.append(msg.length() == 0 ? "" : "; ").append(e.getMessage());
            }
            throw new ConfigException(errors.get(0).variable(), msg.toString(), errors.get(0));
        }
        return new ProviderSettings(name, models, temperature, baseUrl, rpm, tpm, concurrent);
    }

    private static <T> T field(List<ConfigException> errors, T fallback, Supplier<T> read) {
        try {
            return read.get();
        } catch (ConfigException e) {
            errors.add(e);
            return fallback;
        }
    }

    private List<String> models(String modelVar, JsonNode file, String name, String origin, String fileVariable) {
        List<String> models = new ArrayList<>();
        String env = sources.lookup(modelVar, true);
        if (env != null) {
            models.addAll(Values.parseModels(modelVar, env));
        }
        if (file != null) {
            JsonNode list = file.path("models");
            if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
                throw new ConfigException(fileVariable, origin + ": providers." + name + ".models must be a list of model names");
            }
            for (JsonNode m : list) {
                String model = m.isTextual() ? m.textValue() : m.toString();
                try {
                    Values.checkModel(modelVar, model);
                } catch (ConfigException e) {
                    throw new ConfigException(fileVariable, origin + ": providers." + name + ".models: " + e.getMessage(), e);
                }
                if (!models.contains(model)) {
                    models.add(model);
                }
            }
        }
        return models;
    }

    private OptionalLong perMinute(String variable, JsonNode file, String field, long max, String origin,
                                   String fileVariable, String name) {
        String v = sources.lookup(variable, true);
        if (v != null) {
            return OptionalLong.of(Values.parseLong(variable, v, 1, max));
        }
        JsonNode n = file == null ? null : file.get(field);
        if (n == null || n.isNull()) {
            return OptionalLong.empty();
        }
        String text = n.isNumber() || n.isTextual() ? n.asText() : n.toString();
        try {
            return OptionalLong.of(Values.parseLong(variable, text, 1, max));
        } catch (ConfigException e) {
            throw new ConfigException(fileVariable, origin + ": providers." + name + "." + field + "="
                    + Values.show(field, text) + " is invalid: expected a whole number between 1 and " + max
                    + " (or " + variable + ")", e);
        }
    }
}
