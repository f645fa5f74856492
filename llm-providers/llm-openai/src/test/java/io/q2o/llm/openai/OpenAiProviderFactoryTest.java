package io.q2o.llm.openai;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.q2o.llm.ResponseFormat;
import io.q2o.llm.ConfigException;
import io.q2o.llm.Secret;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.LlmProviderFactory;
import io.q2o.llm.spi.ProviderConfig;
import io.q2o.llm.spi.ProviderRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.ServiceLoader;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Discovery, configuration rules and the base-URL rule. */
class OpenAiProviderFactoryTest {

    private static ProviderConfig config(Optional<Secret> key, Optional<String> baseUrl, Map<String, String> settings) {
        return new ProviderConfig("openai", key, List.of("gpt-4o-mini"), OptionalDouble.empty(), baseUrl,
                Duration.ofSeconds(5), name -> Optional.ofNullable(settings.get(name)));
    }

    @Test
    void isFoundByServiceLoaderWithItsNameKeyVariableAndDefaultModels() {
        List<LlmProviderFactory> found = ServiceLoader.load(LlmProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.name().equals("openai")).toList();

        assertThat(found).hasSize(1);
        LlmProviderFactory factory = found.get(0);
        assertThat(factory).isInstanceOf(OpenAiProviderFactory.class);
        assertThat(factory.apiKeyVariable()).isEqualTo("OPENAI_API_KEY");
        assertThat(factory.defaultModels()).containsExactly("gpt-4o-mini", "gpt-4o");
    }

    @Test
    void keyIsOptionalOnlyWithABaseUrlOverride() {
        OpenAiProviderFactory factory = new OpenAiProviderFactory();

        assertThat(factory.keyOptional(config(Optional.empty(), Optional.of("http://localhost:11434/v1"), Map.of()))).isTrue();
        assertThat(factory.keyOptional(config(Optional.empty(), Optional.empty(), Map.of()))).isFalse();
    }

