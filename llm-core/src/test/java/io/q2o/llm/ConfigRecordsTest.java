package io.q2o.llm;

import io.q2o.llm.config.BudgetConfig;
import io.q2o.llm.config.ProviderSettings;
import io.q2o.llm.config.RetryConfig;
import io.q2o.llm.config.TimeoutConfig;
import io.q2o.llm.usage.FsyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-concern records, the typed builder setters and the provider settings resolved once. */
class ConfigRecordsTest {

    private static LlmConfig.Builder builder(Map<String, String> env) {
        return LlmConfig.builder().environment(env).isolated();
    }

    @Test
    void theFlatGettersReadTheRecords() {
        LlmConfig c = builder(Map.of("Q2O_LLM_MAX_RETRIES", "4", "Q2O_LLM_TIMEOUT_SECONDS", "30",
                "Q2O_LLM_DAILY_COST_LIMIT", "2.5", "Q2O_LLM_CIRCUIT_FAILURES", "9", "Q2O_LLM_FALLBACK", "anthropic,openai")).build();
        assertThat(c.retry()).isEqualTo(new RetryConfig(4, Duration.ofMillis(500), Duration.ofSeconds(20), Duration.ofSeconds(30)));
        assertThat(c.maxRetries()).isEqualTo(c.retry().maxRetries());
        assertThat(c.timeouts()).isEqualTo(new TimeoutConfig(Duration.ofSeconds(30), Duration.ofSeconds(60)));
        assertThat(c.budget().dailyCostLimit()).hasValue(new BigDecimal("2.5"));
        assertThat(c.circuitBreaker().failureThreshold()).isEqualTo(9);
        assertThat(c.routing().fallbacks()).containsExactly("anthropic", "openai");
        assertThat(c.rateLimit().maxWait()).isEqualTo(Duration.ofMillis(5000));
        assertThat(c.cache().ttl()).isEqualTo(Duration.ofDays(90));
        assertThat(c.cache().dir()).as("isolated: no folder by default").isEmpty();
        assertThat(c.ledger().enabled()).isFalse();
        assertThat(c.generation().maxTokens()).isEqualTo(8192);
        assertThat(c.diagnostics().debug()).isFalse();
    }

    @Test
    void typedSettersSetTheSameSettingsAsTheirVariables(@TempDir Path dir) {
        LlmConfig c = builder(Map.of("Q2O_LLM_MAX_RETRIES", "7"))
                .maxRetries(3).timeout(Duration.ofMillis(1500)).requestTimeout(Duration.ofSeconds(2))
                .dailyCostLimit(new BigDecimal("1.25")).monthlyBudget(new BigDecimal("40")).costAlert(new BigDecimal("0.5"))
                .primary("OpenAI").fallbacks(List.of("anthropic")).autoFallback(false).cacheTtl(Duration.ofHours(12))
                .cacheEnabled(true).cacheDir(dir.resolve("c")).usageDir(dir.resolve("u")).usageFsync(FsyncPolicy.EVERY_CALL)
                .zone(ZoneId.of("Europe/Berlin")).temperature(0.1).maxTokens(77).dailyLimit(12)
                .retryInitialDelay(Duration.ZERO).circuitCooldown(Duration.ofMinutes(2)).rateLimitMaxWait(Duration.ofMillis(10))
                .maxConcurrentRequests("openai", 12).requestsPerMinute("openai", 60).providerTemperature("openai", 0.2)
                .providerModels("openai", List.of("gpt-4o-mini")).providerBaseUrl("openai", "http://localhost:9/v1")
                .build();
        assertThat(c.maxRetries()).as("the builder wins over the environment").isEqualTo(3);
        assertThat(c.timeout()).as("sub-second precision kept").isEqualTo(Duration.ofMillis(1500));
        assertThat(c.setting("Q2O_LLM_TIMEOUT_SECONDS")).hasValue("1.5");
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.dailyCostLimit()).hasValue(new BigDecimal("1.25"));
        assertThat(c.monthlyBudget()).hasValue(new BigDecimal("40"));
        assertThat(c.costAlert()).isEqualByComparingTo("0.5");
        assertThat(c.primary()).isEqualTo("openai");
        assertThat(c.fallbacks()).containsExactly("anthropic");
        assertThat(c.autoFallback()).isFalse();
        assertThat(c.cacheTtl()).isEqualTo(Duration.ofHours(12));
        assertThat(c.cacheDir()).hasValue(dir.resolve("c"));
        assertThat(c.usageDir()).hasValue(dir.resolve("u"));
        assertThat(c.usageFsync()).isEqualTo(FsyncPolicy.EVERY_CALL);
        assertThat(c.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(c.temperature()).isEqualTo(0.1);
        assertThat(c.maxTokens()).isEqualTo(77);
        assertThat(c.dailyLimit()).isEqualTo(12);
        assertThat(c.retryInitialDelay()).isEqualTo(Duration.ZERO);
        assertThat(c.circuitCooldown()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.rateLimitMaxWait()).isEqualTo(Duration.ofMillis(10));
        ProviderSettings openai = c.provider("openai");
        assertThat(openai.maxConcurrentRequests()).isEqualTo(12);
        assertThat(openai.requestsPerMinute()).hasValue(60);
        assertThat(openai.temperature()).hasValue(0.2);
        assertThat(openai.models()).first().isEqualTo("gpt-4o-mini");
        assertThat(openai.baseUrl()).hasValue("http://localhost:9/v1");
        assertThat(c.models("openai", List.of("x"))).first().isEqualTo("gpt-4o-mini");
    }

