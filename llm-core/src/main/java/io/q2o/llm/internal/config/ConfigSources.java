package io.q2o.llm.internal.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvEntry;
import io.github.cdimascio.dotenv.DotenvException;
import io.q2o.llm.ConfigException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where settings come from: builder overrides, the process environment, a {@code .env} file and
 * the JSON config files. Immutable and thread-safe once built. Not API.
 *
 * <p>Design: all reading of the outside world happens here, once, when a configuration is
 * built; everything else asks {@link #lookup} for a raw string and parses it. Precedence, first
 * match wins: overrides, environment, {@code .env}, the config file's {@code "settings"}. The
 * config file is {@code Q2O_LLM_CONFIG} if set, else {@code config/llm_config.json} in the working
 * directory if present, overlaid on the copy packaged in the jar; its {@code "models"} (prices)
 * and {@code "providers"} sections are kept as JSON, each entry with the label of the file it came
 * from so that {@link PriceTableParser} and the provider resolver can name the file in errors.
 * Every error about a file names the variable that chose it ({@code Q2O_LLM_CONFIG}) and its path.
 */
public final class ConfigSources {
    /** The resource path of the packaged config file. */
    public static final String PACKAGED_CONFIG = "/io/q2o/llm/llm_config.json";

    private final Map<String, String> overrides;
    private final Map<String, String> environment;
    private final Map<String, String> dotenv;
    private final Map<String, String> fileSettings;
    private final Map<String, String> fileSettingOrigin;
    private final Map<String, JsonNode> models;
    private final Map<String, String> modelOrigin;
    private final Map<String, JsonNode> providers;
    private final Map<String, String> providerOrigin;
    private final String description;

    /**
     * Reads every source.
     *
     * @param overrides          builder values (win over everything)
     * @param environment        the environment, {@code null} for the process environment
     * @param dotenvDirectory    folder of {@code .env}, {@code null} to read none
     * @param useWorkingDirConfig whether {@code config/llm_config.json} in the working directory is read
     * @throws ConfigException naming the file (and {@code Q2O_LLM_CONFIG}) if one is unreadable
     */
    public ConfigSources(Map<String, String> overrides, Map<String, String> environment, Path dotenvDirectory,
                         boolean useWorkingDirConfig) {
        this.overrides = Map.copyOf(overrides);
        this.environment = environment == null ? System.getenv() : Map.copyOf(environment);
        this.dotenv = dotenvDirectory == null ? Map.of() : loadDotenv(dotenvDirectory);
        this.fileSettings = new HashMap<>();
        this.fileSettingOrigin = new HashMap<>();
        this.models = new LinkedHashMap<>();
        this.modelOrigin = new HashMap<>();
        this.providers = new LinkedHashMap<>();
        this.providerOrigin = new HashMap<>();

        String packagedLabel = "packaged " + PACKAGED_CONFIG;
        merge(readPackaged(), packagedLabel);
        String configPath = lookup(Settings.CONFIG, false);
        String source = packagedLabel;
        if (configPath != null) {
            Path path;
            try {
                path = Path.of(configPath);
            } catch (InvalidPathException e) {
                throw Values.bad(Settings.CONFIG, configPath, "the path of a JSON config file");
            }
            String label = Settings.CONFIG + "=" + configPath;
            merge(readFile(path, label), label);
            source = configPath + " over packaged defaults";
        } else if (useWorkingDirConfig) {
            Path local = Path.of("config", "llm_config.json");
            if (Files.isRegularFile(local)) {
                String label = local + " (read because " + Settings.CONFIG + " is unset)";
                merge(readFile(local, label), label);
                source = local + " over packaged defaults";
            }
        }
        this.description = source;
    }

    private void merge(JsonNode node, String label) {
        node.path("settings").fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isNull()) {
                return;
            }
            if (!v.isValueNode()) {
                throw new ConfigException(e.getKey(), label + ": settings." + e.getKey()
                        + " must be a string, number or boolean");
            }
            fileSettings.put(e.getKey(), v.asText());
            fileSettingOrigin.put(e.getKey(), label);
        });
        node.path("models").fields().forEachRemaining(e -> {
            models.put(e.getKey(), e.getValue());
            modelOrigin.put(e.getKey(), label);
        });
        node.path("providers").fields().forEachRemaining(e -> {
            if (!e.getValue().isObject()) {
                throw new ConfigException(variableOf(label), label + ": providers." + e.getKey()
                        + " must be a JSON object");
            }
            providers.put(e.getKey(), e.getValue());
            providerOrigin.put(e.getKey(), label);
        });
    }

    /**
     * @param name        a variable
     * @param includeFile whether the config file's settings are consulted (never for secrets)
     * @return the stripped value (a trailing {@code " # comment"} and surrounding quotes removed),
     *         or {@code null} if unset or blank
     */
    public String lookup(String name, boolean includeFile) {
        String v = overrides.get(name);
        if (v == null) {
            v = environment.get(name);
        }
        if (v == null) {
            v = dotenv.get(name);
        }
        if (v == null && includeFile) {
            v = fileSettings.get(name);
        }
        if (v == null || v.isBlank()) {
            return null;
        }
        String s = stripComment(v.strip());
        return s.isEmpty() ? null : s;
    }

    /**
     * @param name a variable
     * @return the label of the config file its value comes from, or {@code null} when it comes
     *         from the builder, the environment or {@code .env}
     */
    public String fileOrigin(String name) {
        if (overrides.containsKey(name) || environment.containsKey(name) || dotenv.containsKey(name)) {
            return null;
        }
        return fileSettingOrigin.get(name);
    }

    /** @return every variable name any source sets (for discovering provider names) */
    public Set<String> names() {
        Set<String> all = new LinkedHashSet<>(overrides.keySet());
        all.addAll(environment.keySet());
        all.addAll(dotenv.keySet());
        all.addAll(fileSettings.keySet());
        return all;
    }

    /** @return the config files' {@code "models"} entries (prices) by model name */
    public Map<String, JsonNode> models() {
        return models;
    }

    /** @return the label of the file that defined a model's price */
    public String modelOrigin(String model) {
        return modelOrigin.getOrDefault(model, "config");
    }

    /** @return the config files' {@code "providers"} entries by provider name */
    public Map<String, JsonNode> providers() {
        return providers;
    }

    /** @return the label of the file that defined a provider's section */
    public String providerOrigin(String provider) {
        return providerOrigin.getOrDefault(provider, "config");
    }

    /**
     * @param label the label of a config file, as given by {@link #modelOrigin} or {@link #providerOrigin}
     * @return the variable to name in an error about that file: {@code Q2O_LLM_CONFIG}, or the
     *         packaged resource's path for the packaged file
     */
    public static String variableOf(String label) {
        return label.startsWith("packaged ") ? PACKAGED_CONFIG : Settings.CONFIG;
    }

    /** @return which config file(s) were read */
    public String description() {
        return description;
    }

    private static String stripComment(String v) {
        // allow "gemini  # or openai" as written in the plan's .env sample
        int hash = v.indexOf(" #");
        String s = hash >= 0 ? v.substring(0, hash).strip() : v;
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static Map<String, String> loadDotenv(Path dir) {
        Path file = dir.resolve(".env");
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            Dotenv d = Dotenv.configure().directory(dir.toString()).filename(".env").load();
            Map<String, String> m = new HashMap<>();
            for (DotenvEntry e : d.entries(Dotenv.Filter.DECLARED_IN_ENV_FILE)) {
                m.put(e.getKey(), e.getValue());
            }
            return m;
        } catch (DotenvException e) {
            throw malformedDotenv(file, e);
        }
    }

    private static final String MALFORMED_ENTRY = "Malformed entry ";

    /**
     * The error for a {@code .env} file dotenv-java cannot read. Its "Malformed entry" message
     * quotes the line, which is often part of an API key (a value broken over two lines), so
     * that text — message and cause — is replaced by the line number.
     */
    static ConfigException malformedDotenv(Path file, DotenvException e) {
        String message = String.valueOf(e.getMessage());
        if (!message.startsWith(MALFORMED_ENTRY)) {
            return new ConfigException(file.toString(), "cannot read " + file + ": " + message, e);
        }
        String entry = message.substring(MALFORMED_ENTRY.length());
        int line = 0;
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size() && line == 0; i++) {
                if (!entry.isBlank() && lines.get(i).contains(entry.strip())) {
                    line = i + 1;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // the line number is a courtesy; the message stands without it
        }
        return new ConfigException(file.toString(), "cannot read " + file + ": " + (line > 0 ? "line " + line : "a line")
                + " is not NAME=value (its text is not shown, as it may hold a secret)");
    }

    /** Thread-safe once configured; shared because creating one costs more than reading the config. */
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static ObjectMapper mapper() {
        return MAPPER;
    }

    private static JsonNode readPackaged() {
        try (InputStream in = ConfigSources.class.getResourceAsStream(PACKAGED_CONFIG)) {
            if (in == null) {
                throw new ConfigException(PACKAGED_CONFIG, "packaged config " + PACKAGED_CONFIG + " is missing from the jar");
            }
            return mapper().readTree(in);
        } catch (IOException e) {
            throw new ConfigException(PACKAGED_CONFIG, "packaged config is unreadable: " + e.getMessage(), e);
        }
    }

    private static JsonNode readFile(Path path, String label) {
        String variable = variableOf(label);
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(variable, label + ": config file " + path + " does not exist or is not a file");
        }
        try {
            JsonNode node = mapper().readTree(path.toFile());
            if (node == null || !node.isObject()) {
                throw new ConfigException(variable, label + ": config file " + path + " must hold a JSON object");
            }
            for (String section : List.of("settings", "models", "providers")) {
                JsonNode s = node.get(section);
                if (s != null && !s.isNull() && !s.isObject()) {
                    throw new ConfigException(variable, label + ": \"" + section + "\" in " + path + " must be a JSON object");
                }
            }
            return node;
        } catch (IOException e) {
            throw new ConfigException(variable, e instanceof JsonProcessingException j
                    ? label + ": config file " + path + " is not valid JSON: " + j.getOriginalMessage()
                    : label + ": config file " + path + " cannot be read: " + e, e);
        }
    }
}
