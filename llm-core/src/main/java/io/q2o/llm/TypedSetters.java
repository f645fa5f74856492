package io.q2o.llm;

import io.q2o.llm.internal.config.Settings;
import io.q2o.llm.internal.config.Values;
import io.q2o.llm.usage.FsyncPolicy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * The typed setters of {@link LlmConfig.Builder}, kept apart so the builder's file stays small.
 *
 * <p>Design: each setter validates its argument at once against the same bounds as the
 * environment variable it stands for (Resilience4j's {@code *Config.Builder} is the model), so a
 * bad value fails with a {@link ConfigException} naming that variable at the call, not later. The
 * value is then recorded as an override of that variable — the typed value for
 * {@link LlmConfig.Builder#build()} and its text for {@link LlmConfig#setting(String)} — so typed
 * setters and {@link LlmConfig.Builder#set(String, String)} share one precedence: the last call
 * for a variable wins, over every other source.
 *
 * @param <B> the builder type
 */
abstract class TypedSetters<B extends TypedSetters<B>> extends ProviderSetters<B> {
    TypedSetters() {
    }

    private B flag(Settings.Flag f, boolean v) {
        return put(f.name(), v, Boolean.toString(v));
    }

    private B whole(Settings.Whole w, long v) {
        return put(w.name(), w.check(v), Long.toString(v));
    }

    private B span(Settings.Span s, Duration d) {
        Objects.requireNonNull(d, s.name());
        return put(s.name(), s.check(d), s.format(d));
    }

    private B money(Settings.Money m, BigDecimal v) {
        return v == null ? put(m.name(), null, null) : put(m.name(), m.check(v), m.check(v).toPlainString());
    }

    // ------------------------------------------------------------------ routing

    /**
     * Sets {@code Q2O_USE_LLM}: make calls at all (default {@code true}).
     *
     * @param on the value
     * @return this
     */
    public B useLlm(boolean on) { return flag(Settings.USE_LLM, on); }

    /**
     * Sets {@code Q2O_LLM_DRY_RUN}: simulate calls without network (default {@code false}).
     *
     * @param on the value
     * @return this
     */
    public B dryRun(boolean on) { return flag(Settings.DRY_RUN, on); }

    /**
     * @param provider {@code Q2O_LLM_PRIMARY}: the first provider tried (default {@code gemini})
     * @return this
     * @throws ConfigException if it is not a provider name ({@code [a-z0-9_-]}, at most 64 characters)
     */
    public B primary(String provider) {
        String p = Values.parseProviderName(Settings.PRIMARY, Objects.requireNonNull(provider, "provider"));
        return put(Settings.PRIMARY, p, p);
    }

    /**
     * @param providers {@code Q2O_LLM_FALLBACK}: providers tried after the primary, in order (default
     *                  {@code [openai]}; an empty list for none)
     * @return this
     * @throws ConfigException if an entry is not a provider name
     */
    public B fallbacks(List<String> providers) {
        Objects.requireNonNull(providers, "providers");
        for (String p : providers) {
            Values.parseProviderName(Settings.FALLBACK, Objects.requireNonNull(p, "provider"));
        }
        String text = providers.isEmpty() ? "none" : String.join(",", providers);
        return put(Settings.FALLBACK, Values.parseProviderList(Settings.FALLBACK, text), text);
    }

    /**
     * Sets {@code Q2O_LLM_AUTO_FALLBACK}: try every other configured provider last (default {@code true}).
     *
     * @param on the value
     * @return this
     */
    public B autoFallback(boolean on) { return flag(Settings.AUTO_FALLBACK, on); }

    /**
     * Sets {@code Q2O_LLM_FAIL_FAST_ON_INVALID_REQUEST} (default {@code true}).
     *
     * @param on the value
     * @return this
     */
    public B failFastOnInvalidRequest(boolean on) { return flag(Settings.FAIL_FAST_ON_INVALID_REQUEST, on); }

    // ------------------------------------------------------------------ generation, diagnostics

    /**
     * Sets {@code Q2O_LLM_TEMPERATURE}, 0–2 (default 0.7).
     *
     * @param t the value
     * @return this
     * @throws ConfigException naming the variable and the value if it is out of range or NaN
     */
    public B temperature(double t) { return put(Settings.TEMPERATURE.name(), Settings.TEMPERATURE.check(t), Double.toString(t)); }

    /**
     * Sets {@code Q2O_LLM_CODE_TEMPERATURE}, 0–2 (default 0.3).
     *
     * @param t the value
     * @return this
     * @throws ConfigException naming the variable and the value if it is out of range or NaN
     */
    public B codeTemperature(double t) {
        return put(Settings.CODE_TEMPERATURE.name(), Settings.CODE_TEMPERATURE.check(t), Double.toString(t));
    }

    /**
     * Sets {@code Q2O_LLM_MAX_TOKENS}, 1–10,000,000 (default 8192).
     *
     * @param n the value
     * @return this
     * @throws ConfigException naming the variable and the value if it is out of range
     */
    public B maxTokens(int n) { return whole(Settings.MAX_TOKENS, n); }

    /**
     * Sets {@code Q2O_LLM_DEBUG}: log requests and responses, secrets redacted (default {@code false}).
     *
     * @param on the value
     * @return this
     */
    public B debug(boolean on) { return flag(Settings.DEBUG, on); }

    // ------------------------------------------------------------------ retry, timeouts, circuit breaker, rate limit

    /**
     * Sets {@code Q2O_LLM_MAX_RETRIES}, 0–100 (default 2).
     *
     * @param n the value
     * @return this
     * @throws ConfigException naming the variable and the value if it is out of range
     */
    public B maxRetries(int n) { return whole(Settings.MAX_RETRIES, n); }

    /**
     * Sets {@code Q2O_LLM_RETRY_INITIAL_MS}, 0–1 h (default 500 ms).
     *
     * @param d the value
     * @return this
     * @throws ConfigException naming the variable and the value if it is out of range
     */
    public B retryInitialDelay(Duration d) { return span(Settings.RETRY_INITIAL, d); }

    /**
     * Sets {@code Q2O_LLM_RETRY_MAX_MS}, 0–1 h (default 20 s).
     *
     * @param d the value
     * @return this
     * @throws ConfigException naming the variable and the value if it is out of range
     */
    public B retryMaxDelay(Duration d) { return span(Settings.RETRY_MAX, d); }

    /**
     * Sets {@code Q2O_LLM_RETRY_AFTER_CAP_SECONDS}, 0–1 h (default 30 s).
     *
     * @param d the value
     * @return this
     * @throws ConfigException naming the variable and the value if it is out of range
     */
    public B retryAfterCap(Duration d) { return span(Settings.RETRY_AFTER_CAP, d); }

    /**
     * Sets {@code Q2O_LLM_TIMEOUT_SECONDS}: deadline of a call, 1 s – 24 h (default 120 s).
     *
     * @param d the value
     * @return this
     * @throws ConfigException naming the variable and the value if it is out of range
     */
    public B timeout(Duration d) { return span(Settings.TIMEOUT, d); }

    /**
     * Sets {@code Q2O_LLM_REQUEST_TIMEOUT_SECONDS}: one attempt, 1 s – 24 h (default 60 s).
     *
     * @param d the value
     * @return this
     * @throws ConfigException naming the variable and the value if it is out of range
     */
    public B requestTimeout(Duration d) { return span(Settings.REQUEST_TIMEOUT, d); }

    /**
     * Sets {@code Q2O_LLM_CIRCUIT_FAILURES}, 1–1000 (default 5).
     *
     * @param n the value
     * @return this
     * @throws ConfigException naming the variable and the value if it is out of range
     */
    public B circuitFailureThreshold(int n) { return whole(Settings.CIRCUIT_FAILURES, n); }

    /**
     * Sets {@code Q2O_LLM_CIRCUIT_COOLDOWN_SECONDS}, 1 s – 24 h (default 30 s).
     *
     * @param d the value
     * @return this
     * @throws ConfigException naming the variable and the value if it is out of range
     */
    public B circuitCooldown(Duration d) { return span(Settings.CIRCUIT_COOLDOWN, d); }

    /**
     * Sets {@code Q2O_LLM_RATE_LIMIT_MAX_WAIT_MS}, 0–1 h (default 5000 ms).
     *
     * @param d the value
     * @return this
     * @throws ConfigException naming the variable and the value if it is out of range
     */
    public B rateLimitMaxWait(Duration d) { return span(Settings.RATE_LIMIT_MAX_WAIT, d); }

    // ------------------------------------------------------------------ limits and budgets (USD: >= 0, < 10^9, <= 10 decimals)

    /**
     * Sets {@code Q2O_LLM_DAILY_LIMIT}: calls per day, 0 (unlimited) – 10¹² (default 1000).
     *
     * @param n the value
     * @return this
     * @throws ConfigException naming the variable and the value if it is out of range
     */
    public B dailyLimit(long n) { return whole(Settings.DAILY_LIMIT, n); }

    /**
     * Sets {@code Q2O_LLM_COST_ALERT} (default 10.00).
     *
     * @param usd the value; {@code null} removes an earlier override
     * @return this
     * @throws ConfigException naming the variable and the value if it is negative, not below 10^9 or has more than 10 decimal places
     */
    public B costAlert(BigDecimal usd) { return money(Settings.COST_ALERT, usd); }

    /**
     * Sets {@code Q2O_LLM_DAILY_COST_LIMIT} (default: no limit).
     *
     * @param usd the value; {@code null} removes an earlier override
     * @return this
     * @throws ConfigException naming the variable and the value if it is negative, not below 10^9 or has more than 10 decimal places
     */
    public B dailyCostLimit(BigDecimal usd) { return money(Settings.DAILY_COST_LIMIT, usd); }

    /**
     * Sets {@code Q2O_LLM_MONTHLY_BUDGET} (default: no limit).
     *
     * @param usd the value; {@code null} removes an earlier override
     * @return this
     * @throws ConfigException naming the variable and the value if it is negative, not below 10^9 or has more than 10 decimal places
     */
    public B monthlyBudget(BigDecimal usd) { return money(Settings.MONTHLY_BUDGET, usd); }

    /**
     * Sets {@code Q2O_LLM_TIMEZONE}: where days and months roll over (default UTC).
     *
     * @param zone the value
     * @return this
     */
    public B zone(ZoneId zone) { return put(Settings.TIMEZONE, Objects.requireNonNull(zone, "zone"), zone.getId()); }

    // ------------------------------------------------------------------ cache, ledger

    /**
     * Sets {@code Q2O_LLM_CACHE_ENABLED} (default {@code true}).
     *
     * @param on the value
     * @return this
     */
    public B cacheEnabled(boolean on) { return flag(Settings.CACHE_ENABLED, on); }

    /**
     * Sets {@code Q2O_LLM_CACHE_TTL}, 0 – 36,500 days (default 90 days).
     *
     * @param ttl the value
     * @return this
     * @throws ConfigException naming the variable and the value if it is out of range
     */
    public B cacheTtl(Duration ttl) { return span(Settings.CACHE_TTL, ttl); }

    /**
     * Sets {@code Q2O_LLM_CACHE_MAX_BYTES}, 0 – 1 TiB (default 64 MiB).
     *
     * @param bytes the value
     * @return this
     * @throws ConfigException naming the variable and the value if it is out of range
     */
    public B cacheMaxBytes(long bytes) { return whole(Settings.CACHE_MAX_BYTES, bytes); }

    /**
     * Sets {@code Q2O_LLM_CACHE_PERSIST}: keep the disk tier (default {@code true}).
     *
     * @param on the value
     * @return this
     */
    public B cachePersist(boolean on) { return flag(Settings.CACHE_PERSIST, on); }

    /**
     * Sets {@code Q2O_LLM_CACHE_DIR} (default {@code .llm_cache}).
     *
     * @param dir the value; {@code null} removes an earlier override
     * @return this
     */
    public B cacheDir(Path dir) { return put(Settings.CACHE_DIR, dir, dir == null ? null : dir.toString()); }

    /**
     * Sets {@code Q2O_LLM_CACHE_DIR_MAX_BYTES}, 1 B – 1 TiB (default 256 MiB).
     *
     * @param bytes the value
     * @return this
     * @throws ConfigException naming the variable and the value if it is out of range
     */
    public B cacheDirMaxBytes(long bytes) { return whole(Settings.CACHE_DIR_MAX_BYTES, bytes); }

    /**
     * Sets {@code Q2O_LLM_LEDGER}: write the usage ledger (default {@code true}).
     *
     * @param on the value
     * @return this
     */
    public B ledger(boolean on) { return flag(Settings.LEDGER, on); }

    /**
     * Sets {@code Q2O_LLM_USAGE_DIR} (default {@code .llm_usage}).
     *
     * @param dir the value; {@code null} removes an earlier override
     * @return this
     */
    public B usageDir(Path dir) { return put(Settings.USAGE_DIR, dir, dir == null ? null : dir.toString()); }

    /**
     * Sets {@code Q2O_LLM_USAGE_FSYNC} (default {@link FsyncPolicy#BATCHED}).
     *
     * @param policy the value
     * @return this
     */
    public B usageFsync(FsyncPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return put(Settings.USAGE_FSYNC, policy, policy == FsyncPolicy.EVERY_CALL ? "every" : "batched");
    }
}
