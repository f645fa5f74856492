package io.q2o.llm.anthropic;

import io.q2o.llm.ErrorKind;
import io.q2o.llm.FinishReason;
import io.q2o.llm.ResponseFormat;
import io.q2o.llm.Secret;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.ProviderConfig;
import io.q2o.llm.spi.ProviderException;
import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.spi.ProviderResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Live calls to the real Anthropic API; Failsafe runs it in {@code verify}, and it runs only when
 * {@code ANTHROPIC_API_KEY} is set (never in CI). The model is {@code ANTHROPIC_MODEL}, else the factory's first default; the base URL is
 * {@code ANTHROPIC_BASE_URL}, else Anthropic's. Each call asks for at most 32 output tokens.
 */
@EnabledIfEnvironmentVariable(named = "ANTHROPIC_API_KEY", matches = ".+")
class AnthropicLiveIT {

    private LlmProvider provider;
    private String model;

    @BeforeEach
    void create() {
        AnthropicProviderFactory factory = new AnthropicProviderFactory();
        model = env("ANTHROPIC_MODEL").orElse(factory.defaultModels().get(0));
        provider = factory.create(new ProviderConfig("anthropic", Optional.of(Secret.of(System.getenv("ANTHROPIC_API_KEY"))),
                List.of(model), OptionalDouble.empty(), env("ANTHROPIC_BASE_URL"), Duration.ofSeconds(60),
                AnthropicLiveIT::env));
    }

    @AfterEach
    void close() {
        provider.close();
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }

    private ProviderRequest request(String user) {
        return new ProviderRequest(model, "You answer in as few words as possible.", user, 0.0, 32, List.of(),
                ResponseFormat.TEXT, Duration.ofSeconds(60));
    }

    @Test
    void completesAndReportsUsage() {
        ProviderResponse response = provider.complete(request("Reply with the single word: pong"));

        assertThat(response.content().toLowerCase()).contains("pong");
        assertThat(response.finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
        assertThat(response.tokens().inputTokens()).isPositive();
        assertThat(response.tokens().outputTokens()).isPositive();
        assertThat(response.model()).isNotBlank();
    }

    @Test
    void completesAsynchronously() throws Exception {
        ProviderResponse response = provider.completeAsync(request("Reply with the single word: pong"), Runnable::run)
                .get(90, TimeUnit.SECONDS);

        assertThat(response.content()).isNotBlank();
    }

    @Test
    void streamsChunksThatAddUpToTheAnswer() {
        List<String> chunks = new ArrayList<>();

        ProviderResponse response = provider.stream(request("Count from 1 to 5, separated by spaces."), chunks::add);

        assertThat(chunks).isNotEmpty();
        assertThat(String.join("", chunks)).isEqualTo(response.content());
        assertThat(response.tokens().inputTokens()).isPositive();
        assertThat(response.tokens().outputTokens()).isPositive();
    }

    @Test
    void unknownModelIsModelNotFound() {
        ProviderRequest unknown = new ProviderRequest("claude-does-not-exist-20990101", "", "hi", 0.0, 8, List.of(),
                ResponseFormat.TEXT, Duration.ofSeconds(60));

        Throwable t = catchThrowable(() -> provider.complete(unknown));

        assertThat(t).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) t).kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
    }
}
