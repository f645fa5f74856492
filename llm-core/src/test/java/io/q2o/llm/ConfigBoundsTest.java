package io.q2o.llm;

import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.q2o.llm.Fixture.req;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hostile values for every setting end as a ConfigException naming the variable — never another exception or an Error. */
class ConfigBoundsTest {

    /** Numeric, duration, money and boolean settings: none of the hostile values below is legal for any of them. */
    private static final List<String> SCALARS = List.of(
            "Q2O_USE_LLM", "Q2O_LLM_DRY_RUN", "Q2O_LLM_AUTO_FALLBACK", "Q2O_LLM_FAIL_FAST_ON_INVALID_REQUEST",
            "Q2O_LLM_TEMPERATURE", "Q2O_LLM_CODE_TEMPERATURE", "Q2O_LLM_MAX_TOKENS", "Q2O_LLM_DEBUG",
            "Q2O_LLM_DAILY_LIMIT", "Q2O_LLM_COST_ALERT", "Q2O_LLM_DAILY_COST_LIMIT", "Q2O_LLM_MONTHLY_BUDGET",
            "Q2O_LLM_CACHE_ENABLED", "Q2O_LLM_CACHE_TTL", "Q2O_LLM_CACHE_MAX_BYTES", "Q2O_LLM_CACHE_PERSIST",
            "Q2O_LLM_CACHE_DIR_MAX_BYTES", "Q2O_LLM_LEDGER", "Q2O_LLM_USAGE_FSYNC", "Q2O_LLM_MAX_RETRIES",
            "Q2O_LLM_RETRY_INITIAL_MS", "Q2O_LLM_RETRY_MAX_MS", "Q2O_LLM_RETRY_AFTER_CAP_SECONDS",
            "Q2O_LLM_TIMEOUT_SECONDS", "Q2O_LLM_REQUEST_TIMEOUT_SECONDS", "Q2O_LLM_CIRCUIT_FAILURES",
            "Q2O_LLM_CIRCUIT_COOLDOWN_SECONDS", "Q2O_LLM_RATE_LIMIT_MAX_WAIT_MS");

    /** Per-provider numeric settings, checked through {@link LlmConfig#provider(String)}. */
    private static final List<String> PROVIDER_SCALARS = List.of("_TEMPERATURE", "_RPM", "_TPM", "_MAX_CONCURRENT_REQUESTS", "_BASE_URL");

    private static final List<String> HOSTILE = List.of(
            "1e999999999", "1e-999999999", "1E+2147483648", "NaN", "Infinity", "-Infinity", "-1", "-0.5",
            "99999999999999999999999999", "9".repeat(5_000), "0x10", "1f", "1d", "0.1.2",
            "\u0661\u0662", "\uff11\uff12", "\u0967", "1\u00a0", "1 2", "\u0000", "tr\nue", "$-1", "1e");

