package io.q2o.llm.spring;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.spi.LlmProviderFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns {@link LlmProperties} into the library's variables ({@code Q2O_LLM_*}, the provider key and
 * model variables) and applies them with {@link LlmConfig.Builder#set}, where they win over the
 * environment, {@code .env} and the config file. Only properties that are set become variables.
 * Durations and sizes must be whole units of what the variable counts (a timeout of 1500ms is
 * refused for {@code Q2O_LLM_TIMEOUT_SECONDS}) so no value is silently rounded. Stateless.
 */
final class LlmSettings {

    private static final String PREFIX = "q2o.llm.";
    private static final Pattern VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*");

    /** The key variables of the built-in providers, used when their factory is not on the class path. */
    private static final Map<String, String> BUILT_IN_KEYS = Map.of(
            "gemini", "GOOGLE_API_KEY", "openai", "OPENAI_API_KEY", "anthropic", "ANTHROPIC_API_KEY");

    private LlmSettings() {
    }

    /**
     * @param p         the properties
     * @param factories the provider factories on the class path (for their key variables)
     * @return variable name → value, in a stable order
     * @throws InvalidConfigurationPropertyValueException naming the property when a value cannot be expressed
     */
    static Map<String, String> variables(LlmProperties p, List<LlmProviderFactory> factories) {
        Map<String, String> v = new LinkedHashMap<>();
        p.getSettings().forEach((name, value) -> v.put(variableName(name, value), value));
        put(v, "Q2O_USE_LLM", p.getEnabled());
        put(v, "Q2O_LLM_PRIMARY", p.getPrimary());
        if (p.getFallback() != null) {
            v.put("Q2O_LLM_FALLBACK", p.getFallback().isEmpty() ? "none" : String.join(",", p.getFallback()));
        }
        put(v, "Q2O_LLM_AUTO_FALLBACK", p.getAutoFallback());
        put(v, "Q2O_LLM_TEMPERATURE", p.getTemperature());
        put(v, "Q2O_LLM_CODE_TEMPERATURE", p.getCodeTemperature());
        put(v, "Q2O_LLM_MAX_TOKENS", p.getMaxTokens());
        put(v, "Q2O_LLM_DAILY_LIMIT", p.getDailyLimit());
        money(v, "Q2O_LLM_COST_ALERT", p.getCostAlert());
        money(v, "Q2O_LLM_DAILY_COST_LIMIT", p.getDailyCostLimit());
        money(v, "Q2O_LLM_MONTHLY_BUDGET", p.getMonthlyBudget());
        put(v, "Q2O_LLM_DRY_RUN", p.getDryRun());
        put(v, "Q2O_LLM_DEBUG", p.getDebug());
        put(v, "Q2O_LLM_MAX_RETRIES", p.getMaxRetries());
        duration(v, "Q2O_LLM_TIMEOUT_SECONDS", "timeout", p.getTimeout(), ChronoUnit.SECONDS);
        duration(v, "Q2O_LLM_REQUEST_TIMEOUT_SECONDS", "request-timeout", p.getRequestTimeout(), ChronoUnit.SECONDS);
        put(v, "Q2O_LLM_TIMEZONE", p.getTimezone());
        duration(v, "Q2O_LLM_RETRY_INITIAL_MS", "retry-initial-delay", p.getRetryInitialDelay(), ChronoUnit.MILLIS);
        duration(v, "Q2O_LLM_RETRY_MAX_MS", "retry-max-delay", p.getRetryMaxDelay(), ChronoUnit.MILLIS);
        duration(v, "Q2O_LLM_RETRY_AFTER_CAP_SECONDS", "retry-after-cap", p.getRetryAfterCap(), ChronoUnit.SECONDS);
        put(v, "Q2O_LLM_CIRCUIT_FAILURES", p.getCircuitFailures());
        duration(v, "Q2O_LLM_CIRCUIT_COOLDOWN_SECONDS", "circuit-cooldown", p.getCircuitCooldown(), ChronoUnit.SECONDS);
        duration(v, "Q2O_LLM_RATE_LIMIT_MAX_WAIT_MS", "rate-limit-max-wait", p.getRateLimitMaxWait(), ChronoUnit.MILLIS);
        put(v, "Q2O_LLM_FAIL_FAST_ON_INVALID_REQUEST", p.getFailFastOnInvalidRequest());
        put(v, "Q2O_LLM_CONFIG", p.getConfigFile());

        LlmProperties.Cache c = p.getCache();
        put(v, "Q2O_LLM_CACHE_ENABLED", c.getEnabled());
        duration(v, "Q2O_LLM_CACHE_TTL", "cache.ttl", c.getTtl(), ChronoUnit.DAYS);
        bytes(v, "Q2O_LLM_CACHE_MAX_BYTES", c.getMaxSize());
        put(v, "Q2O_LLM_CACHE_PERSIST", c.getPersist());
        put(v, "Q2O_LLM_CACHE_DIR", c.getDir());
        bytes(v, "Q2O_LLM_CACHE_DIR_MAX_BYTES", c.getDirMaxSize());

        LlmProperties.Usage u = p.getUsage();
        put(v, "Q2O_LLM_LEDGER", u.getLedger());
        put(v, "Q2O_LLM_USAGE_DIR", u.getDir());
        put(v, "Q2O_LLM_USAGE_FSYNC", u.getFsync());

        Map<String, String> keys = new LinkedHashMap<>(BUILT_IN_KEYS);
        for (LlmProviderFactory f : factories) {
            keys.put(f.name().toLowerCase(Locale.ROOT), f.apiKeyVariable());
        }
        p.getProviders().forEach((name, provider) -> provider(v, name.toLowerCase(Locale.ROOT), provider, keys));
        return v;
    }

    private static void provider(Map<String, String> v, String name, LlmProperties.Provider p, Map<String, String> keys) {
        String prefix = LlmConfig.prefix(name);
        if (p.getApiKey() != null) {
            String keyVariable = keys.get(name);
            if (keyVariable == null) {
                throw new InvalidConfigurationPropertyValueException(PREFIX + "providers." + name + ".api-key", "[set]",
                        "no provider factory named '" + name + "' is on the class path, so its key variable is "
                                + "unknown; known providers: " + String.join(", ", keys.keySet()));
            }
            v.put(keyVariable, p.getApiKey());
        }
        if (p.getModels() != null) {
            v.put(prefix + "_MODEL", String.join(",", p.getModels()));
        }
        put(v, prefix + "_BASE_URL", p.getBaseUrl());
        put(v, prefix + "_TEMPERATURE", p.getTemperature());
        put(v, prefix + "_RPM", p.getRpm());
        put(v, prefix + "_TPM", p.getTpm());
    }

    private static String variableName(String key, String value) {
        String name = key.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
        if (!VARIABLE.matcher(name).matches()) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "settings." + key, value,
                    "the key must be a variable name such as Q2O_LLM_REPAIR_ATTEMPTS");
        }
        return name;
    }

    private static void put(Map<String, String> v, String variable, Object value) {
        if (value != null) {
            v.put(variable, value.toString());
        }
    }

    private static void money(Map<String, String> v, String variable, BigDecimal value) {
        if (value != null) {
            // written out only when short: 1e-999999999 would be a billion digits (the core refuses it by its text)
            boolean small = value.scale() <= 20 && value.precision() - value.scale() <= 20;
            v.put(variable, small ? value.toPlainString() : value.toString());
        }
    }

    private static void bytes(Map<String, String> v, String variable, DataSize value) {
        if (value != null) {
            v.put(variable, Long.toString(value.toBytes()));
        }
    }

    private static void duration(Map<String, String> v, String variable, String property, Duration value,
                                 ChronoUnit unit) {
        if (value == null) {
            return;
        }
        Function<Duration, Long> in = switch (unit) {
            case MILLIS -> Duration::toMillis;
            case SECONDS -> Duration::toSeconds;
            case DAYS -> Duration::toDays;
            default -> throw new IllegalArgumentException("unit " + unit);
        };
        long amount;
        try {
            amount = in.apply(value);
        } catch (ArithmeticException tooLong) {
            amount = -1;
        }
        if (amount < 0 || value.isNegative() || !Duration.of(amount, unit).equals(value)) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + property, value,
                    "must be a non-negative whole number of " + unit.toString().toLowerCase(Locale.ROOT)
                            + " (it sets " + variable + ")");
        }
        v.put(variable, Long.toString(amount));
    }

    /**
     * Applies {@code variables} to a config builder.
     *
     * @return the builder
     */
    static LlmConfig.Builder apply(LlmConfig.Builder builder, Map<String, String> variables) {
        Objects.requireNonNull(builder, "builder");
        variables.forEach(builder::set);
        return builder;
    }
}
