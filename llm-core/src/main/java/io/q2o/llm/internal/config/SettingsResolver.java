package io.q2o.llm.internal.config;

import io.q2o.llm.ConfigException;
import io.q2o.llm.config.BudgetConfig;
import io.q2o.llm.config.CacheConfig;
import io.q2o.llm.config.CircuitBreakerConfig;
import io.q2o.llm.config.DiagnosticsConfig;
import io.q2o.llm.config.GenerationConfig;
import io.q2o.llm.config.LedgerConfig;
import io.q2o.llm.config.RateLimitConfig;
import io.q2o.llm.config.RetryConfig;
import io.q2o.llm.config.RoutingConfig;
import io.q2o.llm.config.TimeoutConfig;
import io.q2o.llm.usage.FsyncPolicy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the per-concern records of a configuration from its sources. Not API.
 *
 * <p>Design: for each setting of the {@link Settings} catalog, a value given to a typed builder
 * setter (already validated there) wins; otherwise the raw string from {@link ConfigSources} is
 * parsed with the setting's bounds; otherwise its default applies. A bad value that came from the
 * config file gets the file named in the message. The records' own constructors check the bounds
 * once more, so a record built by hand obeys the same rules.
 */
public final class SettingsResolver {
    private final ConfigSources sources;
    private final Map<String, Object> typed;
    private final boolean useWorkingDir;

    /**
     * @param sources       the loaded sources
     * @param typed         values set through typed builder setters, by variable name
     * @param useWorkingDir whether default folders in the working directory are used
     */
    public SettingsResolver(ConfigSources sources, Map<String, Object> typed, boolean useWorkingDir) {
        this.sources = sources;
        this.typed = Map.copyOf(typed);
        this.useWorkingDir = useWorkingDir;
    }

    private <T> T get(String name, T def, Function<String, T> parse) {
        Object t = typed.get(name);
        if (t != null) {
            @SuppressWarnings("unchecked")
            T value = (T) t;
            return value;
        }
        String raw = sources.lookup(name, true);
        if (raw == null) {
            return def;
        }
        try {
            return parse.apply(raw);
        } catch (ConfigException e) {
            String origin = sources.fileOrigin(name);
            if (origin == null) {
                throw e;
            }
            throw new ConfigException(e.variable(), e.getMessage() + " (set in " + origin + ")", e);
        }
    }

    private boolean flag(Settings.Flag f) {
        return get(f.name(), f.def(), f::parse);
    }

    private long whole(Settings.Whole w) {
        return get(w.name(), w.def(), w::parse);
    }

    private Duration span(Settings.Span s) {
        return get(s.name(), s.defaultValue(), s::parse);
    }

    private BigDecimal money(Settings.Money m) {
        return get(m.name(), m.def(), m::parse);
    }

    /** @return {@code Q2O_USE_LLM}, the chain, auto fallback, fail fast */
    public RoutingConfig routing() {
        String primary = get(Settings.PRIMARY, Settings.PRIMARY_DEFAULT, v -> Values.parseProviderName(Settings.PRIMARY, v));
        List<String> fallbacks = get(Settings.FALLBACK, List.of(Settings.FALLBACK_DEFAULT),
                v -> Values.parseProviderList(Settings.FALLBACK, v));
        return new RoutingConfig(flag(Settings.USE_LLM), flag(Settings.DRY_RUN), primary, fallbacks,
                flag(Settings.AUTO_FALLBACK), flag(Settings.FAIL_FAST_ON_INVALID_REQUEST));
    }

    /** @return temperatures and max tokens */
    public GenerationConfig generation() {
        return new GenerationConfig(get(Settings.TEMPERATURE.name(), Settings.TEMPERATURE.def(), Settings.TEMPERATURE::parse),
                get(Settings.CODE_TEMPERATURE.name(), Settings.CODE_TEMPERATURE.def(), Settings.CODE_TEMPERATURE::parse),
                (int) whole(Settings.MAX_TOKENS));
    }

    /** @return {@code Q2O_LLM_DEBUG} */
    public DiagnosticsConfig diagnostics() {
        return new DiagnosticsConfig(flag(Settings.DEBUG));
    }

    /** @return the retry settings */
    public RetryConfig retry() {
        return new RetryConfig((int) whole(Settings.MAX_RETRIES), span(Settings.RETRY_INITIAL), span(Settings.RETRY_MAX),
                span(Settings.RETRY_AFTER_CAP));
    }

    /** @return the time limits */
    public TimeoutConfig timeouts() {
        return new TimeoutConfig(span(Settings.TIMEOUT), span(Settings.REQUEST_TIMEOUT));
    }

    /** @return the circuit breaker settings */
    public CircuitBreakerConfig circuitBreaker() {
        return new CircuitBreakerConfig((int) whole(Settings.CIRCUIT_FAILURES), span(Settings.CIRCUIT_COOLDOWN));
    }

    /** @return the rate-limit settings */
    public RateLimitConfig rateLimit() {
        return new RateLimitConfig(span(Settings.RATE_LIMIT_MAX_WAIT));
    }

    /** @return limits, budgets, alert and zone */
    public BudgetConfig budget() {
        ZoneId zone = get(Settings.TIMEZONE, ZoneId.of(Settings.TIMEZONE_DEFAULT), v -> Values.parseZone(Settings.TIMEZONE, v));
        return new BudgetConfig(whole(Settings.DAILY_LIMIT), money(Settings.COST_ALERT),
                Optional.ofNullable(money(Settings.DAILY_COST_LIMIT)), Optional.ofNullable(money(Settings.MONTHLY_BUDGET)), zone);
    }

    /** @return the cache settings */
    public CacheConfig cache() {
        boolean enabled = flag(Settings.CACHE_ENABLED);
        boolean persist = flag(Settings.CACHE_PERSIST);
        Path dir = folder(Settings.CACHE_DIR, ".llm_cache");
        return new CacheConfig(enabled, span(Settings.CACHE_TTL), whole(Settings.CACHE_MAX_BYTES),
                Optional.ofNullable(persist && enabled ? dir : null), whole(Settings.CACHE_DIR_MAX_BYTES));
    }

    /** @return the ledger settings */
    public LedgerConfig ledger() {
        boolean on = flag(Settings.LEDGER);
        Path dir = folder(Settings.USAGE_DIR, ".llm_usage");
        FsyncPolicy fsync = get(Settings.USAGE_FSYNC, FsyncPolicy.BATCHED, SettingsResolver::fsync);
        return new LedgerConfig(Optional.ofNullable(on ? dir : null), fsync);
    }

    /** @return the explicit folder, else {@code def} in the working directory unless isolated, else {@code null} */
    private Path folder(String name, String def) {
        Path explicit = get(name, null, v -> Values.parsePath(name, v));
        return explicit != null ? explicit : useWorkingDir ? Path.of(def) : null;
    }

    /**
     * @param v a value of {@code Q2O_LLM_USAGE_FSYNC}
     * @return the policy
     */
    public static FsyncPolicy fsync(String v) {
        if (v.equalsIgnoreCase("batched")) {
            return FsyncPolicy.BATCHED;
        }
        if (v.equalsIgnoreCase("every") || v.equalsIgnoreCase("every_call")) {
            return FsyncPolicy.EVERY_CALL;
        }
        throw Values.bad(Settings.USAGE_FSYNC, v, "every or batched");
    }
}