    static Stream<Arguments> hostileScalars() {
        List<Arguments> out = new ArrayList<>();
        for (String variable : SCALARS) {
            for (String value : HOSTILE) {
                out.add(Arguments.of(variable, value));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> hostileProviderScalars() {
        List<Arguments> out = new ArrayList<>();
        for (String provider : List.of("gemini", "openai", "my-gateway")) {
            for (String suffix : PROVIDER_SCALARS) {
                for (String value : HOSTILE) {
                    out.add(Arguments.of(provider, LlmConfig.prefix(provider) + suffix, value));
                }
            }
        }
        return out.stream();
    }

    private static LlmConfig config(Map<String, String> env) {
        return LlmConfig.builder().environment(env).isolated().build();
    }

    @ParameterizedTest(name = "{0}=<hostile #{index}>")
    @MethodSource("hostileScalars")
    void aHostileValueIsAConfigExceptionNamingTheVariable(String variable, String value) {
        assertThatThrownBy(() -> config(Map.of(variable, value)))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessageContaining(variable)
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo(variable))
                .satisfies(e -> assertThat(e.getMessage().length()).as("message stays short").isLessThan(500));
    }

    @ParameterizedTest(name = "{1}=<hostile #{index}>")
    @MethodSource("hostileProviderScalars")
    void aHostileProviderValueIsAConfigExceptionNamingTheVariable(String provider, String variable, String value) {
        LlmConfig c = config(Map.of(variable, value));
        assertThatThrownBy(() -> c.provider(provider))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessageContaining(variable)
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo(variable));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Q2O_LLM_PRIMARY", "Q2O_LLM_FALLBACK", "GEMINI_MODEL", "Q2O_LLM_CACHE_DIR", "Q2O_LLM_USAGE_DIR"})
    void nameAndPathSettingsNeverThrowAnythingButAConfigException(String variable) {
        for (String value : HOSTILE) {
            assertThatCode(() -> {
                try {
                    config(Map.of(variable, value)).provider("gemini");
                } catch (ConfigException e) {
                    assertThat(e.variable()).isEqualTo(variable);
                    assertThat(e.getMessage()).contains(variable);
                }
            }).as(variable + " with a hostile value").doesNotThrowAnyException();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"../../etc/x", "gemini-2.5?key=1", "gemini#x", "gem ini", "gemini\u00e9", "a/../b", "%2e%2e"})
    void modelNamesThatWouldChangeARequestUrlAreRejected(String model) {
        LlmConfig c = config(Map.of("GEMINI_MODEL", model));
        assertThatThrownBy(() -> c.provider("gemini")).isInstanceOf(ConfigException.class).hasMessageContaining("GEMINI_MODEL");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://host/v1/../../x", "http://host/v1#frag", "http:///nohost", "file:///etc/passwd",
            "http://host/ v1", "http://h\u00f6st/v1", "javascript:alert(1)"})
    void baseUrlsAreValidated(String url) {
        LlmConfig c = config(Map.of("OPENAI_BASE_URL", url));
        assertThatThrownBy(() -> c.provider("openai")).isInstanceOf(ConfigException.class).hasMessageContaining("OPENAI_BASE_URL");
    }

    @Test
    void aBaseUrlsPasswordIsNeverEchoed() {
        LlmConfig c = config(Map.of("OPENAI_BASE_URL", "http://user:hunter2secret@host/v1#x"));
        assertThatThrownBy(() -> c.provider("openai")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("OPENAI_BASE_URL").hasMessageNotContaining("hunter2secret");
    }

    @Test
    void moneyBoundsAreTenDecimalPlacesAndBelowOneBillion() {
        assertThat(config(Map.of("Q2O_LLM_DAILY_COST_LIMIT", "0.0000000001")).dailyCostLimit()).hasValue(new BigDecimal("0.0000000001"));
        assertThat(config(Map.of("Q2O_LLM_DAILY_COST_LIMIT", "1.50000000000000")).dailyCostLimit().orElseThrow())
                .as("trailing zeros do not count as decimal places").isEqualByComparingTo("1.5");
        assertThat(config(Map.of("Q2O_LLM_MONTHLY_BUDGET", "999999999.9999999999")).monthlyBudget()).isPresent();
        assertThat(config(Map.of("Q2O_LLM_COST_ALERT", "$1e2")).costAlert()).isEqualByComparingTo("100");
        assertThat(config(Map.of("Q2O_LLM_COST_ALERT", "0")).costAlert()).isEqualByComparingTo("0");
        for (String bad : List.of("0.00000000001", "1000000000", "1e9", "1e999", "1e-999999999")) {
            assertThatThrownBy(() -> config(Map.of("Q2O_LLM_COST_ALERT", bad)))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("Q2O_LLM_COST_ALERT").hasMessageContaining(bad)
                    .hasMessageContaining("10 decimal places");
        }
    }

    @Test
    void theSmallestLegalDailyCostLimitRefusesACallWithAShortMessage() {
        Fixture fx = new Fixture().set("Q2O_LLM_DAILY_COST_LIMIT", "0.0000000001");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        gemini.alwaysAnswer("ok", TokenCounts.of(5, 5));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(req("hello"));
            assertThat(r.success()).isFalse();
            assertThat(r.error().kind()).isEqualTo(ErrorKind.BUDGET_EXCEEDED);
            assertThat(r.error().message()).hasSizeLessThan(1_000);
            assertThat(gemini.calls()).isZero();
        }
    }

    @Test
    void aBadValueFromTheConfigFileNamesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("llm.json");
        Files.writeString(file, "{\"settings\": {\"Q2O_LLM_DAILY_COST_LIMIT\": 1e-999999999}}");
        assertThatThrownBy(() -> config(Map.of("Q2O_LLM_CONFIG", file.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Q2O_LLM_DAILY_COST_LIMIT")
                .hasMessageContaining("Q2O_LLM_CONFIG=" + file);
        Files.writeString(file, "{\"settings\": {\"Q2O_LLM_MAX_RETRIES\": {\"nested\": 1}}}");
        assertThatThrownBy(() -> config(Map.of("Q2O_LLM_CONFIG", file.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Q2O_LLM_MAX_RETRIES")
                .hasMessageContaining("Q2O_LLM_CONFIG=" + file);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"models\": {\"m\": {\"input\": 1e-999999999, \"output\": 1}}}",
            "{\"models\": {\"m\": {\"input\": \"NaN\", \"output\": 1}}}",
            "{\"models\": {\"m\": {\"input\": 1, \"output\": 1e999}}}",
            "{\"models\": {\"m\": {\"input\": -1, \"output\": 1}}}",
            "{\"models\": {\"m\": {\"input\": 1, \"output\": 1, \"context_window\": 1e99}}}",
            "{\"models\": {\"m\": {\"input\": 1, \"output\": 1, \"tiers\": [{\"above_input_tokens\": \"lots\", \"input\": 1, \"output\": 1}]}}}",
            "{\"models\": {\"m\": [1, 2]}}",
            "{\"models\": [1]}",
            "{\"providers\": {\"openai\": {\"models\": \"gpt-4o\"}}}",
            "{\"providers\": {\"openai\": {\"requests_per_minute\": 1e999}}}",
            "[1, 2]",
            "{\"settings\": {\"Q2O_LLM_MAX_RETRIES\": 5",
    })
    void configFileErrorsNameTheVariableAndThePath(String json, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("hostile.json");
        Files.writeString(file, json);
        assertThatThrownBy(() -> config(Map.of("Q2O_LLM_CONFIG", file.toString())).provider("openai"))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessageContaining("Q2O_LLM_CONFIG")
                .hasMessageContaining(file.toString())
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo("Q2O_LLM_CONFIG"));
    }

    @Test
    void aTimeZoneMustBeAZoneId() {
        for (String value : HOSTILE) {
            if (value.equals("-1")) {
                continue; // a legal offset: UTC-01:00
            }
            assertThatThrownBy(() -> config(Map.of("Q2O_LLM_TIMEZONE", value))).isExactlyInstanceOf(ConfigException.class)
                    .hasMessageContaining("Q2O_LLM_TIMEZONE");
        }
        assertThat(config(Map.of("Q2O_LLM_TIMEZONE", "-1")).zone().getId()).isEqualTo("-01:00");
    }

    @Test
    void aMissingConfigFileNamesTheVariableAndThePath(@TempDir Path dir) {
        Path missing = dir.resolve("absent.json");
        assertThatThrownBy(() -> config(Map.of("Q2O_LLM_CONFIG", missing.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Q2O_LLM_CONFIG").hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> config(Map.of("Q2O_LLM_CONFIG", "bad\u0000path")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Q2O_LLM_CONFIG");
    }

    @Test
    void aSecretsValueIsNeverEchoed() {
        assertThatThrownBy(() -> config(Map.of("Q2O_LLM_TIMEZONE", "x"))).hasMessageContaining("'x'");
        ConfigException e = io.q2o.llm.internal.config.Values.bad("OPENAI_API_KEY", "sk-live-123", "a key");
        assertThat(e.getMessage()).contains("OPENAI_API_KEY").doesNotContain("sk-live-123");
    }

    @Test
    void blankValuesMeanUnset() {
        Consumer<String> check = blank -> assertThat(config(Map.of("Q2O_LLM_MAX_RETRIES", blank, "Q2O_LLM_COST_ALERT", blank)))
                .satisfies(c -> {
                    assertThat(c.maxRetries()).isEqualTo(2);
                    assertThat(c.costAlert()).isEqualByComparingTo("10.00");
                });
        for (String blank : List.of("", "   ", "\"\"", "''", " \t ")) {
            check.accept(blank);
        }
    }
}
