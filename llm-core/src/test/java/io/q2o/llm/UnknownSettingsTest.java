package io.q2o.llm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A {@code Q2O_*} variable nothing reads is reported, with the setting it most likely meant. */
class UnknownSettingsTest {

    @Test
    void aMisspeltSettingInTheEnvironmentIsNamedWithTheNearestKnownOne() {
        LlmConfig config = LlmConfig.builder().isolated().environment(Map.of(
                "Q2O_LLM_DAILY_LIMT", "50",
                "Q2O_LLM_MONTLY_BUDGET", "sk-secret-looking-value",
                "Q2O_SOMETHING_ELSE_ENTIRELY", "1",
                "OPENAI_API_KEY_TYPO", "x")).build();

        assertThat(config.unknownSettings()).containsExactly(
                "Q2O_LLM_DAILY_LIMT is set but no Q2O module reads it; did you mean Q2O_LLM_DAILY_LIMIT?",
                "Q2O_LLM_MONTLY_BUDGET is set but no Q2O module reads it; did you mean Q2O_LLM_MONTHLY_BUDGET?",
                "Q2O_SOMETHING_ELSE_ENTIRELY is set but no Q2O module reads it");
        assertThat(String.join("\n", config.unknownSettings())).doesNotContain("sk-secret");
        assertThat(config.dailyLimit()).as("the misspelt value is not applied").isEqualTo(1000);
    }

    @Test
    void everySettingThisProjectReadsIsKnown() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("Q2O_USE_LLM", "true"), Map.entry("Q2O_LLM_DAILY_LIMIT", "5"),
                Map.entry("Q2O_LLM_CODE_TEMPERATURE", "0.2"), Map.entry("Q2O_LLM_PINNED_MODEL_FALLBACK", "true"),
                Map.entry("Q2O_LLM_CACHE_DIR_MAX_BYTES", "1000"), Map.entry("Q2O_LLM_USAGE_FSYNC", "every"),
                Map.entry("Q2O_LLM_REPAIR_ATTEMPTS", "2"), Map.entry("Q2O_LLM_REDIS_URL", "redis://127.0.0.1:1"),
                Map.entry("Q2O_LLM_REDIS_TIMEOUT_MS", "500"), Map.entry("Q2O_LLM_LEDGER_JDBC_URL", "jdbc:postgresql://h/db"),
                Map.entry("Q2O_LLM_LEDGER", "false"), Map.entry("Q2O_LLM_TIMEZONE", "UTC"));

        assertThat(LlmConfig.builder().isolated().environment(env).build().unknownSettings()).isEmpty();
    }

    @Test
    void aMisspeltSettingInTheConfigFileOrTheBuilderIsReportedToo(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("llm.json"), "{\"settings\": {\"Q2O_LLM_CACHE_TTLL\": \"3\"}}");
        LlmConfig config = LlmConfig.builder().isolated().environment(Map.of("Q2O_LLM_CONFIG", file.toString()))
                .set("Q2O_LLM_MAX_RETRYS", "1").build();

        assertThat(config.unknownSettings()).containsExactly(
                "Q2O_LLM_CACHE_TTLL is set but no Q2O module reads it; did you mean Q2O_LLM_CACHE_TTL?",
                "Q2O_LLM_MAX_RETRYS is set but no Q2O module reads it; did you mean Q2O_LLM_MAX_RETRIES?");
    }
}
