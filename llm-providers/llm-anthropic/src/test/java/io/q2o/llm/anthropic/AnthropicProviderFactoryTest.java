package io.q2o.llm.anthropic;

import io.q2o.llm.ConfigException;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.LlmProviderFactory;
import io.q2o.llm.spi.ProviderConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AnthropicProviderFactoryTest {

    @Test
    void isFoundByServiceLoader() {
        List<String> names = ServiceLoader.load(LlmProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get).map(LlmProviderFactory::name).toList();

        assertThat(names).contains("anthropic");
    }

    @Test
    void namesItsKeyVariableAndDefaultModels() {
        AnthropicProviderFactory factory = new AnthropicProviderFactory();

        assertThat(factory.name()).isEqualTo("anthropic");
        assertThat(factory.apiKeyVariable()).isEqualTo("ANTHROPIC_API_KEY");
        assertThat(factory.defaultModels()).containsExactly("claude-sonnet-4-20250514", "claude-3-5-sonnet-20241022");
        assertThat(factory.keyOptional(AnthropicWire.config("http://127.0.0.1:1", Duration.ofSeconds(1)))).isFalse();
    }

    @Test
    void createsAProviderWhoseToStringHidesTheKey() {
        try (LlmProvider provider = new AnthropicProviderFactory()
                .create(AnthropicWire.config("http://127.0.0.1:1", Duration.ofSeconds(3)))) {
            assertThat(provider.name()).isEqualTo("anthropic");
            assertThat(provider.toString()).contains("http://127.0.0.1:1").doesNotContain(AnthropicWire.API_KEY);
        }
    }

    @Test
    void missingKeyFailsNamingTheVariable() {
        ProviderConfig noKey = new ProviderConfig("anthropic", Optional.empty(), List.of("m"), OptionalDouble.empty(),
                Optional.empty(), Duration.ofSeconds(5), name -> Optional.empty());

        assertThatThrownBy(() -> new AnthropicProviderFactory().create(noKey))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ANTHROPIC_API_KEY");
    }

    @Test
    void baseUrlEndingInV1IsRejectedNamingTheVariable() {
        assertThatThrownBy(() -> new AnthropicProviderFactory()
                .create(AnthropicWire.config("https://api.anthropic.com/v1", Duration.ofSeconds(5))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ANTHROPIC_BASE_URL")
                .hasMessageContaining("/v1");
    }

    @Test
    void baseUrlThatIsNotHttpIsRejectedNamingTheVariable() {
        assertThatThrownBy(() -> new AnthropicProviderFactory()
                .create(AnthropicWire.config("localhost:8080", Duration.ofSeconds(5))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ANTHROPIC_BASE_URL")
                .hasMessageNotContaining(AnthropicWire.API_KEY);
    }

    @Test
    void nonPositiveTimeoutIsRejected() {
        assertThatThrownBy(() -> new AnthropicProviderFactory()
                .create(AnthropicWire.config("http://127.0.0.1:1", Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    }

    @Test
    void everyUnusableBaseUrlIsAConfigExceptionNamingTheVariableAndTheValue() {
        for (String url : List.of("http://127.0.0.1:1/v1", "http://127.0.0.1:1/x?key=1", "https://user:pw@127.0.0.1:1",
                "http://127.0.0.1:1/a/../b", "ftp://127.0.0.1:1", "http://127.0.0.1:1/#f", "http://127.0.0.1:1/a b")) {
            ConfigException e = catchThrowableOfType(() -> new AnthropicProviderFactory()
                    .create(AnthropicWire.config(url, Duration.ofSeconds(1))), ConfigException.class);
            assertThat(e).as(url).isNotNull();
            assertThat(e.variable()).isEqualTo("ANTHROPIC_BASE_URL");
            assertThat(e.getMessage()).contains("ANTHROPIC_BASE_URL", "127.0.0.1:1").doesNotContain("pw@");
        }
    }
}
