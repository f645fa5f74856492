package io.q2o.llm.gemini;

import io.q2o.llm.ErrorKind;
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
 * Live calls to the real Gemini API: a few tokens each. Runs only when {@code GOOGLE_API_KEY} is
 * set (CI has none). The model is {@code GEMINI_MODEL}, by default {@code gemini-2.5-flash};
 * {@code GEMINI_BASE_URL} is honoured. Failsafe runs it in {@code verify}:
 * {@code GOOGLE_API_KEY=… mvn -pl llm-providers/llm-gemini verify}.
 */
@EnabledIfEnvironmentVariable(named = "GOOGLE_API_KEY", matches = ".+")
class GeminiLiveIT {

    private static final String MODEL = Optional.ofNullable(System.getenv("GEMINI_MODEL"))
            .filter(s -> !s.isBlank()).orElse("gemini-2.5-flash");

    private LlmProvider provider;

    @BeforeEach
    void create() {
        provider = new GeminiProviderFactory().create(new ProviderConfig("gemini",
                Optional.of(Secret.of(System.getenv("GOOGLE_API_KEY"))), List.of(MODEL), OptionalDouble.empty(),
                Optional.ofNullable(System.getenv("GEMINI_BASE_URL")).filter(s -> !s.isBlank()),
                Duration.ofSeconds(60), name -> Optional.ofNullable(System.getenv(name))));
    }

    @AfterEach
    void close() {
        provider.close();
    }

    private static ProviderRequest request(String model, int maxTokens) {
        return new ProviderRequest(model, "You answer in one short sentence.",
                "Say 'Gemini API working!' and nothing else.", 0.0, maxTokens, List.of(), ResponseFormat.TEXT,
                Duration.ofSeconds(60));
    }

    @Test
    void completesWithTextAndUsage() {
        ProviderResponse response = provider.complete(request(MODEL, 256));

        assertThat(response.content()).isNotBlank();
        assertThat(response.tokens().inputTokens()).isPositive();
        assertThat(response.tokens().outputTokens()).isPositive();
        assertThat(response.model()).isNotBlank();
    }

    @Test
    void completesAsync() throws Exception {
        ProviderResponse response = provider.completeAsync(request(MODEL, 256), Runnable::run).get(90, TimeUnit.SECONDS);

        assertThat(response.content()).isNotBlank();
    }

    @Test
    void streamsChunksThatAddUpToTheAnswer() {
        List<String> chunks = new ArrayList<>();

        ProviderResponse response = provider.stream(request(MODEL, 256), chunks::add);

        assertThat(String.join("", chunks)).isEqualTo(response.content()).isNotBlank();
        assertThat(response.tokens().inputTokens()).isPositive();
    }

    @Test
    void anUnknownModelIsModelNotFound() {
        Throwable t = catchThrowable(() -> provider.complete(request("gemini-no-such-model-q2o", 16)));

        assertThat(t).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) t).kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
    }
}
