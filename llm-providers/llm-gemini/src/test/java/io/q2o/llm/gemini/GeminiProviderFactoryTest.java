package io.q2o.llm.gemini;

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
}