    @Test
    void withoutKeyOrBaseUrlCreationFailsNamingTheVariable() {
        assertThatThrownBy(() -> new OpenAiProviderFactory().create(config(Optional.empty(), Optional.empty(), Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OPENAI_API_KEY")
                .hasMessageContaining("OPENAI_BASE_URL");
    }

    @Test
    void aKeylessLocalServerGetsAPlaceholderBearerToken() {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        try (LlmProvider provider = new OpenAiProviderFactory().create(
                config(Optional.empty(), Optional.of("http://127.0.0.1:" + server.port()), Map.of()))) {
            server.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(OpenAiWire.success("local answer", "stop", "llama3.2", null))));

            var response = provider.complete(new ProviderRequest("llama3.2", "", "hi", 0.7, 16, List.of(),
                    ResponseFormat.TEXT, Duration.ofSeconds(5)));

            assertThat(response.content()).isEqualTo("local answer");
            assertThat(response.model()).isEqualTo("llama3.2");
            assertThat(response.tokens()).isEqualTo(TokenCounts.ZERO);
            assertThat(server.findAll(postRequestedFor(anyUrl())).get(0).getHeader("Authorization"))
                    .isEqualTo("Bearer " + OpenAiProvider.PLACEHOLDER_KEY);
            assertThat(provider.toString()).contains("apiKey=none");
        } finally {
            server.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/v1", "localhost:11434", "http://", "not a url", "http://host/v1#frag"})
    void anUnusableBaseUrlFailsNamingTheVariable(String url) {
        assertThatThrownBy(() -> new OpenAiProviderFactory().create(
                config(Optional.of(Secret.of("sk-x-123456")), Optional.of(url), Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OPENAI_BASE_URL");
    }

    @Test
    void aBlankBaseUrlMeansTheOfficialApiAndNeedsAKey() {
        OpenAiProviderFactory factory = new OpenAiProviderFactory();
        ProviderConfig blank = config(Optional.empty(), Optional.of("  "), Map.of());

        assertThat(factory.keyOptional(blank)).isFalse();
        assertThatThrownBy(() -> factory.create(blank)).hasMessageContaining("OPENAI_API_KEY");
        try (LlmProvider provider = factory.create(config(Optional.of(Secret.of("sk-x-123456")), Optional.of(""), Map.of()))) {
            assertThat(provider.toString()).contains("https://api.openai.com/v1");
        }
    }

    @Test
    void anUnknownTokenLimitFieldFailsNamingTheSetting() {
        assertThatThrownBy(() -> new OpenAiProviderFactory().create(config(Optional.of(Secret.of("sk-x-123456")),
                Optional.empty(), Map.of("OPENAI_MAX_TOKENS_FIELD", "max_output_tokens"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OPENAI_MAX_TOKENS_FIELD");
    }

    @ParameterizedTest
    @CsvSource({
            "http://localhost:11434, http://localhost:11434/v1",
            "http://localhost:11434/, http://localhost:11434/v1",
            "http://localhost:11434/v1, http://localhost:11434/v1",
            "http://localhost:11434/v1/, http://localhost:11434/v1",
            "https://api.openai.com/v1, https://api.openai.com/v1",
            "HTTPS://API.OPENAI.COM, https://API.OPENAI.COM/v1",
            "https://api.groq.com/openai/v1, https://api.groq.com/openai/v1",
            "https://generativelanguage.googleapis.com/v1beta/openai/, https://generativelanguage.googleapis.com/v1beta/openai",
            "http://127.0.0.1:1234/v1, http://127.0.0.1:1234/v1"})
    void normalisesTheBaseUrl(String given, String expected) {
        assertThat(OpenAiEndpoint.normalize(given)).isEqualTo(expected);
    }

    @Test
    void recognisesTheOfficialApiOnly() {
        assertThat(OpenAiEndpoint.isOfficial(OpenAiEndpoint.normalize("https://api.openai.com"))).isTrue();
        assertThat(OpenAiEndpoint.isOfficial(OpenAiEndpoint.normalize("http://localhost:11434"))).isFalse();
    }

    @Test
    void aBaseUrlCarryingCredentialsIsRefusedWithoutShowingThem() {
        ConfigException e = catchThrowableOfType(() -> new OpenAiProviderFactory().create(config(
                Optional.of(Secret.of("sk-abc-123456")),
                Optional.of("https://user:hunter2@proxy.example.com/v1?token=s3cret"), Map.of())), ConfigException.class);
        assertThat(e.variable()).isEqualTo("OPENAI_BASE_URL");
        assertThat(e.getMessage()).contains("OPENAI_BASE_URL", "proxy.example.com/v1")
                .doesNotContain("hunter2").doesNotContain("s3cret").doesNotContain("sk-abc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:11434/v1?api-version=1", "http://u@localhost/v1", "http://localhost/v1/../x",
            "http://localhost:99999/v1", "http://localhost/v 1", "http://localhost/v1\n/x"})
    void everyUnusableBaseUrlIsAConfigExceptionNamingTheVariableAndTheValue(String url) {
        ConfigException e = catchThrowableOfType(() -> new OpenAiProviderFactory().create(
                config(Optional.of(Secret.of("sk-x-123456")), Optional.of(url), Map.of())), ConfigException.class);
        assertThat(e).as(url).isNotNull();
        assertThat(e.variable()).isEqualTo("OPENAI_BASE_URL");
        assertThat(e.getMessage()).contains("OPENAI_BASE_URL", "got '", "localhost").doesNotContain("\n");
    }

    @Test
    void badSettingValuesAreConfigExceptionsNamingTheVariableAndTheValue() {
        ConfigException field = catchThrowableOfType(() -> new OpenAiProviderFactory().create(config(
                Optional.of(Secret.of("sk-x-123456")), Optional.empty(), Map.of("OPENAI_MAX_TOKENS_FIELD", "max_output_tokens"))),
                ConfigException.class);
        assertThat(field.variable()).isEqualTo("OPENAI_MAX_TOKENS_FIELD");
        assertThat(field.getMessage()).contains("'max_output_tokens'");
        for (String variable : List.of("OPENAI_ORG_ID", "OPENAI_PROJECT_ID")) {
            ConfigException header = catchThrowableOfType(() -> new OpenAiProviderFactory().create(config(
                    Optional.of(Secret.of("sk-x-123456")), Optional.empty(), Map.of(variable, "org-1\r\nX-Injected: yes"))),
                    ConfigException.class);
            assertThat(header).as(variable).isNotNull();
            assertThat(header.variable()).isEqualTo(variable);
            assertThat(header.getMessage()).contains(variable, "org-1").doesNotContain("\n");
        }
    }
}
