package io.q2o.llm.anthropic;

import com.github.tomakehurst.wiremock.matching.UrlPattern;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.testkit.ProviderContractTest;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * The shared provider contract against WireMock speaking Anthropic's wire format. Counts are
 * written so that they normalise back to what the contract sent: {@code input_tokens} is the
 * uncached part, cache reads and writes are reported beside it.
 */
class AnthropicProviderContractTest extends ProviderContractTest {

    @Override
    protected LlmProvider newProvider(String baseUrl, Duration timeout) {
        return AnthropicWire.provider(baseUrl, timeout);
    }

    @Override
    protected UrlPattern completionUrl() {
        return urlEqualTo("/v1/messages");
    }

    @Override
    protected UrlPattern streamUrl() {
        return urlEqualTo("/v1/messages");
    }

    @Override
    protected String successBody(String text, TokenCounts tokens) {
        return AnthropicWire.success(text, tokens);
    }

    @Override
    protected String streamBody(List<String> chunks, TokenCounts tokens) {
        return AnthropicWire.stream(chunks, tokens);
    }

    @Override
    protected String errorBody(int status, String message) {
        return AnthropicWire.error(status, message);
    }

    @Override
    protected String contextTooLongMessage() {
        return "prompt is too long: 208310 tokens > 200000 maximum";
    }

    @Override
    protected TokenCounts expectedTokens(TokenCounts sent) {
        // the wire splits input into uncached + cache read + cache write; the adapter sums them again
        return sent;
    }
}
