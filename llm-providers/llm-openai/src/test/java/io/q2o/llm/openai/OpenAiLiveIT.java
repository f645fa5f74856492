package io.q2o.llm.openai;

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
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
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
 * Live calls against the real API (or the server in {@code OPENAI_BASE_URL}). Skipped unless
 * {@code OPENAI_API_KEY} is set. Failsafe runs it in {@code verify}:
 * {@code OPENAI_API_KEY=… mvn -pl llm-providers/llm-openai verify}. Model: {@code OPENAI_MODEL}, default
 * {@code gpt-4o-mini}. Each test costs a few tokens.
 */
@EnabledIfEnvironmentVariable(named = "OPENAI_API_KEY", matches = ".+")
class OpenAiLiveIT {

    private static final String MODEL = Optional.ofNullable(System.getenv("OPENAI_MODEL"))
            .filter(m -> !m.isBlank()).map(m -> m.split(",")[0].strip()).orElse("gpt-4o-mini");

    private LlmProvider provider;

    private static ProviderConfig config(String key) {
        return new ProviderConfig("openai", Optional.of(Secret.of(key)), List.of(MODEL), OptionalDouble.empty(),
                Optional.ofNullable(System.getenv("OPENAI_BASE_URL")).filter(u -> !u.isBlank()),
                Duration.ofSeconds(60), name -> Optional.ofNullable(System.getenv(name)));
    }

    private static ProviderRequest request(ResponseFormat format) {
        return new ProviderRequest(MODEL, "You answer with one word.", "Reply with the word pong.", 0.0, 64,
                List.of(), format, Duration.ofSeconds(60));
    }

    @BeforeEach
    void create() {
        provider = new OpenAiProviderFactory().create(config(System.getenv("OPENAI_API_KEY")));
    }

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void completesWithTextFinishReasonAndUsage() {
        ProviderResponse response = provider.complete(request(ResponseFormat.TEXT));

        assertThat(response.content()).isNotBlank();
        assertThat(response.finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
        assertThat(response.model()).isNotBlank();
        assertThat(response.tokens().inputTokens()).isPositive();
        assertThat(response.tokens().outputTokens()).isPositive();
    }

    @Test
    void completesAsynchronously() throws Exception {
        ProviderResponse response = provider.completeAsync(request(ResponseFormat.TEXT), Runnable::run)
                .get(90, TimeUnit.SECONDS);

        assertThat(response.content()).isNotBlank();
    }

    @Test
    void streamsChunksAndReportsUsage() {
        List<String> chunks = new ArrayList<>();

        ProviderResponse response = provider.stream(request(ResponseFormat.TEXT), chunks::add);

        assertThat(chunks).isNotEmpty();
        assertThat(String.join("", chunks)).isEqualTo(response.content());
        assertThat(response.tokens().inputTokens()).isPositive();
    }

    @Test
    void jsonModeReturnsJson() {
        ProviderResponse response = provider.complete(new ProviderRequest(MODEL, "",
                "Give a JSON object with one field \"answer\" set to \"pong\".", 0.0, 64, List.of(),
                ResponseFormat.JSON, Duration.ofSeconds(60)));

        assertThat(response.content().strip()).startsWith("{").endsWith("}");
    }

    @Test
    @DisabledIfEnvironmentVariable(named = "OPENAI_BASE_URL", matches = ".+",
            disabledReason = "an OpenAI-compatible server may accept any key")
    void aWrongKeyIsAnAuthenticationErrorThatNamesTheVariable() {
        try (LlmProvider wrong = new OpenAiProviderFactory().create(config("sk-wrong-0000000000000000"))) {
            Throwable t = catchThrowable(() -> wrong.complete(request(ResponseFormat.TEXT)));

            assertThat(t).isInstanceOf(ProviderException.class);
            assertThat(((ProviderException) t).kind()).isEqualTo(ErrorKind.AUTHENTICATION);
            assertThat(t.getMessage()).contains("OPENAI_API_KEY").doesNotContain("sk-wrong-0000000000000000");
        }
    }
}
