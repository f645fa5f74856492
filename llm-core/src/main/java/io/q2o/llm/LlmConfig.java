package io.q2o.llm;

import io.q2o.llm.config.BudgetConfig;
import io.q2o.llm.config.CacheConfig;
import io.q2o.llm.config.CircuitBreakerConfig;
import io.q2o.llm.config.DiagnosticsConfig;
import io.q2o.llm.config.GenerationConfig;
import io.q2o.llm.config.LedgerConfig;
import io.q2o.llm.config.ProviderSettings;
import io.q2o.llm.config.RateLimitConfig;
import io.q2o.llm.config.RetryConfig;
import io.q2o.llm.config.RoutingConfig;
import io.q2o.llm.config.TimeoutConfig;
import io.q2o.llm.internal.config.ConfigSources;
import io.q2o.llm.internal.config.PriceTableParser;
import io.q2o.llm.internal.config.ProviderResolver;
import io.q2o.llm.internal.config.SettingsResolver;
import io.q2o.llm.internal.config.UnknownSettings;
import io.q2o.llm.usage.FsyncPolicy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The resolved configuration of an {@link LlmService}. Immutable and thread-safe; every value is
 * parsed and validated when it is built, so a malformed value fails at start-up with a
 * {@link ConfigException} naming the variable and the value.
 *
 * <p>The settings are grouped by concern into immutable records — {@link #routing()},
 * {@link #generation()}, {@link #retry()}, {@link #timeouts()}, {@link #circuitBreaker()},
 * {@link #rateLimit()}, {@link #budget()}, {@link #cache()}, {@link #ledger()},
 * {@link #diagnostics()} and per provider {@link #provider(String)} — and the flat accessors
 * below read from them. Each setting can be given on the {@link Builder} by a typed setter
 * (validated at once, e.g. {@code maxRetries(3)}, {@code timeout(Duration.ofSeconds(30))}) or by
 * its variable name ({@link Builder#set}).
 *
 * <p>Each setting is looked up by its environment-variable name, first match wins:
 * <ol>
 *   <li>values set on the {@link Builder} (typed setters or {@link Builder#set});</li>
 *   <li>the process environment (or the map given to {@link Builder#environment});</li>
 *   <li>a {@code .env} file in the working directory (or {@link Builder#dotenvDirectory});</li>
 *   <li>the {@code "settings"} object of the config file: {@code Q2O_LLM_CONFIG} if set, else
 *       {@code config/llm_config.json} in the working directory if present, overlaid on the
 *       copy packaged in the jar;</li>
 *   <li>the defaults documented on each accessor.</li>
 * </ol>
 * The config file also holds the price table ({@code "models"}) and each provider's model list
 * ({@code "providers"}). Money settings are USD, {@code >= 0}, below 1,000,000,000 and with at
 * most 10 decimal places.
 */
public final class LlmConfig {

    /** The resource path of the packaged config file. */
    public static final String PACKAGED_CONFIG = ConfigSources.PACKAGED_CONFIG;

    private final ConfigSources sources;
    private final PriceTable prices;
    private final RoutingConfig routing;
    private final GenerationConfig generation;
    private final DiagnosticsConfig diagnostics;
    private final RetryConfig retry;
    private final TimeoutConfig timeouts;
    private final CircuitBreakerConfig circuitBreaker;
    private final RateLimitConfig rateLimit;
    private final BudgetConfig budget;
    private final CacheConfig cache;
    private final LedgerConfig ledger;
    private final ProviderResolver providers;

    private LlmConfig(Builder b) {
        this.sources = new ConfigSources(b.overrides, b.environment, b.useDotenv ? b.dotenvDirectory : null,
                b.useWorkingDirConfig);
        this.prices = PriceTableParser.parse(sources);
        SettingsResolver r = new SettingsResolver(sources, b.typed, b.useWorkingDirConfig);
        this.routing = r.routing();
        this.generation = r.generation();
        this.diagnostics = r.diagnostics();
        this.retry = r.retry();
        this.timeouts = r.timeouts();
        this.circuitBreaker = r.circuitBreaker();
        this.rateLimit = r.rateLimit();
        this.budget = r.budget();
        this.cache = r.cache();
        this.ledger = r.ledger();
        List<String> named = new ArrayList<>(routing.fallbacks());
        named.add(0, routing.primary());
        this.providers = new ProviderResolver(sources, named);
    }

    /** @return the configuration from the environment, {@code .env} and config files */
    public static LlmConfig fromEnvironment() {
        return builder().build();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- raw lookup

    /**
     * The raw value of any setting, with the precedence described on this class. Secrets are
     * returned too; prefer {@link #secret} for them.
     *
     * @param name the variable name, e.g. {@code "Q2O_LLM_REPAIR_ATTEMPTS"}
     * @return its value, if set and not blank
     */
    public Optional<String> setting(String name) {
        return Optional.ofNullable(sources.lookup(name, true));
    }

    /**
     * @param name a variable holding a secret, e.g. {@code "OPENAI_API_KEY"}
     * @return the secret, if set and not blank (never read from the config file)
     */
    public Optional<Secret> secret(String name) {
        String v = sources.lookup(name, false);
        return v == null ? Optional.empty() : Optional.of(Secret.of(v));
    }

    // ---------------------------------------------------------------- per concern

    /** @return whether and where calls go: {@code Q2O_USE_LLM}, dry run, primary, fallbacks */
    public RoutingConfig routing() { return routing; }
    /** @return request defaults: temperatures and max tokens */
    public GenerationConfig generation() { return generation; }
    /** @return {@code Q2O_LLM_DEBUG} */
    public DiagnosticsConfig diagnostics() { return diagnostics; }
    /** @return retries of the same model and their backoff */
    public RetryConfig retry() { return retry; }
    /** @return the overall deadline and the per-attempt timeout */
    public TimeoutConfig timeouts() { return timeouts; }
    /** @return each provider's circuit breaker settings */
    public CircuitBreakerConfig circuitBreaker() { return circuitBreaker; }
    /** @return the rate-limit wait; the rates are per provider, see {@link #provider(String)} */
    public RateLimitConfig rateLimit() { return rateLimit; }
    /** @return the daily call limit, cost alert, budgets and time zone */
    public BudgetConfig budget() { return budget; }
    /** @return the response cache settings */
    public CacheConfig cache() { return cache; }
    /** @return the usage ledger settings */
    public LedgerConfig ledger() { return ledger; }

    /**
     * One provider's settings, resolved once per configuration ({@code <PREFIX>_MODEL},
     * {@code _TEMPERATURE}, {@code _BASE_URL}, {@code _RPM}, {@code _TPM},
     * {@code _MAX_CONCURRENT_REQUESTS} and the config file's {@code "providers"} entry).
     *
     * @param name the provider name, e.g. {@code openai}
     * @return its settings
     * @throws ConfigException naming the variable and value if one of them is malformed
     */
    public ProviderSettings provider(String name) {
        return providers.get(Objects.requireNonNull(name, "name"));
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
        return provider(provider).models(defaults);
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
    public OptionalDouble providerTemperature(String provider) { return provider(provider).temperature(); }

    /**
     * @param provider the provider name
     * @return its base URL override ({@code <PREFIX>_BASE_URL}), if set
     */
    public Optional<String> providerBaseUrl(String provider) { return provider(provider).baseUrl(); }

    /**
     * @param provider the provider name
     * @return requests per minute allowed ({@code <PREFIX>_RPM}, else the config file's
     *         {@code requests_per_minute}); empty means unlimited (the default)
     */
    public OptionalLong requestsPerMinute(String provider) { return provider(provider).requestsPerMinute(); }

    /**
     * @param provider the provider name
     * @return tokens per minute allowed ({@code <PREFIX>_TPM}, else the config file's
     *         {@code tokens_per_minute}); empty means unlimited (the default)
     */
    public OptionalLong tokensPerMinute(String provider) { return provider(provider).tokensPerMinute(); }

    /** @return provider names listed in the config file's {@code "providers"} section */
    public Set<String> configuredProviderNames() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(sources.providers().keySet()));
    }

    // ---------------------------------------------------------------- flat accessors (read the records above)

    /** @return {@code Q2O_USE_LLM}, default {@code true} */
    public boolean useLlm() { return routing.useLlm(); }
    /** @return {@code Q2O_LLM_PRIMARY}, default {@code gemini} */
    public String primary() { return routing.primary(); }
    /** @return {@code Q2O_LLM_FALLBACK} (comma list; {@code none} for no fallback), default {@code [openai]} */
    public List<String> fallbacks() { return routing.fallbacks(); }
    /** @return {@code Q2O_LLM_AUTO_FALLBACK}: after the named chain, try every other configured provider; default {@code true} */
    public boolean autoFallback() { return routing.autoFallback(); }
    /** @return {@code Q2O_LLM_TEMPERATURE}, default 0.7 */
    public double temperature() { return generation.temperature(); }
    /** @return {@code Q2O_LLM_CODE_TEMPERATURE}, default 0.3 */
    public double codeTemperature() { return generation.codeTemperature(); }
    /** @return {@code Q2O_LLM_MAX_TOKENS}, default 8192 */
    public int maxTokens() { return generation.maxTokens(); }
    /** @return {@code Q2O_LLM_DAILY_LIMIT} calls per day, default 1000; 0 means unlimited */
    public long dailyLimit() { return budget.dailyCallLimit(); }
    /** @return {@code Q2O_LLM_COST_ALERT} USD per day, default 10.00 */
    public BigDecimal costAlert() { return budget.costAlert(); }
    /** @return {@code Q2O_LLM_DAILY_COST_LIMIT} hard daily budget in USD; unset (no limit) by default */
    public Optional<BigDecimal> dailyCostLimit() { return budget.dailyCostLimit(); }
    /** @return {@code Q2O_LLM_MONTHLY_BUDGET} hard monthly budget in USD; unset (no limit) by default */
    public Optional<BigDecimal> monthlyBudget() { return budget.monthlyBudget(); }
    /** @return {@code Q2O_LLM_CACHE_ENABLED}, default {@code true} */
    public boolean cacheEnabled() { return cache.enabled(); }
    /** @return {@code Q2O_LLM_CACHE_TTL} in days, default 90 days */
    public Duration cacheTtl() { return cache.ttl(); }
    /** @return {@code Q2O_LLM_CACHE_MAX_BYTES}, default 64 MiB */
    public long cacheMaxBytes() { return cache.maxBytes(); }
    /** @return {@code Q2O_LLM_DEBUG}: log requests and responses (secrets redacted), default {@code false} */
    public boolean debug() { return diagnostics.debug(); }
    /** @return {@code Q2O_LLM_DRY_RUN}: simulate calls without network, default {@code false} */
    public boolean dryRun() { return routing.dryRun(); }
    /** @return {@code Q2O_LLM_MAX_RETRIES}: retries of the same model after the first attempt, default 2 */
    public int maxRetries() { return retry.maxRetries(); }
    /** @return {@code Q2O_LLM_TIMEOUT_SECONDS}: overall deadline of one call, default 120 s */
    public Duration timeout() { return timeouts.overall(); }
    /** @return {@code Q2O_LLM_REQUEST_TIMEOUT_SECONDS}: limit of one HTTP attempt, default 60 s */
    public Duration requestTimeout() { return timeouts.perAttempt(); }
    /** @return {@code Q2O_LLM_TIMEZONE}: zone in which days and months roll over, default UTC */
    public ZoneId zone() { return budget.zone(); }
    /** @return {@code Q2O_LLM_RETRY_INITIAL_MS}: first backoff, default 500 ms (doubling, with jitter) */
    public Duration retryInitialDelay() { return retry.initialDelay(); }
    /** @return {@code Q2O_LLM_RETRY_MAX_MS}: largest backoff, default 20 s */
    public Duration retryMaxDelay() { return retry.maxDelay(); }
    /** @return {@code Q2O_LLM_RETRY_AFTER_CAP_SECONDS}: longest Retry-After honoured; longer moves on at once; default 30 s */
    public Duration retryAfterCap() { return retry.retryAfterCap(); }
    /** @return {@code Q2O_LLM_CIRCUIT_FAILURES}: consecutive failures that open a provider's circuit, default 5 */
    public int circuitFailureThreshold() { return circuitBreaker.failureThreshold(); }
    /** @return {@code Q2O_LLM_CIRCUIT_COOLDOWN_SECONDS}: how long an open circuit skips the provider, default 30 s */
    public Duration circuitCooldown() { return circuitBreaker.cooldown(); }
    /** @return {@code Q2O_LLM_RATE_LIMIT_MAX_WAIT_MS}: longest wait for a rate-limit token before moving on, default 5000 ms */
    public Duration rateLimitMaxWait() { return rateLimit.maxWait(); }
    /** @return {@code Q2O_LLM_FAIL_FAST_ON_INVALID_REQUEST}: an invalid request (400/422) ends the call instead of trying the next provider, default {@code true} */
    public boolean failFastOnInvalidRequest() { return routing.failFastOnInvalidRequest(); }

    /**
     * @return the usage ledger folder ({@code Q2O_LLM_USAGE_DIR}, default {@code .llm_usage}); empty
     *         when the ledger is off ({@code Q2O_LLM_LEDGER=false}, or {@link Builder#isolated()}
     *         without an explicit folder)
     */
    public Optional<Path> usageDir() { return ledger.usageDir(); }

    /**
     * @return the persistent cache folder ({@code Q2O_LLM_CACHE_DIR}, default {@code .llm_cache});
     *         empty when the cache is off, {@code Q2O_LLM_CACHE_PERSIST=false}, or
     *         {@link Builder#isolated()} without an explicit folder
     */
    public Optional<Path> cacheDir() { return cache.dir(); }

    /** @return {@code Q2O_LLM_CACHE_DIR_MAX_BYTES}: bound of the cache folder, default 256 MiB */
    public long cacheDirMaxBytes() { return cache.dirMaxBytes(); }

    /** @return {@code Q2O_LLM_USAGE_FSYNC}: {@code every} call or {@code batched} (default) */
    public FsyncPolicy usageFsync() { return ledger.fsync(); }

    /** @return the price table */
    public PriceTable prices() { return prices; }

    /** @return which config file(s) were read */
    public String configSource() { return sources.description(); }

    /**
     * {@code Q2O_*} variables set in any source (builder, environment, {@code .env}, config file)
     * that no module of this project reads — most often a misspelling, which would otherwise leave
     * the intended setting at its default. {@link LlmService} logs each line at WARN when it is built.
     *
     * @return one line per such variable, naming it and, when one is close, the setting it likely
     *         meant (values are never shown); empty when every name is known
     */
    public List<String> unknownSettings() { return UnknownSettings.find(sources.names()); }

    /** @return the non-secret settings; secrets are not shown */
    @Override
    public String toString() {
        return "LlmConfig{" + routing + ", " + generation + ", " + retry + ", " + timeouts + ", " + budget
                + ", " + cache + ", config=" + configSource() + "}";
    }

    /**
     * Builder for {@link LlmConfig}. Not thread-safe. Besides {@link #set(String, String)}, every
     * setting has a typed setter that validates its argument at once (inherited; e.g.
     * {@code maxRetries(int)}, {@code timeout(Duration)}, {@code dailyCostLimit(BigDecimal)},
     * {@code primary(String)}, {@code fallbacks(List)}, {@code cacheTtl(Duration)},
     * {@code maxConcurrentRequests(String, int)}). For each variable the last call wins.
     */
    public static final class Builder extends TypedSetters<Builder> {
        private Map<String, String> environment;
        private Path dotenvDirectory = Path.of(".");
        private boolean useDotenv = true;
        private boolean useWorkingDirConfig = true;

        private Builder() {
        }

        /**
         * Sets a value that wins over every other source. It is validated when the configuration
         * is built.
         *
         * @param variable the variable name, e.g. {@code "Q2O_LLM_DAILY_LIMIT"}
         * @param value    the value; {@code null} removes an earlier override
         * @return this
         */
        public Builder set(String variable, String value) {
            override(variable, value);
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
