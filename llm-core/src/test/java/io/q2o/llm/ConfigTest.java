package io.q2o.llm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {

    private static LlmConfig config(Map<String, String> env) {
        return LlmConfig.builder().environment(env).isolated().build();
    }

    @ParameterizedTest(name = "{0}={1} is rejected by name")
    @CsvSource(delimiter = '|', value = {
            "Q2O_LLM_DAILY_LIMIT|abc",
            "Q2O_LLM_DAILY_LIMIT|-5",
            "Q2O_LLM_TEMPERATURE|7",
            "Q2O_LLM_CODE_TEMPERATURE|cold",
            "Q2O_LLM_MAX_TOKENS|0",
            "Q2O_LLM_COST_ALERT|ten dollars",
            "Q2O_LLM_DAILY_COST_LIMIT|-1",
            "Q2O_LLM_MONTHLY_BUDGET|lots",
            "Q2O_USE_LLM|maybe",
            "Q2O_LLM_CACHE_ENABLED|yesplease",
            "Q2O_LLM_CACHE_TTL|-1",
            "Q2O_LLM_DEBUG|2",
            "Q2O_LLM_DRY_RUN|perhaps",
            "Q2O_LLM_MAX_RETRIES|many",
            "Q2O_LLM_TIMEOUT_SECONDS|0",
            "Q2O_LLM_TIMEZONE|Mars/Olympus",
            "Q2O_LLM_PRIMARY|gem ini",
            "Q2O_LLM_FALLBACK|openai;anthropic",
    })
    void malformedValuesFailWithAMessageNamingVariableAndValue(String variable, String value) {
        assertThatThrownBy(() -> config(Map.of(variable, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(variable)
                .hasMessageContaining(value)
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo(variable));
    }

    @Test
    void providerSpecificValuesAreValidatedWhenRead() {
        LlmConfig c = config(Map.of("GEMINI_TEMPERATURE", "hot", "OPENAI_BASE_URL", "ftp://x", "GEMINI_RPM", "0"));
        assertThatThrownBy(() -> c.providerTemperature("gemini")).hasMessageContaining("GEMINI_TEMPERATURE").hasMessageContaining("hot");
        assertThatThrownBy(() -> c.providerBaseUrl("openai")).hasMessageContaining("OPENAI_BASE_URL").hasMessageContaining("ftp://x");
        assertThatThrownBy(() -> c.requestsPerMinute("gemini")).hasMessageContaining("GEMINI_RPM");
    }

    @Test
    void anUnknownProviderNameFailsWhenTheServiceIsBuilt() {
        LlmConfig c = config(Map.of("Q2O_LLM_PRIMARY", "gemni"));
        assertThatThrownBy(() -> LlmService.builder().config(c).discoverProviders(false).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Q2O_LLM_PRIMARY")
                .hasMessageContaining("gemni")
                .hasMessageContaining("gemini");
        LlmConfig f = config(Map.of("Q2O_LLM_FALLBACK", "openai,claude"));
        assertThatThrownBy(() -> LlmService.builder().config(f).discoverProviders(false).build())
                .hasMessageContaining("Q2O_LLM_FALLBACK").hasMessageContaining("claude");
    }

    @Test
    void defaultsMatchThePlan() {
        LlmConfig c = config(Map.of());
        assertThat(c.useLlm()).isTrue();
        assertThat(c.primary()).isEqualTo("gemini");
        assertThat(c.fallbacks()).containsExactly("openai");
        assertThat(c.temperature()).isEqualTo(0.7);
        assertThat(c.codeTemperature()).isEqualTo(0.3);
        assertThat(c.maxTokens()).isEqualTo(8192);
        assertThat(c.dailyLimit()).isEqualTo(1000);
        assertThat(c.costAlert()).isEqualByComparingTo("10.00");
        assertThat(c.cacheEnabled()).isTrue();
        assertThat(c.cacheTtl()).isEqualTo(Duration.ofDays(90));
        assertThat(c.debug()).isFalse();
        assertThat(c.dryRun()).isFalse();
        assertThat(c.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(c.dailyCostLimit()).isEmpty();
        assertThat(c.monthlyBudget()).isEmpty();
    }

    @Test
    void everyVariableOfThePlanIsRead() {
        Map<String, String> env = new HashMap<>();
        env.put("Q2O_USE_LLM", "false");
        env.put("Q2O_LLM_PRIMARY", "openai");
        env.put("Q2O_LLM_FALLBACK", "gemini, anthropic");
        env.put("GOOGLE_API_KEY", "AIzaSyTEST");
        env.put("GEMINI_MODEL", "gemini-1.5-pro");
        env.put("GEMINI_TEMPERATURE", "0.5");
        env.put("OPENAI_API_KEY", "sk-test");
        env.put("OPENAI_MODEL", "gpt-4-turbo");
        env.put("OPENAI_TEMPERATURE", "0.6");
        env.put("ANTHROPIC_API_KEY", "sk-ant-test");
        env.put("ANTHROPIC_MODEL", "claude-3-opus");
        env.put("Q2O_LLM_TEMPERATURE", "0.4");
        env.put("Q2O_LLM_CODE_TEMPERATURE", "0.2");
        env.put("Q2O_LLM_MAX_TOKENS", "4096");
        env.put("Q2O_LLM_DAILY_LIMIT", "100");
        env.put("Q2O_LLM_COST_ALERT", "5.50");
        env.put("Q2O_LLM_CACHE_ENABLED", "false");
        env.put("Q2O_LLM_CACHE_TTL", "7");
        env.put("Q2O_LLM_DEBUG", "true");
        env.put("Q2O_LLM_DRY_RUN", "true");
        LlmConfig c = config(env);
        assertThat(c.useLlm()).isFalse();
        assertThat(c.primary()).isEqualTo("openai");
        assertThat(c.fallbacks()).containsExactly("gemini", "anthropic");
        assertThat(c.secret("GOOGLE_API_KEY")).contains(Secret.of("AIzaSyTEST"));
        assertThat(c.secret("OPENAI_API_KEY")).contains(Secret.of("sk-test"));
        assertThat(c.secret("ANTHROPIC_API_KEY")).contains(Secret.of("sk-ant-test"));
        assertThat(c.models("gemini", List.of())).first().isEqualTo("gemini-1.5-pro");
        assertThat(c.models("openai", List.of())).first().isEqualTo("gpt-4-turbo");
        assertThat(c.models("anthropic", List.of())).first().isEqualTo("claude-3-opus");
        assertThat(c.providerTemperature("gemini")).hasValue(0.5);
        assertThat(c.providerTemperature("openai")).hasValue(0.6);
        assertThat(c.temperature()).isEqualTo(0.4);
        assertThat(c.codeTemperature()).isEqualTo(0.2);
        assertThat(c.maxTokens()).isEqualTo(4096);
        assertThat(c.dailyLimit()).isEqualTo(100);
        assertThat(c.costAlert()).isEqualByComparingTo(new BigDecimal("5.50"));
        assertThat(c.cacheEnabled()).isFalse();
        assertThat(c.cacheTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(c.debug()).isTrue();
        assertThat(c.dryRun()).isTrue();
    }

    @Test
    void thePlansInlineCommentsAreAccepted() {
        LlmConfig c = config(Map.of("Q2O_LLM_PRIMARY", "gemini  # or \"openai\"", "Q2O_LLM_DAILY_LIMIT",
                "100  # Max 100 LLM calls per day", "Q2O_LLM_COST_ALERT", "10.00  # Alert if daily cost > $10"));
        assertThat(c.primary()).isEqualTo("gemini");
        assertThat(c.dailyLimit()).isEqualTo(100);
        assertThat(c.costAlert()).isEqualByComparingTo("10.00");
    }

    @Test
    void precedenceIsBuilderThenEnvironmentThenDotenvThenConfigFileThenDefault(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("llm.json");
        Files.writeString(file, "{\"settings\": {\"Q2O_LLM_DAILY_LIMIT\": \"9\", \"Q2O_LLM_MAX_TOKENS\": \"111\"}}");
        Files.writeString(dir.resolve(".env"), "Q2O_LLM_DAILY_LIMIT=7\nQ2O_LLM_COST_ALERT=3.00\n");
        Map<String, String> env = Map.of("Q2O_LLM_CONFIG", file.toString(), "Q2O_LLM_DAILY_LIMIT", "5");

        LlmConfig all = LlmConfig.builder().environment(env).dotenvDirectory(dir).set("Q2O_LLM_DAILY_LIMIT", "3").build();
        assertThat(all.dailyLimit()).isEqualTo(3);
        LlmConfig noBuilder = LlmConfig.builder().environment(env).dotenvDirectory(dir).build();
        assertThat(noBuilder.dailyLimit()).isEqualTo(5);
        LlmConfig dotenv = LlmConfig.builder().environment(Map.of("Q2O_LLM_CONFIG", file.toString())).dotenvDirectory(dir).build();
        assertThat(dotenv.dailyLimit()).isEqualTo(7);
        assertThat(dotenv.costAlert()).isEqualByComparingTo("3.00");
        assertThat(dotenv.maxTokens()).as("from the config file").isEqualTo(111);
        assertThat(dotenv.cacheTtl()).as("default").isEqualTo(Duration.ofDays(90));
        assertThat(dotenv.configSource()).contains(file.toString());
    }

    @Test
    void aBrokenConfigFileIsNamed(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> config(Map.of("Q2O_LLM_CONFIG", missing.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Q2O_LLM_CONFIG").hasMessageContaining("nope.json");
        Path garbled = dir.resolve("garbled.json");
        Files.writeString(garbled, "{\"models\": {");
        assertThatThrownBy(() -> config(Map.of("Q2O_LLM_CONFIG", garbled.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("garbled.json").hasMessageContaining("not valid JSON");
        Path badPrice = dir.resolve("price.json");
        Files.writeString(badPrice, "{\"models\": {\"my-model\": {\"input\": \"1.00\"}}}");
        assertThatThrownBy(() -> config(Map.of("Q2O_LLM_CONFIG", badPrice.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("my-model").hasMessageContaining("output");
        Path wordPrice = dir.resolve("word.json");
        Files.writeString(wordPrice, "{\"models\": {\"my-model\": {\"input\": \"cheap\", \"output\": 1}}}");
        assertThatThrownBy(() -> config(Map.of("Q2O_LLM_CONFIG", wordPrice.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("my-model.input").hasMessageContaining("cheap");
    }

    @Test
    void aConfigFileSectionOfTheWrongShapeIsNamedNotIgnored(@TempDir Path dir) throws IOException {
        Map<String, String> files = Map.of(
                "{\"providers\": {\"gemini\": [\"gemini-2.5-flash\"]}}", "providers.gemini must be a JSON object",
                "{\"models\": {\"m\": {\"input\": \"1\", \"output\": \"1\", \"tiers\": {}}}}",
                "models.m.tiers must be a JSON array",
                "{\"models\": {\"m\": {\"input\": \"1\", \"output\": \"1\", \"tiers\": [1]}}}",
                "models.m.tiers: each tier must be a JSON object");
        int i = 0;
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path file = dir.resolve("shape" + i++ + ".json");
            Files.writeString(file, e.getKey());
            assertThatThrownBy(() -> config(Map.of("Q2O_LLM_CONFIG", file.toString()))).as(e.getKey())
                    .isInstanceOfSatisfying(ConfigException.class, c -> assertThat(c.variable()).isEqualTo("Q2O_LLM_CONFIG"))
                    .hasMessageContaining("Q2O_LLM_CONFIG=" + file).hasMessageContaining(e.getValue());
        }
    }

    @Test
    void aMalformedDotenvFileIsNamed(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(".env"), "Q2O_LLM_DAILY_LIMIT=5\nthis line is not an assignment\n");
        assertThatThrownBy(() -> LlmConfig.builder().environment(Map.of()).dotenvDirectory(dir).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining(".env");
    }

    @Test
    void anOverrideFileAddsPricesAndModelListsOverThePackagedOnes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("llm.json");
        Files.writeString(file, "{\"providers\": {\"openai\": {\"models\": [\"llama3\"]}},"
                + "\"models\": {\"llama3\": {\"provider\": \"openai\", \"input\": 0, \"output\": 0, \"source\": \"local\", \"as_of\": \"2026-11-01\"}}}");
        LlmConfig c = config(Map.of("Q2O_LLM_CONFIG", file.toString()));
        assertThat(c.models("openai", List.of())).containsExactly("llama3");
        assertThat(c.prices().find("llama3")).isPresent();
        assertThat(c.prices().find("gpt-4o")).as("packaged prices stay").isPresent();
    }

    @Test
    void secretsNeverAppearInToStringOrErrors() {
        LlmConfig c = config(Map.of("OPENAI_API_KEY", "sk-supersecretvalue123456"));
        assertThat(c.toString()).doesNotContain("sk-supersecretvalue123456");
        assertThat(c.secret("OPENAI_API_KEY").orElseThrow().toString()).doesNotContain("sk-");
    }
}
