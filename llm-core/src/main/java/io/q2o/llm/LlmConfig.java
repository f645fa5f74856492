package io.q2o.llm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.q2o.llm.usage.FsyncPolicy;
import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvEntry;
import io.github.cdimascio.dotenv.DotenvException;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * The resolved configuration of an {@link LlmService}. Immutable and thread-safe; every value is
 * parsed and validated when it is built, so a malformed value fails at start-up with a
 * {@link ConfigException} naming the variable and the value.
 *
 * <p>Each setting is looked up by its environment-variable name, first match wins:
 * <ol>
 *   <li>values set on the {@link Builder} ({@link Builder#set});</li>
 *   <li>the process environment (or the map given to {@link Builder#environment});</li>
 *   <li>a {@code .env} file in the working directory (or {@link Builder#dotenvDirectory});</li>
 *   <li>the {@code "settings"} object of the config file: {@code Q2O_LLM_CONFIG} if set, else
 *       {@code config/llm_config.json} in the working directory if present, overlaid on the
 *       copy packaged in the jar;</li>
 *   <li>the defaults documented on each accessor.</li>
 * </ol>
 * The config file also holds the price table ({@code "models"}) and each provider's model list
 * ({@code "providers"}).
 */
public final class LlmConfig {

    /** The resource path of the packaged config file. */
    public static final String PACKAGED_CONFIG = "/io/q2o/llm/llm_config.json";

    private static final Set<String> SECRET_SUFFIXES = Set.of("_API_KEY", "_KEY", "_TOKEN", "_SECRET", "_PASSWORD");

    private final Map<String, String> overrides;
    private final Map<String, String> environment;
    private final Map<String, String> dotenv;
    private final Map<String, String> fileSettings;
    private final Map<String, List<String>> fileModels;
    private final Map<String, JsonNode> fileProviders;
    private final PriceTable prices;
    private final String configSource;

    private final boolean useLlm;
    private final String primary;
    private final List<String> fallbacks;
    private final boolean autoFallback;
    private final double temperature;
    private final double codeTemperature;
    private final int maxTokens;
    private final long dailyLimit;
    private final BigDecimal costAlert;
    private final BigDecimal dailyCostLimit;
    private final BigDecimal monthlyBudget;
    private final boolean cacheEnabled;
    private final Duration cacheTtl;
    private final long cacheMaxBytes;
    private final boolean debug;
    private final boolean dryRun;
    private final int maxRetries;
    private final Duration timeout;
    private final Duration requestTimeout;
    private final ZoneId zone;
    private final Duration retryInitialDelay;
    private final Duration retryMaxDelay;
    private final Duration retryAfterCap;
    private final int circuitFailureThreshold;
    private final Duration circuitCooldown;
    private final Duration rateLimitMaxWait;
    private final boolean failFastOnInvalidRequest;
    private final Path usageDir;
    private final Path cacheDir;
    private final long cacheDirMaxBytes;
    private final FsyncPolicy usageFsync;

    private LlmConfig(Builder b) {
        this.overrides = Map.copyOf(b.overrides);
        this.environment = b.environment == null ? System.getenv() : Map.copyOf(b.environment);
        this.dotenv = b.useDotenv ? loadDotenv(b.dotenvDirectory) : Map.of();

        JsonNode packaged = readPackaged();
        String configPath = lookupRaw("Q2O_LLM_CONFIG", false);
        JsonNode user = null;
        String source = "packaged " + PACKAGED_CONFIG;
        if (configPath != null) {
            user = readFile(Path.of(configPath), "Q2O_LLM_CONFIG");
            source = configPath + " over packaged defaults";
        } else if (b.useWorkingDirConfig) {
            Path local = Path.of("config", "llm_config.json");
            if (Files.isRegularFile(local)) {
                user = readFile(local, local.toString());
                source = local + " over packaged defaults";
            }
        }
        this.configSource = source;
        Map<String, String> settings = new HashMap<>();
        Map<String, JsonNode> models = new LinkedHashMap<>();
        Map<String, JsonNode> providers = new LinkedHashMap<>();
        for (JsonNode node : user == null ? List.of(packaged) : List.of(packaged, user)) {
            node.path("settings").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
            node.path("models").fields().forEachRemaining(e -> models.put(e.getKey(), e.getValue()));
            node.path("providers").fields().forEachRemaining(e -> providers.put(e.getKey(), e.getValue()));
        }
        this.fileSettings = Map.copyOf(settings);
        this.fileProviders = Map.copyOf(providers);
        Map<String, List<String>> modelLists = new HashMap<>();
        providers.forEach((name, node) -> {
            List<String> list = new ArrayList<>();
            node.path("models").forEach(m -> list.add(m.asText()));
            modelLists.put(name, List.copyOf(list));
        });
        this.fileModels = Map.copyOf(modelLists);
        this.prices = parsePrices(models);

        this.useLlm = bool("Q2O_USE_LLM", true);
        this.primary = providerName("Q2O_LLM_PRIMARY", "gemini");
        this.fallbacks = providerList("Q2O_LLM_FALLBACK", "openai");
        this.autoFallback = bool("Q2O_LLM_AUTO_FALLBACK", true);
        this.temperature = decimalRange("Q2O_LLM_TEMPERATURE", 0.7, 0.0, 2.0);
        this.codeTemperature = decimalRange("Q2O_LLM_CODE_TEMPERATURE", 0.3, 0.0, 2.0);
        this.maxTokens = (int) integer("Q2O_LLM_MAX_TOKENS", 8192, 1, 10_000_000);
        this.dailyLimit = integer("Q2O_LLM_DAILY_LIMIT", 1000, 0, Long.MAX_VALUE);
        this.costAlert = money("Q2O_LLM_COST_ALERT", new BigDecimal("10.00"));
        this.dailyCostLimit = money("Q2O_LLM_DAILY_COST_LIMIT", null);
        this.monthlyBudget = money("Q2O_LLM_MONTHLY_BUDGET", null);
        this.cacheEnabled = bool("Q2O_LLM_CACHE_ENABLED", true);
        this.cacheTtl = Duration.ofDays(integer("Q2O_LLM_CACHE_TTL", 90, 0, 36_500));
        this.cacheMaxBytes = integer("Q2O_LLM_CACHE_MAX_BYTES", 64L * 1024 * 1024, 0, Long.MAX_VALUE);
        this.debug = bool("Q2O_LLM_DEBUG", false);
        this.dryRun = bool("Q2O_LLM_DRY_RUN", false);
        this.maxRetries = (int) integer("Q2O_LLM_MAX_RETRIES", 2, 0, 100);
        this.timeout = Duration.ofSeconds(integer("Q2O_LLM_TIMEOUT_SECONDS", 120, 1, 86_400));
        this.requestTimeout = Duration.ofSeconds(integer("Q2O_LLM_REQUEST_TIMEOUT_SECONDS", 60, 1, 86_400));
        this.zone = zone("Q2O_LLM_TIMEZONE", "UTC");
        this.retryInitialDelay = Duration.ofMillis(integer("Q2O_LLM_RETRY_INITIAL_MS", 500, 0, 3_600_000));
        this.retryMaxDelay = Duration.ofMillis(integer("Q2O_LLM_RETRY_MAX_MS", 20_000, 0, 3_600_000));
        this.retryAfterCap = Duration.ofSeconds(integer("Q2O_LLM_RETRY_AFTER_CAP_SECONDS", 30, 0, 3_600));
        this.circuitFailureThreshold = (int) integer("Q2O_LLM_CIRCUIT_FAILURES", 5, 1, 1_000);
        this.circuitCooldown = Duration.ofSeconds(integer("Q2O_LLM_CIRCUIT_COOLDOWN_SECONDS", 30, 1, 86_400));
        this.rateLimitMaxWait = Duration.ofMillis(integer("Q2O_LLM_RATE_LIMIT_MAX_WAIT_MS", 5_000, 0, 3_600_000));
        this.failFastOnInvalidRequest = bool("Q2O_LLM_FAIL_FAST_ON_INVALID_REQUEST", true);
        boolean ledger = bool("Q2O_LLM_LEDGER", true);
        String dir = lookupRaw("Q2O_LLM_USAGE_DIR", true);
        this.usageDir = !ledger || (dir == null && !b.useWorkingDirConfig) ? null : path("Q2O_LLM_USAGE_DIR",
                dir == null ? ".llm_usage" : dir);
        boolean persist = bool("Q2O_LLM_CACHE_PERSIST", true);
        String cdir = lookupRaw("Q2O_LLM_CACHE_DIR", true);
        this.cacheDir = !persist || !cacheEnabled || (cdir == null && !b.useWorkingDirConfig) ? null
                : path("Q2O_LLM_CACHE_DIR", cdir == null ? ".llm_cache" : cdir);
        this.cacheDirMaxBytes = integer("Q2O_LLM_CACHE_DIR_MAX_BYTES", 256L * 1024 * 1024, 1, Long.MAX_VALUE);
        String sync = lookupRaw("Q2O_LLM_USAGE_FSYNC", true);
        if (sync == null || sync.equalsIgnoreCase("batched")) {
            this.usageFsync = FsyncPolicy.BATCHED;
        } else if (sync.equalsIgnoreCase("every") || sync.equalsIgnoreCase("every_call")) {
            this.usageFsync = FsyncPolicy.EVERY_CALL;
        } else {
            throw bad("Q2O_LLM_USAGE_FSYNC", sync, "every or batched");
        }
    }

    /** @return the configuration from the environment, {@code .env} and config files */
    public static LlmConfig fromEnvironment() {
        return builder().build();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- lookup

    private String lookupRaw(String name, boolean includeFile) {
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
        if (v != null && v.isBlank()) {
            return null;
        }
        return v == null ? null : stripComment(v.strip());
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

    /**
     * The raw value of any setting, with the precedence described on this class. Secrets are
     * returned too; prefer {@link #secret} for them.
     *
     * @param name the variable name, e.g. {@code "Q2O_LLM_REPAIR_ATTEMPTS"}
     * @return its value, if set and not blank
     */
    public Optional<String> setting(String name) {
        return Optional.ofNullable(lookupRaw(name, true));
    }

    /**
     * @param name a variable holding a secret, e.g. {@code "OPENAI_API_KEY"}
     * @return the secret, if set and not blank (never read from the config file)
     */
    public Optional<Secret> secret(String name) {
        String v = lookupRaw(name, false);
        return v == null ? Optional.empty() : Optional.of(Secret.of(v));
    }

    private static boolean isSecretName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return SECRET_SUFFIXES.stream().anyMatch(upper::endsWith);
    }

    private ConfigException bad(String name, String value, String expected) {
        String shown = isSecretName(name) ? "(hidden)" : "'" + value + "'";
        return new ConfigException(name, name + "=" + shown + " is invalid: expected " + expected);
    }

    private boolean bool(String name, boolean def) {
        String v = lookupRaw(name, true);
        if (v == null) {
            return def;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true": case "1": case "yes": case "on":
                return true;
            case "false": case "0": case "no": case "off":
                return false;
            default:
                throw bad(name, v, "true or false");
        }
    }

    private long integer(String name, long def, long min, long max) {
        String v = lookupRaw(name, true);
        if (v == null) {
            return def;
        }
        long n;
        try {
            n = Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw bad(name, v, "a whole number between " + min + " and " + max);
        }
        if (n < min || n > max) {
            throw bad(name, v, "a whole number between " + min + " and " + max);
        }
        return n;
    }

    private double decimalRange(String name, double def, double min, double max) {
        String v = lookupRaw(name, true);
        if (v == null) {
            return def;
        }
        return parseDouble(name, v, min, max);
    }

    private double parseDouble(String name, String v, double min, double max) {
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw bad(name, v, "a number between " + min + " and " + max);
        }
        if (Double.isNaN(d) || d < min || d > max) {
            throw bad(name, v, "a number between " + min + " and " + max);
        }
        return d;
    }

    private BigDecimal money(String name, BigDecimal def) {
        String v = lookupRaw(name, true);
        if (v == null) {
            return def;
        }
        try {
            BigDecimal d = new BigDecimal(v.startsWith("$") ? v.substring(1) : v);
            if (d.signum() < 0) {
                throw bad(name, v, "an amount in USD >= 0, e.g. 10.00");
            }
            return d;
        } catch (NumberFormatException e) {
            throw bad(name, v, "an amount in USD >= 0, e.g. 10.00");
        }
    }

    private Path path(String name, String value) {
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw bad(name, value, "a folder path");
        }
    }

    private ZoneId zone(String name, String def) {
        String v = lookupRaw(name, true);
        try {
            return ZoneId.of(v == null ? def : v);
        } catch (DateTimeException e) {
            throw bad(name, v, "a time zone id such as UTC or Europe/Berlin");
        }
    }

    private String providerName(String name, String def) {
        String v = lookupRaw(name, true);
        if (v == null) {
            return def;
        }
        String p = v.toLowerCase(Locale.ROOT);
        if (!p.matches("[a-z0-9_-]+")) {
            throw bad(name, v, "a provider name such as gemini, openai or anthropic");
        }
        return p;
    }

    private List<String> providerList(String name, String def) {
        String v = lookupRaw(name, true);
        if (v == null) {
            v = def;
        }
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            String p = part.strip().toLowerCase(Locale.ROOT);
            if (p.isEmpty() || p.equals("none")) {
                continue;
            }
            if (!p.matches("[a-z0-9_-]+")) {
                throw bad(name, v, "a comma-separated list of provider names such as openai,anthropic");
            }
            out.add(p);
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------- files

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
            throw new ConfigException(file.toString(), "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    private static JsonNode readPackaged() {
        try (InputStream in = LlmConfig.class.getResourceAsStream(PACKAGED_CONFIG)) {
            if (in == null) {
                throw new ConfigException(PACKAGED_CONFIG, "packaged config " + PACKAGED_CONFIG + " is missing from the jar");
            }
            return mapper().readTree(in);
        } catch (IOException e) {
            throw new ConfigException(PACKAGED_CONFIG, "packaged config is unreadable: " + e.getMessage(), e);
        }
    }

    private static JsonNode readFile(Path path, String variable) {
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(variable, variable + ": config file " + path + " does not exist");
        }
        try {
            JsonNode node = mapper().readTree(path.toFile());
            if (node == null || !node.isObject()) {
                throw new ConfigException(variable, "config file " + path + " must hold a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new ConfigException(variable, "config file " + path + " is not valid JSON: "
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }

    private static PriceTable parsePrices(Map<String, JsonNode> models) {
        Map<String, ModelPrice> out = new TreeMap<>();
        models.forEach((name, node) -> {
            String where = "config models." + name;
            try {
                ModelPrice.Tier base = tier(node, 0, where);
                List<ModelPrice.Tier> tiers = new ArrayList<>();
                for (JsonNode t : node.path("tiers")) {
                    long above = t.path("above_input_tokens").asLong(-1);
                    if (above <= 0) {
                        throw new ConfigException(where, where + ".tiers: above_input_tokens must be > 0");
                    }
                    tiers.add(tier(t, above, where));
                }
                tiers.sort((a, c) -> Long.compare(a.aboveInputTokens(), c.aboveInputTokens()));
                out.put(name, new ModelPrice(name, node.path("provider").asText(""),
                        node.path("context_window").asLong(0), base, tiers,
                        node.path("source").asText(""), node.path("as_of").asText("")));
            } catch (IllegalArgumentException e) {
                if (e instanceof ConfigException) {
                    throw e;
                }
                throw new ConfigException(where, where + ": " + e.getMessage(), e);
            }
        });
        return new PriceTable(out);
    }

    private static ModelPrice.Tier tier(JsonNode node, long above, String where) {
        return new ModelPrice.Tier(above, price(node, "input", true, where), price(node, "cached_input", false, where),
                price(node, "cache_write", false, where), price(node, "output", true, where));
    }

    private static BigDecimal price(JsonNode node, String field, boolean required, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ConfigException(where, where + "." + field + " is missing");
            }
            return null;
        }
        try {
            return v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText());
        } catch (NumberFormatException e) {
            throw new ConfigException(where, where + "." + field + "='" + v.asText() + "' is not a price in USD per 1M tokens");
        }
    }

    // ---------------------------------------------------------------- providers

    /**
     * The models tried for a provider, in order: the provider's model variable (e.g.
     * {@code GEMINI_MODEL}, may be a comma list) first, then the config file's list, then
     * {@code defaults}; duplicates removed.
     *
     * @param provider the provider name
     * @param defaults the factory's default models
     * @return the ordered list (empty only if all three are empty)
     */
    public List<String> models(String provider, List<String> defaults) {
        Set<String> ordered = new LinkedHashSet<>();
        String env = lookupRaw(prefix(provider) + "_MODEL", true);
        if (env != null) {
            for (String m : env.split(",")) {
                if (!m.isBlank()) {
                    ordered.add(m.strip());
                }
            }
        }
        ordered.addAll(fileModels.getOrDefault(provider, List.of()));
        if (ordered.isEmpty()) {
            ordered.addAll(defaults);
        }
        return List.copyOf(ordered);
    }

    /**
     * @param provider the provider name
     * @return the variable prefix: {@code GEMINI}, {@code OPENAI}, {@code ANTHROPIC}, or the upper-cased name
     */
    public static String prefix(String provider) {
        return provider.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * @param provider the provider name
     * @return its default temperature ({@code <PREFIX>_TEMPERATURE}), if set
     */
    public OptionalDouble providerTemperature(String provider) {
        String name = prefix(provider) + "_TEMPERATURE";
        String v = lookupRaw(name, true);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(parseDouble(name, v, 0.0, 2.0));
    }

    /**
     * @param provider the provider name
     * @return its base URL override ({@code <PREFIX>_BASE_URL}), if set
     */
    public Optional<String> providerBaseUrl(String provider) {
        String name = prefix(provider) + "_BASE_URL";
        String v = lookupRaw(name, true);
        if (v != null && !v.matches("https?://\\S+")) {
            throw bad(name, v, "an http:// or https:// URL");
        }
        return Optional.ofNullable(v);
    }

    /**
     * @param provider the provider name
     * @return requests per minute allowed ({@code <PREFIX>_RPM}, else the config file's
     *         {@code requests_per_minute}); empty means unlimited (the default)
     */
    public OptionalLong requestsPerMinute(String provider) {
        return perMinute(provider, "_RPM", "requests_per_minute");
    }

    /**
     * @param provider the provider name
     * @return tokens per minute allowed ({@code <PREFIX>_TPM}, else the config file's
     *         {@code tokens_per_minute}); empty means unlimited (the default)
     */
    public OptionalLong tokensPerMinute(String provider) {
        return perMinute(provider, "_TPM", "tokens_per_minute");
    }

    private OptionalLong perMinute(String provider, String suffix, String field) {
        String name = prefix(provider) + suffix;
        String v = lookupRaw(name, true);
        if (v == null) {
            JsonNode n = fileProviders.getOrDefault(provider, mapper().createObjectNode()).get(field);
            if (n == null || n.isNull()) {
                return OptionalLong.empty();
            }
            v = n.asText();
        }
        long l;
        try {
            l = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw bad(name, v, "a whole number > 0");
        }
        if (l <= 0) {
            throw bad(name, v, "a whole number > 0");
        }
        return OptionalLong.of(l);
    }

    /** @return provider names listed in the config file's {@code "providers"} section */
    public Set<String> configuredProviderNames() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(fileModels.keySet()));
    }

    // ---------------------------------------------------------------- typed settings

    /** @return {@code Q2O_USE_LLM}, default {@code true} */
    public boolean useLlm() { return useLlm; }

    /** @return {@code Q2O_LLM_PRIMARY}, default {@code gemini} */
    public String primary() { return primary; }

    /** @return {@code Q2O_LLM_FALLBACK} (comma list; {@code none} for no fallback), default {@code [openai]} */
    public List<String> fallbacks() { return fallbacks; }

    /** @return {@code Q2O_LLM_AUTO_FALLBACK}: after the named chain, try every other configured provider; default {@code true} */
    public boolean autoFallback() { return autoFallback; }

    /** @return {@code Q2O_LLM_TEMPERATURE}, default 0.7 */
    public double temperature() { return temperature; }

    /** @return {@code Q2O_LLM_CODE_TEMPERATURE}, default 0.3 */
    public double codeTemperature() { return codeTemperature; }

    /** @return {@code Q2O_LLM_MAX_TOKENS}, default 8192 */
    public int maxTokens() { return maxTokens; }

    /** @return {@code Q2O_LLM_DAILY_LIMIT} calls per day, default 1000; 0 means unlimited */
    public long dailyLimit() { return dailyLimit; }

    /** @return {@code Q2O_LLM_COST_ALERT} USD per day, default 10.00 */
    public BigDecimal costAlert() { return costAlert; }

    /** @return {@code Q2O_LLM_DAILY_COST_LIMIT} hard daily budget in USD; unset (no limit) by default */
    public Optional<BigDecimal> dailyCostLimit() { return Optional.ofNullable(dailyCostLimit); }

    /** @return {@code Q2O_LLM_MONTHLY_BUDGET} hard monthly budget in USD; unset (no limit) by default */
    public Optional<BigDecimal> monthlyBudget() { return Optional.ofNullable(monthlyBudget); }

    /** @return {@code Q2O_LLM_CACHE_ENABLED}, default {@code true} */
    public boolean cacheEnabled() { return cacheEnabled; }

    /** @return {@code Q2O_LLM_CACHE_TTL} in days, default 90 days */
    public Duration cacheTtl() { return cacheTtl; }

    /** @return {@code Q2O_LLM_CACHE_MAX_BYTES}, default 64 MiB */
    public long cacheMaxBytes() { return cacheMaxBytes; }

    /** @return {@code Q2O_LLM_DEBUG}: log requests and responses (secrets redacted), default {@code false} */
    public boolean debug() { return debug; }

    /** @return {@code Q2O_LLM_DRY_RUN}: simulate calls without network, default {@code false} */
    public boolean dryRun() { return dryRun; }

    /** @return {@code Q2O_LLM_MAX_RETRIES}: retries of the same model after the first attempt, default 2 */
    public int maxRetries() { return maxRetries; }

    /** @return {@code Q2O_LLM_TIMEOUT_SECONDS}: overall deadline of one call, default 120 s */
    public Duration timeout() { return timeout; }

    /** @return {@code Q2O_LLM_REQUEST_TIMEOUT_SECONDS}: limit of one HTTP attempt, default 60 s */
    public Duration requestTimeout() { return requestTimeout; }

    /** @return {@code Q2O_LLM_TIMEZONE}: zone in which days and months roll over, default UTC */
    public ZoneId zone() { return zone; }

    /** @return {@code Q2O_LLM_RETRY_INITIAL_MS}: first backoff, default 500 ms (doubling, with jitter) */
    public Duration retryInitialDelay() { return retryInitialDelay; }

    /** @return {@code Q2O_LLM_RETRY_MAX_MS}: largest backoff, default 20 s */
    public Duration retryMaxDelay() { return retryMaxDelay; }

    /** @return {@code Q2O_LLM_RETRY_AFTER_CAP_SECONDS}: longest Retry-After honoured; longer moves on at once; default 30 s */
    public Duration retryAfterCap() { return retryAfterCap; }

    /** @return {@code Q2O_LLM_CIRCUIT_FAILURES}: consecutive failures that open a provider's circuit, default 5 */
    public int circuitFailureThreshold() { return circuitFailureThreshold; }

    /** @return {@code Q2O_LLM_CIRCUIT_COOLDOWN_SECONDS}: how long an open circuit skips the provider, default 30 s */
    public Duration circuitCooldown() { return circuitCooldown; }

    /** @return {@code Q2O_LLM_RATE_LIMIT_MAX_WAIT_MS}: longest wait for a rate-limit token before moving on, default 5000 ms */
    public Duration rateLimitMaxWait() { return rateLimitMaxWait; }

    /** @return {@code Q2O_LLM_FAIL_FAST_ON_INVALID_REQUEST}: an invalid request (400/422) ends the call instead of trying the next provider, default {@code true} */
    public boolean failFastOnInvalidRequest() { return failFastOnInvalidRequest; }

    /**
     * @return the usage ledger folder ({@code Q2O_LLM_USAGE_DIR}, default {@code .llm_usage}); empty
     *         when the ledger is off ({@code Q2O_LLM_LEDGER=false}, or {@link Builder#isolated()}
     *         without an explicit folder)
     */
    public Optional<Path> usageDir() { return Optional.ofNullable(usageDir); }

    /**
     * @return the persistent cache folder ({@code Q2O_LLM_CACHE_DIR}, default {@code .llm_cache});
     *         empty when the cache is off, {@code Q2O_LLM_CACHE_PERSIST=false}, or
     *         {@link Builder#isolated()} without an explicit folder
     */
    public Optional<Path> cacheDir() { return Optional.ofNullable(cacheDir); }

    /** @return {@code Q2O_LLM_CACHE_DIR_MAX_BYTES}: bound of the cache folder, default 256 MiB */
    public long cacheDirMaxBytes() { return cacheDirMaxBytes; }

    /** @return {@code Q2O_LLM_USAGE_FSYNC}: {@code every} call or {@code batched} (default) */
    public FsyncPolicy usageFsync() { return usageFsync; }

    /** @return the price table */
    public PriceTable prices() { return prices; }

    /** @return which config file(s) were read */
    public String configSource() { return configSource; }

    /** @return the non-secret settings; secrets are not shown */
    @Override
    public String toString() {
        return "LlmConfig{useLlm=" + useLlm + ", primary=" + primary + ", fallbacks=" + fallbacks
                + ", temperature=" + temperature + ", maxTokens=" + maxTokens + ", dailyLimit=" + dailyLimit
                + ", costAlert=" + costAlert + ", dailyCostLimit=" + dailyCostLimit + ", monthlyBudget="
                + monthlyBudget + ", cacheEnabled=" + cacheEnabled + ", cacheTtl=" + cacheTtl + ", dryRun=" + dryRun
                + ", maxRetries=" + maxRetries + ", timeout=" + timeout + ", zone=" + zone + ", config="
                + configSource + "}";
    }

    /** Builder for {@link LlmConfig}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, String> overrides = new HashMap<>();
        private Map<String, String> environment;
        private Path dotenvDirectory = Path.of(".");
        private boolean useDotenv = true;
        private boolean useWorkingDirConfig = true;

        private Builder() {
        }

        /**
         * Sets a value that wins over every other source.
         *
         * @param variable the variable name, e.g. {@code "Q2O_LLM_DAILY_LIMIT"}
         * @param value    the value; {@code null} removes an earlier override
         * @return this
         */
        public Builder set(String variable, String value) {
            Objects.requireNonNull(variable, "variable");
            if (value == null) {
                overrides.remove(variable);
            } else {
                overrides.put(variable, value);
            }
            return this;
        }

        /**
         * Replaces the process environment as a source (for tests and embedding).
         *
         * @param environment the variables; {@code null} restores the process environment
         * @return this
         */
        public Builder environment(Map<String, String> environment) {
            this.environment = environment;
            return this;
        }

        /**
         * @param directory the folder holding {@code .env}; default the working directory
         * @return this
         */
        public Builder dotenvDirectory(Path directory) {
            this.dotenvDirectory = Objects.requireNonNull(directory, "directory");
            this.useDotenv = true;
            return this;
        }

        /**
         * Neither reads nor writes the working directory: ignores {@code .env} and
         * {@code config/llm_config.json} there (the packaged config and {@code Q2O_LLM_CONFIG}
         * still apply) and keeps no usage ledger unless {@code Q2O_LLM_USAGE_DIR} is set
         * explicitly. Useful in tests.
         *
         * @return this
         */
        public Builder isolated() {
            this.useDotenv = false;
            this.useWorkingDirConfig = false;
            return this;
        }

        /**
         * @return the configuration
         * @throws ConfigException naming the variable and value if anything is malformed
         */
        public LlmConfig build() {
            return new LlmConfig(this);
        }
    }
}
