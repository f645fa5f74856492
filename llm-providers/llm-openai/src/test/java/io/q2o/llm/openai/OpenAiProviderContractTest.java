package io.q2o.llm.openai;

import com.github.tomakehurst.wiremock.matching.UrlPattern;
import io.q2o.llm.Secret;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.ProviderConfig;
import io.q2o.llm.testkit.ProviderContractTest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/** The shared provider contract, with WireMock speaking OpenAI's Chat Completions wire format to the real SDK. */
class OpenAiProviderContractTest extends ProviderContractTest {

    @Override
    protected LlmProvider newProvider(String baseUrl, Duration timeout) {
        return new OpenAiProviderFactory().create(new ProviderConfig("openai", Optional.of(Secret.of("sk-contract-key")),
                List.of(MODEL), OptionalDouble.empty(), Optional.of(baseUrl + "/v1"), timeout, name -> Optional.empty()));
    }

    @Override
    protected UrlPattern completionUrl() {
        return urlPathEqualTo("/v1/chat/completions");
    }

    @Override
    protected UrlPattern streamUrl() {
        return urlPathEqualTo("/v1/chat/completions");
    }

    @Override
    protected String successBody(String text, TokenCounts tokens) {
        return OpenAiWire.success(text, tokens);
    }

    @Override
    protected String streamBody(List<String> chunks, TokenCounts tokens) {
        return OpenAiWire.stream(chunks, tokens);
    }

    @Override
    protected String errorBody(int status, String message) {
        String type = status == 429 ? "rate_limit_error" : status == 401 ? "invalid_request_error" : "error";
        return OpenAiWire.error(message, type, null);
    }

    @Override
    protected String contextTooLongMessage() {
        return "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens."
                + " Please reduce the length of the messages.";
    }
}
