package io.q2o.llm.internal.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The catalog of llm-core's scalar settings: each variable's name, default and bounds, declared
 * once. Not API.
 *
 * <p>Design: the environment-variable parser ({@code SettingsResolver}), the typed builder
 * setters of {@code LlmConfig.Builder} and the compact constructors of the per-concern records in
 * {@code io.q2o.llm.config} all validate through these objects, so a value accepted from
 * {@code .env} and the same value given to a typed setter behave identically, and a bound is
 * changed in one place. Every bound keeps the converted value far from overflow (for example
 * {@code Duration.ofSeconds}, {@code Duration.toMillis}, counters incremented per call).
 */
public final class Settings {
    private Settings() {
    }

    /** A whole-number setting. */
    public record Whole(String name, long def, long min, long max) {
        /** @return the parsed, bounded value */
        public long parse(String raw) {
            return Values.parseLong(name, raw, min, max);
        }

        /** @return {@code v} if in bounds */
        public long check(long v) {
            return Values.checkLong(name, v, min, max);
        }
    }

    /** A decimal-number setting. */
    public record Fraction(String name, double def, double min, double max) {
        /** @return the parsed, bounded value */
        public double parse(String raw) {
            return Values.parseDouble(name, raw, min, max);
        }

        /** @return {@code v} if finite and in bounds */
        public double check(double v) {
            return Values.checkDouble(name, v, min, max);
        }
    }

    /** A duration setting written as a whole number of {@code unit}. */
    public record Span(String name, ChronoUnit unit, long def, long min, long max) {
        /** @return the default */
        public Duration defaultValue() {
            return Duration.of(def, unit);
        }

        /** @return the parsed, bounded value */
        public Duration parse(String raw) {
            return Duration.of(Values.parseLong(name, raw, min, max), unit);
        }

        /** @return {@code d} if in bounds (any precision) */
        public Duration check(Duration d) {
            return Values.checkDuration(name, d, Duration.of(min, unit), Duration.of(max, unit));
        }

        /** @return {@code d} written in this setting's unit (a decimal when not whole) */
        public String format(Duration d) {
            BigDecimal nanos = BigDecimal.valueOf(d.getSeconds()).scaleByPowerOfTen(9).add(BigDecimal.valueOf(d.getNano()));
            BigDecimal perUnit = BigDecimal.valueOf(unit.getDuration().getSeconds()).scaleByPowerOfTen(9)
                    .add(BigDecimal.valueOf(unit.getDuration().getNano()));
            return nanos.divide(perUnit, 9, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        }
    }

    /** A USD amount; {@code def == null} means unset by default. */
    public record Money(String name, BigDecimal def) {
        /** @return the parsed, bounded amount */
        public BigDecimal parse(String raw) {
            return Values.parseMoney(name, raw);
        }

        /** @return {@code v} if in bounds */
        public BigDecimal check(BigDecimal v) {
            return Values.checkMoney(name, v);
        }
    }

    /** A boolean setting. */
    public record Flag(String name, boolean def) {
        /** @return the parsed value */
        public boolean parse(String raw) {
            return Values.parseBoolean(name, raw);
        }
    }

    private static final long TIB = 1L << 40;