    @Test
    void theLastWriteOfAVariableWinsWhetherTypedOrText() {
        assertThat(builder(Map.of()).maxRetries(3).set("Q2O_LLM_MAX_RETRIES", "5").build().maxRetries()).isEqualTo(5);
        assertThat(builder(Map.of()).set("Q2O_LLM_MAX_RETRIES", "5").maxRetries(3).build().maxRetries()).isEqualTo(3);
        assertThat(builder(Map.of("Q2O_LLM_DAILY_COST_LIMIT", "3")).dailyCostLimit(BigDecimal.ONE).dailyCostLimit(null)
                .build().dailyCostLimit()).as("null removes the override").hasValue(new BigDecimal("3"));
        assertThat(builder(Map.of()).fallbacks(List.of()).build().fallbacks()).isEmpty();
    }

    @Test
    void typedSettersRejectBadValuesAtTheCallNamingTheVariable() {
        LlmConfig.Builder b = builder(Map.of());
        assertThatThrownBy(() -> b.maxRetries(-1)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("Q2O_LLM_MAX_RETRIES").hasMessageContaining("-1");
        assertThatThrownBy(() -> b.maxRetries(101)).hasMessageContaining("Q2O_LLM_MAX_RETRIES");
        assertThatThrownBy(() -> b.timeout(Duration.ofSeconds(Long.MAX_VALUE))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("Q2O_LLM_TIMEOUT_SECONDS");
        assertThatThrownBy(() -> b.timeout(Duration.ofSeconds(-5))).hasMessageContaining("Q2O_LLM_TIMEOUT_SECONDS");
        assertThatThrownBy(() -> b.requestTimeout(Duration.ZERO)).hasMessageContaining("Q2O_LLM_REQUEST_TIMEOUT_SECONDS");
        assertThatThrownBy(() -> b.cacheTtl(Duration.ofDays(36_501))).hasMessageContaining("Q2O_LLM_CACHE_TTL");
        assertThatThrownBy(() -> b.dailyCostLimit(new BigDecimal("1e-999999999"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("Q2O_LLM_DAILY_COST_LIMIT").hasMessageContaining("1E-999999999");
        assertThatThrownBy(() -> b.costAlert(new BigDecimal("1e999"))).hasMessageContaining("Q2O_LLM_COST_ALERT");
        assertThatThrownBy(() -> b.monthlyBudget(new BigDecimal("-0.01"))).hasMessageContaining("Q2O_LLM_MONTHLY_BUDGET");
        assertThatThrownBy(() -> b.temperature(Double.NaN)).hasMessageContaining("Q2O_LLM_TEMPERATURE").hasMessageContaining("NaN");
        assertThatThrownBy(() -> b.codeTemperature(Double.POSITIVE_INFINITY)).hasMessageContaining("Q2O_LLM_CODE_TEMPERATURE");
        assertThatThrownBy(() -> b.maxTokens(0)).hasMessageContaining("Q2O_LLM_MAX_TOKENS");
        assertThatThrownBy(() -> b.dailyLimit(Long.MAX_VALUE)).hasMessageContaining("Q2O_LLM_DAILY_LIMIT");
        assertThatThrownBy(() -> b.primary("gem ini")).hasMessageContaining("Q2O_LLM_PRIMARY").hasMessageContaining("gem ini");
        assertThatThrownBy(() -> b.fallbacks(List.of("openai", "a;b"))).hasMessageContaining("Q2O_LLM_FALLBACK");
        assertThatThrownBy(() -> b.maxConcurrentRequests("openai", 0)).hasMessageContaining("OPENAI_MAX_CONCURRENT_REQUESTS");
        assertThatThrownBy(() -> b.requestsPerMinute("my-gateway", -1)).hasMessageContaining("MY_GATEWAY_RPM");
        assertThatThrownBy(() -> b.providerBaseUrl("openai", "ftp://x")).hasMessageContaining("OPENAI_BASE_URL");
        assertThatThrownBy(() -> b.providerModels("gemini", List.of("../x"))).hasMessageContaining("GEMINI_MODEL");
        assertThat(b.build().maxRetries()).as("a rejected call changed nothing").isEqualTo(2);
    }

    @Test
    void recordsBuiltByHandObeyTheSameBounds() {
        assertThatThrownBy(() -> new RetryConfig(-1, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Q2O_LLM_MAX_RETRIES");
        assertThatThrownBy(() -> new TimeoutConfig(Duration.ofDays(2), Duration.ofSeconds(1)))
                .hasMessageContaining("Q2O_LLM_TIMEOUT_SECONDS");
        assertThatThrownBy(() -> new BudgetConfig(0, BigDecimal.ONE, Optional.of(new BigDecimal("1e-20")), Optional.empty(), ZoneId.of("UTC")))
                .hasMessageContaining("Q2O_LLM_DAILY_COST_LIMIT");
        assertThatThrownBy(() -> new ProviderSettings("openai", List.of(), OptionalDouble.of(3), Optional.empty(),
                OptionalLong.empty(), OptionalLong.empty(), 1)).hasMessageContaining("OPENAI_TEMPERATURE");
        assertThat(new ProviderSettings("x", List.of(), OptionalDouble.empty(), Optional.empty(), OptionalLong.empty(),
                OptionalLong.empty(), 5).models(List.of("d1", "d2"))).containsExactly("d1", "d2");
    }

    @Test
    void providerSettingsAreResolvedOnceAndShared() {
        LlmConfig c = builder(Map.of("OPENAI_MAX_CONCURRENT_REQUESTS", "7", "ACME_RPM", "30")).build();
        assertThat(c.provider("openai").maxConcurrentRequests()).isEqualTo(7);
        assertThat(c.provider("openai")).isSameAs(c.provider("openai"));
        assertThat(c.provider("acme").requestsPerMinute()).hasValue(30);
        assertThat(c.provider("gemini").maxConcurrentRequests()).isEqualTo(ProviderSettings.DEFAULT_MAX_CONCURRENT_REQUESTS).isEqualTo(512);
        assertThat(c.provider("not-named-anywhere")).isSameAs(c.provider("not-named-anywhere"));
        assertThat(c.provider("my-gateway").prefix()).isEqualTo("MY_GATEWAY");
    }

    @Test
    void aBadProviderSettingFailsWhenThatProviderIsAskedForAndListsEveryProblem() {
        LlmConfig c = builder(Map.of("GEMINI_TEMPERATURE", "hot", "GEMINI_RPM", "0", "STRAY_MAX_CONCURRENT_REQUESTS", "lots")).build();
        assertThat(c.provider("openai").name()).as("other providers are unaffected").isEqualTo("openai");
        assertThatThrownBy(() -> c.provider("gemini")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("GEMINI_TEMPERATURE='hot'").hasMessageContaining("GEMINI_RPM='0'")
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo("GEMINI_TEMPERATURE"));
        assertThatThrownBy(() -> c.provider("stray")).hasMessageContaining("STRAY_MAX_CONCURRENT_REQUESTS");
    }

    @Test
    void providerSettingsComeFromTheConfigFileToo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("llm.json");
        Files.writeString(file, "{\"providers\": {\"acme\": {\"models\": [\"acme-1\", \"acme-2\"], \"requests_per_minute\": 12,"
                + " \"tokens_per_minute\": \"3000\"}}}");
        LlmConfig c = builder(Map.of("Q2O_LLM_CONFIG", file.toString(), "ACME_MODEL", "acme-0,acme-1")).build();
        ProviderSettings acme = c.provider("acme");
        assertThat(acme.models()).containsExactly("acme-0", "acme-1", "acme-2");
        assertThat(acme.requestsPerMinute()).hasValue(12);
        assertThat(acme.tokensPerMinute()).hasValue(3000);
        assertThat(c.configuredProviderNames()).contains("acme");
    }

    @Test
    void toStringShowsTheRecordsButNoSecret() {
        LlmConfig c = builder(Map.of("OPENAI_API_KEY", "sk-abcdefghijklmnop", "Q2O_LLM_MAX_RETRIES", "4")).build();
        assertThat(c.toString()).contains("maxRetries=4").doesNotContain("sk-abcdefghijklmnop");
    }
}
