package io.q2o.llm.gemini;

import com.github.tomakehurst.wiremock.matching.UrlPattern;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.testkit.ProviderContractTest;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/** The shared provider contract, with the real google-genai client against Gemini's wire format. */
class GeminiProviderContractTest extends ProviderContractTest {

    @Override
    protected LlmProvider newProvider(String baseUrl, Duration timeout) {
        return GeminiWire.provider(baseUrl, timeout);
    }

    @Override
    protected UrlPattern completionUrl() {
        return urlPathEqualTo("/v1beta/models/" + MODEL + ":generateContent");
    }

    @Override
    protected UrlPattern streamUrl() {
        return urlEqualTo("/v1beta/models/" + MODEL + ":streamGenerateContent?alt=sse");
    }

    @Override
    protected String successBody(String text, TokenCounts tokens) {
        return GeminiWire.success(text, "STOP", tokens);
    }

    @Override
    protected String streamBody(List<String> chunks, TokenCounts tokens) {
        return GeminiWire.streamBody(chunks, tokens);
    }

    @Override
    protected String errorBody(int status, String message) {
        return GeminiWire.error(status, message);
    }

    @Override
    protected String contextTooLongMessage() {
        return "The input token count (1048577) exceeds the maximum number of tokens allowed (1048576).";
    }
}