    // routing
    public static final Flag USE_LLM = new Flag("Q2O_USE_LLM", true);
    public static final Flag DRY_RUN = new Flag("Q2O_LLM_DRY_RUN", false);
    public static final String PRIMARY = "Q2O_LLM_PRIMARY";
    public static final String PRIMARY_DEFAULT = "gemini";
    public static final String FALLBACK = "Q2O_LLM_FALLBACK";
    public static final String FALLBACK_DEFAULT = "openai";
    public static final Flag AUTO_FALLBACK = new Flag("Q2O_LLM_AUTO_FALLBACK", true);
    public static final Flag FAIL_FAST_ON_INVALID_REQUEST = new Flag("Q2O_LLM_FAIL_FAST_ON_INVALID_REQUEST", true);
    // generation
    public static final Fraction TEMPERATURE = new Fraction("Q2O_LLM_TEMPERATURE", 0.7, 0.0, 2.0);
    public static final Fraction CODE_TEMPERATURE = new Fraction("Q2O_LLM_CODE_TEMPERATURE", 0.3, 0.0, 2.0);
    public static final Whole MAX_TOKENS = new Whole("Q2O_LLM_MAX_TOKENS", 8192, 1, 10_000_000);
    // diagnostics
    public static final Flag DEBUG = new Flag("Q2O_LLM_DEBUG", false);
    // limits and budgets
    public static final Whole DAILY_LIMIT = new Whole("Q2O_LLM_DAILY_LIMIT", 1000, 0, 1_000_000_000_000L);
    public static final Money COST_ALERT = new Money("Q2O_LLM_COST_ALERT", new BigDecimal("10.00"));
    public static final Money DAILY_COST_LIMIT = new Money("Q2O_LLM_DAILY_COST_LIMIT", null);
    public static final Money MONTHLY_BUDGET = new Money("Q2O_LLM_MONTHLY_BUDGET", null);
    public static final String TIMEZONE = "Q2O_LLM_TIMEZONE";
    public static final String TIMEZONE_DEFAULT = "UTC";
    // cache
    public static final Flag CACHE_ENABLED = new Flag("Q2O_LLM_CACHE_ENABLED", true);
    public static final Span CACHE_TTL = new Span("Q2O_LLM_CACHE_TTL", ChronoUnit.DAYS, 90, 0, 36_500);
    public static final Whole CACHE_MAX_BYTES = new Whole("Q2O_LLM_CACHE_MAX_BYTES", 64L * 1024 * 1024, 0, TIB);
    public static final Flag CACHE_PERSIST = new Flag("Q2O_LLM_CACHE_PERSIST", true);
    public static final String CACHE_DIR = "Q2O_LLM_CACHE_DIR";
    public static final Whole CACHE_DIR_MAX_BYTES = new Whole("Q2O_LLM_CACHE_DIR_MAX_BYTES", 256L * 1024 * 1024, 1, TIB);
    // ledger
    public static final Flag LEDGER = new Flag("Q2O_LLM_LEDGER", true);
    public static final String USAGE_DIR = "Q2O_LLM_USAGE_DIR";
    public static final String USAGE_FSYNC = "Q2O_LLM_USAGE_FSYNC";
    // retry
    public static final Whole MAX_RETRIES = new Whole("Q2O_LLM_MAX_RETRIES", 2, 0, 100);
    public static final Span RETRY_INITIAL = new Span("Q2O_LLM_RETRY_INITIAL_MS", ChronoUnit.MILLIS, 500, 0, 3_600_000);
    public static final Span RETRY_MAX = new Span("Q2O_LLM_RETRY_MAX_MS", ChronoUnit.MILLIS, 20_000, 0, 3_600_000);
    public static final Span RETRY_AFTER_CAP = new Span("Q2O_LLM_RETRY_AFTER_CAP_SECONDS", ChronoUnit.SECONDS, 30, 0, 3_600);
    // timeouts
    public static final Span TIMEOUT = new Span("Q2O_LLM_TIMEOUT_SECONDS", ChronoUnit.SECONDS, 120, 1, 86_400);
    public static final Span REQUEST_TIMEOUT = new Span("Q2O_LLM_REQUEST_TIMEOUT_SECONDS", ChronoUnit.SECONDS, 60, 1, 86_400);
    // circuit breaker
    public static final Whole CIRCUIT_FAILURES = new Whole("Q2O_LLM_CIRCUIT_FAILURES", 5, 1, 1_000);
    public static final Span CIRCUIT_COOLDOWN = new Span("Q2O_LLM_CIRCUIT_COOLDOWN_SECONDS", ChronoUnit.SECONDS, 30, 1, 86_400);
    // rate limits
    public static final Span RATE_LIMIT_MAX_WAIT = new Span("Q2O_LLM_RATE_LIMIT_MAX_WAIT_MS", ChronoUnit.MILLIS, 5_000, 0, 3_600_000);
    // engine: async executor, budget reservations, pinned models
    public static final Whole ASYNC_THREADS = new Whole("Q2O_LLM_ASYNC_THREADS", 512, 1, 100_000);
    public static final Whole BUDGET_TOKENS_PER_BYTE = new Whole("Q2O_LLM_BUDGET_TOKENS_PER_BYTE", 4, 1, 16);
    public static final Whole BUDGET_ESTIMATE_FACTOR = new Whole("Q2O_LLM_BUDGET_ESTIMATE_FACTOR", 10, 0, 100);
    public static final Whole BUDGET_MIN_OUTPUT_TOKENS = new Whole("Q2O_LLM_BUDGET_MIN_OUTPUT_TOKENS", 256, 1, 10_000_000);
    public static final Flag PINNED_MODEL_FALLBACK = new Flag("Q2O_LLM_PINNED_MODEL_FALLBACK", false);
    // config file
    public static final String CONFIG = "Q2O_LLM_CONFIG";

    // per provider: <PREFIX> + suffix
    public static final String MODEL_SUFFIX = "_MODEL";
    public static final String TEMPERATURE_SUFFIX = "_TEMPERATURE";
    public static final String BASE_URL_SUFFIX = "_BASE_URL";
    public static final String RPM_SUFFIX = "_RPM";
    public static final String TPM_SUFFIX = "_TPM";
    public static final String MAX_CONCURRENT_SUFFIX = "_MAX_CONCURRENT_REQUESTS";
    /** Bounds of {@code <PREFIX>_RPM}. */
    public static final long MAX_RPM = 1_000_000_000L;
    /** Bounds of {@code <PREFIX>_TPM}. */
    public static final long MAX_TPM = 1_000_000_000_000L;
    /** Default of {@code <PREFIX>_MAX_CONCURRENT_REQUESTS}. */
    public static final int DEFAULT_MAX_CONCURRENT = 512;
    /** Upper bound of {@code <PREFIX>_MAX_CONCURRENT_REQUESTS}. */
    public static final int MAX_CONCURRENT = 100_000;
}
