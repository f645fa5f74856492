package io.q2o.llm.gemini;

import io.q2o.llm.ConfigException;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.LlmProviderFactory;
import io.q2o.llm.spi.ProviderConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class GeminiProviderFactoryTest {

    @Test
    void isFoundByServiceLoaderUnderItsName() {
        List<LlmProviderFactory> gemini = ServiceLoader.load(LlmProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("gemini"))
                .collect(Collectors.toList());

        assertThat(gemini).singleElement().isInstanceOf(GeminiProviderFactory.class);
    }

    @Test
    void describesItself() {
        GeminiProviderFactory factory = new GeminiProviderFactory();

        assertThat(factory.name()).isEqualTo("gemini");
        assertThat(factory.apiKeyVariable()).isEqualTo("GOOGLE_API_KEY");
        assertThat(factory.defaultModels()).containsExactly("gemini-2.5-pro", "gemini-2.5-flash");
        assertThat(factory.keyOptional(GeminiWire.config(null, Duration.ofSeconds(1), Map.of()))).isFalse();
    }

    @Test
    void telemetryNameIsTheGenAiConventionsName() {
        LlmProviderFactory factory = new GeminiProviderFactory();

        assertThat(factory.telemetryName()).isEqualTo("gcp.gemini");
    }

    @Test
    void createsAProviderNamedGeminiWithTheDefaultBaseUrl() {
        try (LlmProvider provider = new GeminiProviderFactory().create(
                GeminiWire.config(null, Duration.ofSeconds(30), Map.of()))) {
            assertThat(provider.name()).isEqualTo("gemini");
            assertThat(provider.toString()).contains("https://generativelanguage.googleapis.com")
                    .contains("apiVersion=v1beta").contains("PT30S");
        }
    }

    @Test
    void aMissingKeyIsRefusedNamingTheVariable() {
        ProviderConfig noKey = new ProviderConfig("gemini", Optional.empty(), List.of("m"), OptionalDouble.empty(),
                Optional.empty(), Duration.ofSeconds(1), name -> Optional.empty());

        assertThatThrownBy(() -> new GeminiProviderFactory().create(noKey))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GOOGLE_API_KEY");
    }

    @Test
    void unusableSettingsAreRefusedNamingTheSetting() {
        GeminiProviderFactory factory = new GeminiProviderFactory();

        assertThatThrownBy(() -> factory.create(GeminiWire.config("localhost:8080", Duration.ofSeconds(1), Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GEMINI_BASE_URL");
        assertThatThrownBy(() -> factory.create(GeminiWire.config(null, Duration.ZERO, Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> factory.create(GeminiWire.config(null, Duration.ofSeconds(1),
                Map.of("GEMINI_MAX_CONCURRENT_REQUESTS", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GEMINI_MAX_CONCURRENT_REQUESTS");
    }

    @Test
    void settingsOverrideTheDefaults() {
        try (LlmProvider provider = new GeminiProviderFactory().create(GeminiWire.config("http://127.0.0.1:1/",
                Duration.ofSeconds(2), Map.of("GEMINI_API_VERSION", "v1", "GEMINI_MAX_CONCURRENT_REQUESTS", "7")))) {
            assertThat(provider.toString()).contains("baseUrl=http://127.0.0.1:1,").contains("apiVersion=v1,")
                    .contains("maxConcurrentRequests=7");
        }
    }

    @Test
    void everyValueThatEndsUpInTheUrlIsCheckedAndABadOneIsAConfigExceptionNamingVariableAndValue() {
        GeminiProviderFactory factory = new GeminiProviderFactory();
        for (String version : List.of("v1beta/../../x?y", "v1/models", "..", "v1 beta", "v1#x")) {
            ConfigException e = catchThrowableOfType(() -> factory.create(GeminiWire.config(null, Duration.ofSeconds(1),
                    Map.of("GEMINI_API_VERSION", version))), ConfigException.class);
            assertThat(e).as(version).isNotNull();
            assertThat(e.variable()).isEqualTo("GEMINI_API_VERSION");
            assertThat(e.getMessage()).contains("GEMINI_API_VERSION", version);
        }
        for (String url : List.of("http://127.0.0.1:1/x?key=1", "http://user:pw@127.0.0.1:1", "http://127.0.0.1:1/a/../b",
                "gopher://127.0.0.1:1", "http://127.0.0.1:1#f")) {
            ConfigException e = catchThrowableOfType(() -> factory.create(GeminiWire.config(url, Duration.ofSeconds(1),
                    Map.of())), ConfigException.class);
            assertThat(e).as(url).isNotNull();
            assertThat(e.variable()).isEqualTo("GEMINI_BASE_URL");
            assertThat(e.getMessage()).contains("GEMINI_BASE_URL", "127.0.0.1:1").doesNotContain("pw@");
        }
        for (String n : List.of("0", "-3", "many", "99999999999", "1e3")) {
            ConfigException e = catchThrowableOfType(() -> factory.create(GeminiWire.config(null, Duration.ofSeconds(1),
                    Map.of("GEMINI_MAX_CONCURRENT_REQUESTS", n))), ConfigException.class);
            assertThat(e).as(n).isNotNull();
            assertThat(e.variable()).isEqualTo("GEMINI_MAX_CONCURRENT_REQUESTS");
            assertThat(e.getMessage()).contains("'" + n + "'");
        }
    }
}
