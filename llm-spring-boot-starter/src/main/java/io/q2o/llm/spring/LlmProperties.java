package io.q2o.llm.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code q2o.llm.*} properties. Each one sets the library's variable of the same meaning
 * (named in its description) and wins over the environment, {@code .env} and the config file;
 * a property left unset leaves the variable to those sources, so the plan's environment variables
 * keep working. Defaults are the library's (see {@code LlmConfig}), not repeated here. Any other
 * variable can be set through {@link #getSettings() q2o.llm.settings}.
 *
 * <p>A duration without a unit counts in the unit of its variable ({@code q2o.llm.timeout=90} is
 * 90 seconds, {@code q2o.llm.cache.ttl=30} is 30 days), so a plan variable that Spring's relaxed
 * binding maps onto a property (e.g. {@code Q2O_LLM_CACHE_TTL} onto {@code q2o.llm.cache.ttl}, or
 * {@code Q2O_LLM_MAX_RETRIES} onto {@code q2o.llm.max-retries}) keeps its meaning.
 */
@ConfigurationProperties(prefix = "q2o.llm")
public class LlmProperties {

    /** Whether LLM calls are made at all (Q2O_USE_LLM); library default true. */
    private Boolean enabled;
    /** Whether the library also reads the process environment, .env and ./config/llm_config.json itself (false: only Spring's environment, the packaged config and Q2O_LLM_CONFIG). */
    private boolean useEnvironment = true;
    /** The provider tried first, e.g. gemini (Q2O_LLM_PRIMARY). */
    private String primary;
    /** Providers tried after the primary, in order (Q2O_LLM_FALLBACK); an empty list means none. */
    private List<String> fallback;
    /** Whether every other usable provider is tried after the fallbacks (Q2O_LLM_AUTO_FALLBACK). */
    private Boolean autoFallback;
    /** Default temperature, 0.0 to 2.0 (Q2O_LLM_TEMPERATURE). */
    private Double temperature;
    /** Temperature of code generation, 0.0 to 2.0 (Q2O_LLM_CODE_TEMPERATURE). */
    private Double codeTemperature;
    /** Default maximum output tokens (Q2O_LLM_MAX_TOKENS). */
    private Integer maxTokens;
    /** Calls allowed per day, 0 for no limit (Q2O_LLM_DAILY_LIMIT). */
    private Long dailyLimit;
    /** Daily cost in USD at which a cost alert fires once a day (Q2O_LLM_COST_ALERT). */
    private BigDecimal costAlert;
    /** Hard daily cost limit in USD (Q2O_LLM_DAILY_COST_LIMIT). */
    private BigDecimal dailyCostLimit;
    /** Hard monthly budget in USD (Q2O_LLM_MONTHLY_BUDGET). */
    private BigDecimal monthlyBudget;
    /** Whether calls are answered by a simulation without any provider request (Q2O_LLM_DRY_RUN). */
    private Boolean dryRun;
    /** Whether requests and responses are logged in detail, secrets redacted (Q2O_LLM_DEBUG). */
    private Boolean debug;
    /** Retries of the same model after a retryable failure (Q2O_LLM_MAX_RETRIES). */
    private Integer maxRetries;
    /** Deadline of a whole call including retries and fallbacks, whole seconds (Q2O_LLM_TIMEOUT_SECONDS). */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration timeout;
    /** Timeout of one provider request, whole seconds (Q2O_LLM_REQUEST_TIMEOUT_SECONDS). */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration requestTimeout;
    /** Time zone of the daily and monthly periods, e.g. Europe/Berlin (Q2O_LLM_TIMEZONE). */
    private String timezone;
    /** First retry delay, whole milliseconds (Q2O_LLM_RETRY_INITIAL_MS). */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration retryInitialDelay;
    /** Longest retry delay, whole milliseconds (Q2O_LLM_RETRY_MAX_MS). */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration retryMaxDelay;
    /** Longest Retry-After honoured, whole seconds (Q2O_LLM_RETRY_AFTER_CAP_SECONDS). */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration retryAfterCap;
    /** Consecutive failures that open a provider's circuit breaker (Q2O_LLM_CIRCUIT_FAILURES). */
    private Integer circuitFailures;
    /** How long an open circuit breaker skips its provider, whole seconds (Q2O_LLM_CIRCUIT_COOLDOWN_SECONDS). */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration circuitCooldown;
    /** Longest wait for a provider's rate limiter before skipping it, whole milliseconds (Q2O_LLM_RATE_LIMIT_MAX_WAIT_MS). */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration rateLimitMaxWait;
    /** Whether a 400/422 from a provider ends the call instead of trying the next provider (Q2O_LLM_FAIL_FAST_ON_INVALID_REQUEST). */
    private Boolean failFastOnInvalidRequest;
    /** Path of a config file (models, prices, settings) over the packaged one (Q2O_LLM_CONFIG). */
    private String configFile;

    /** The response cache. */
    private final Cache cache = new Cache();
    /** The usage ledger. */
    private final Usage usage = new Usage();
    /** Per-provider settings, keyed by provider name (gemini, openai, anthropic, …). */
    private final Map<String, Provider> providers = new LinkedHashMap<>();
    /** Any other library variable by its name, e.g. {Q2O_LLM_REPAIR_ATTEMPTS: 2}; the typed properties win. */
    private final Map<String, String> settings = new LinkedHashMap<>();
    /** Micrometer meters (llm-micrometer). */
    private final Metrics metrics = new Metrics();
    /** OpenTelemetry spans (llm-opentelemetry). */
    private final Tracing tracing = new Tracing();

    /** The response cache. */
    public static class Cache {
        /** Whether answers are cached (Q2O_LLM_CACHE_ENABLED). */
        private Boolean enabled;
        /** How long an answer is kept, whole days (Q2O_LLM_CACHE_TTL). */
        @DurationUnit(ChronoUnit.DAYS)
        private Duration ttl;
        /** Memory the in-process cache may use (Q2O_LLM_CACHE_MAX_BYTES). */
        private DataSize maxSize;
        /** Whether answers are also kept on disk (Q2O_LLM_CACHE_PERSIST). */
        private Boolean persist;
        /** Folder of the disk cache (Q2O_LLM_CACHE_DIR). */
        private String dir;
        /** Disk the disk cache may use (Q2O_LLM_CACHE_DIR_MAX_BYTES). */
        private DataSize dirMaxSize;

        public Boolean getEnabled() { return enabled; }
        public void setEnabled(Boolean enabled) { this.enabled = enabled; }
        public Duration getTtl() { return ttl; }
        public void setTtl(Duration ttl) { this.ttl = ttl; }
        public DataSize getMaxSize() { return maxSize; }
        public void setMaxSize(DataSize maxSize) { this.maxSize = maxSize; }
        public Boolean getPersist() { return persist; }
        public void setPersist(Boolean persist) { this.persist = persist; }
        public String getDir() { return dir; }
        public void setDir(String dir) { this.dir = dir; }
        public DataSize getDirMaxSize() { return dirMaxSize; }
        public void setDirMaxSize(DataSize dirMaxSize) { this.dirMaxSize = dirMaxSize; }
    }

    /** The usage ledger (one JSON line per call). */
    public static class Usage {
        /** Whether the usage ledger is written (Q2O_LLM_LEDGER). */
        private Boolean ledger;
        /** Folder of the usage ledger (Q2O_LLM_USAGE_DIR). */
        private String dir;
        /** When the ledger is forced to disk: every or batched (Q2O_LLM_USAGE_FSYNC). */
        private String fsync;

        public Boolean getLedger() { return ledger; }
        public void setLedger(Boolean ledger) { this.ledger = ledger; }
        public String getDir() { return dir; }
        public void setDir(String dir) { this.dir = dir; }
        public String getFsync() { return fsync; }
        public void setFsync(String fsync) { this.fsync = fsync; }
    }

    /** One provider's settings. */
    public static class Provider {
        /** The API key (the provider's key variable, e.g. GOOGLE_API_KEY for gemini). Prefer the environment or a secret store. */
        private String apiKey;
        /** Models tried in order (<PROVIDER>_MODEL). */
        private List<String> models;
        /** Server root, e.g. for a gateway or a local OpenAI-compatible server (<PROVIDER>_BASE_URL). */
        private String baseUrl;
        /** Default temperature of this provider (<PROVIDER>_TEMPERATURE). */
        private Double temperature;
        /** Requests per minute allowed (<PROVIDER>_RPM). */
        private Long rpm;
        /** Tokens per minute allowed (<PROVIDER>_TPM). */
        private Long tpm;

        public String getApiKey() { return apiKey; }
        public void setApiKey(String apiKey) { this.apiKey = apiKey; }
        public List<String> getModels() { return models; }
        public void setModels(List<String> models) { this.models = models; }
        public String getBaseUrl() { return baseUrl; }
        public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl; }
        public Double getTemperature() { return temperature; }
        public void setTemperature(Double temperature) { this.temperature = temperature; }
        public Long getRpm() { return rpm; }
        public void setRpm(Long rpm) { this.rpm = rpm; }
        public Long getTpm() { return tpm; }
        public void setTpm(Long tpm) { this.tpm = tpm; }

        /** @return a summary without the key */
        @Override
        public String toString() {
            return "Provider{apiKey=" + (apiKey == null ? "unset" : "[set]") + ", models=" + models + ", baseUrl="
                    + baseUrl + "}";
        }
    }

    /** Micrometer meters. */
    public static class Metrics {
        /** Whether LlmMetrics is registered when llm-micrometer and a MeterRegistry bean are present. */
        private boolean enabled = true;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
    }

    /** OpenTelemetry spans. */
    public static class Tracing {
        /** Whether LlmTracing is registered when llm-opentelemetry and an OpenTelemetry bean are present. */
        private boolean enabled = true;
        /** Whether prompts and answers are recorded on spans (gen_ai.input.messages, gen_ai.output.messages). */
        private boolean captureContent = false;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public boolean isCaptureContent() { return captureContent; }
        public void setCaptureContent(boolean captureContent) { this.captureContent = captureContent; }
    }

    public Boolean getEnabled() { return enabled; }
    public void setEnabled(Boolean enabled) { this.enabled = enabled; }
    public boolean isUseEnvironment() { return useEnvironment; }
    public void setUseEnvironment(boolean useEnvironment) { this.useEnvironment = useEnvironment; }
    public String getPrimary() { return primary; }
    public void setPrimary(String primary) { this.primary = primary; }
    public List<String> getFallback() { return fallback; }
    public void setFallback(List<String> fallback) { this.fallback = fallback; }
    public Boolean getAutoFallback() { return autoFallback; }
    public void setAutoFallback(Boolean autoFallback) { this.autoFallback = autoFallback; }
    public Double getTemperature() { return temperature; }
    public void setTemperature(Double temperature) { this.temperature = temperature; }
    public Double getCodeTemperature() { return codeTemperature; }
    public void setCodeTemperature(Double codeTemperature) { this.codeTemperature = codeTemperature; }
    public Integer getMaxTokens() { return maxTokens; }
    public void setMaxTokens(Integer maxTokens) { this.maxTokens = maxTokens; }
    public Long getDailyLimit() { return dailyLimit; }
    public void setDailyLimit(Long dailyLimit) { this.dailyLimit = dailyLimit; }
    public BigDecimal getCostAlert() { return costAlert; }
    public void setCostAlert(BigDecimal costAlert) { this.costAlert = costAlert; }
    public BigDecimal getDailyCostLimit() { return dailyCostLimit; }
    public void setDailyCostLimit(BigDecimal dailyCostLimit) { this.dailyCostLimit = dailyCostLimit; }
    public BigDecimal getMonthlyBudget() { return monthlyBudget; }
    public void setMonthlyBudget(BigDecimal monthlyBudget) { this.monthlyBudget = monthlyBudget; }
    public Boolean getDryRun() { return dryRun; }
    public void setDryRun(Boolean dryRun) { this.dryRun = dryRun; }
    public Boolean getDebug() { return debug; }
    public void setDebug(Boolean debug) { this.debug = debug; }
    public Integer getMaxRetries() { return maxRetries; }
    public void setMaxRetries(Integer maxRetries) { this.maxRetries = maxRetries; }
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration timeout) { this.timeout = timeout; }
    public Duration getRequestTimeout() { return requestTimeout; }
    public void setRequestTimeout(Duration requestTimeout) { this.requestTimeout = requestTimeout; }
    public String getTimezone() { return timezone; }
    public void setTimezone(String timezone) { this.timezone = timezone; }
    public Duration getRetryInitialDelay() { return retryInitialDelay; }
    public void setRetryInitialDelay(Duration retryInitialDelay) { this.retryInitialDelay = retryInitialDelay; }
    public Duration getRetryMaxDelay() { return retryMaxDelay; }
    public void setRetryMaxDelay(Duration retryMaxDelay) { this.retryMaxDelay = retryMaxDelay; }
    public Duration getRetryAfterCap() { return retryAfterCap; }
    public void setRetryAfterCap(Duration retryAfterCap) { this.retryAfterCap = retryAfterCap; }
    public Integer getCircuitFailures() { return circuitFailures; }
    public void setCircuitFailures(Integer circuitFailures) { this.circuitFailures = circuitFailures; }
    public Duration getCircuitCooldown() { return circuitCooldown; }
    public void setCircuitCooldown(Duration circuitCooldown) { this.circuitCooldown = circuitCooldown; }
    public Duration getRateLimitMaxWait() { return rateLimitMaxWait; }
    public void setRateLimitMaxWait(Duration rateLimitMaxWait) { this.rateLimitMaxWait = rateLimitMaxWait; }
    public Boolean getFailFastOnInvalidRequest() { return failFastOnInvalidRequest; }
    public void setFailFastOnInvalidRequest(Boolean failFastOnInvalidRequest) { this.failFastOnInvalidRequest = failFastOnInvalidRequest; }
    public String getConfigFile() { return configFile; }
    public void setConfigFile(String configFile) { this.configFile = configFile; }
    public Cache getCache() { return cache; }
    public Usage getUsage() { return usage; }
    public Map<String, Provider> getProviders() { return providers; }
    public Map<String, String> getSettings() { return settings; }
    public Metrics getMetrics() { return metrics; }
    public Tracing getTracing() { return tracing; }
}
