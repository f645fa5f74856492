package io.q2o.llm.it;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.q2o.llm.Attempt;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.UsageStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * LlmService over the real Gemini, OpenAI and Anthropic adapters (found by ServiceLoader), each
 * pointed at its own WireMock server speaking the provider's wire format.
 */
class EndToEndFallbackTest {

    private static final String OPENAI_OK = """
            {"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "gpt-4o-mini",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "answer from openai", "refusal": null},
                          "logprobs": null, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 1200, "completion_tokens": 300, "total_tokens": 1500,
                       "prompt_tokens_details": {"cached_tokens": 200, "audio_tokens": 0},
                       "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                                                     "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}}}
            """;
    private static final String GEMINI_503 = """
            {"error": {"code": 503, "message": "The model is overloaded. Please try again later.", "status": "UNAVAILABLE"}}
            """;
    private static final String GEMINI_OK = """
            {"candidates": [{"content": {"parts": [{"text": "answer from gemini"}], "role": "model"},
                             "finishReason": "STOP", "index": 0}],
             "usageMetadata": {"promptTokenCount": 100, "candidatesTokenCount": 40, "totalTokenCount": 140},
             "modelVersion": "gemini-2.5-flash", "responseId": "r1"}
            """;

    private WireMockServer gemini;
    private WireMockServer openai;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void start(@TempDir Path dir) throws IOException {
        gemini = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        openai = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        gemini.start();
        openai.start();
        Path config = dir.resolve("llm_config.json");
        Files.writeString(config, """
                {"providers": {"gemini": {"models": ["gemini-2.5-flash"]},
                               "openai": {"models": ["gpt-4o-mini"]}}}
                """);
        env.put("Q2O_LLM_CONFIG", config.toString());
        env.put("GOOGLE_API_KEY", "test-google-key");
        env.put("OPENAI_API_KEY", "test-openai-key");
        env.put("GEMINI_BASE_URL", "http://127.0.0.1:" + gemini.port());
        env.put("OPENAI_BASE_URL", "http://127.0.0.1:" + openai.port() + "/v1");
        env.put("Q2O_LLM_PRIMARY", "gemini");
        env.put("Q2O_LLM_FALLBACK", "openai");
        env.put("Q2O_LLM_AUTO_FALLBACK", "false");
        env.put("Q2O_LLM_MAX_RETRIES", "1");
        env.put("Q2O_LLM_RETRY_INITIAL_MS", "1");
        env.put("Q2O_LLM_REQUEST_TIMEOUT_SECONDS", "10");
    }

    @AfterEach
    void stop() {
        gemini.stop();
        openai.stop();
    }

    private LlmService service() {
        return LlmService.builder().config(LlmConfig.builder().environment(env).isolated().build()).build();
    }

    @Test
    void geminiAnswers503TwiceAndTheCallSucceedsOnOpenAi() {
        gemini.stubFor(post(urlPathEqualTo("/v1beta/models/gemini-2.5-flash:generateContent"))
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json").withBody(GEMINI_503)));
        openai.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(OPENAI_OK)));

        try (LlmService llm = service()) {
            assertThat(llm.usableProviders()).containsExactlyInAnyOrder("openai", "gemini");
            LlmResponse r = llm.complete(LlmRequest.of("You are terse.", "Say hello"));

            assertThat(r.success()).as(String.valueOf(r.error())).isTrue();
            assertThat(r.provider()).isEqualTo("openai");
            assertThat(r.content()).isEqualTo("answer from openai");
            assertThat(r.attempts()).extracting(Attempt::provider).containsExactly("gemini", "gemini", "openai");
            assertThat(r.attempts().subList(0, 2)).allSatisfy(a -> {
                assertThat(a.outcome()).isEqualTo(Attempt.Outcome.FAILED);
                assertThat(a.error()).isEqualTo(ErrorKind.SERVER_ERROR);
            });
            // gpt-4o-mini: 1000 uncached x 0.15 + 200 cached x 0.075 + 300 out x 0.60, per 1M
            BigDecimal expected = new BigDecimal("0.000345");
            assertThat(r.usage().totalCost()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo(expected));
            assertThat(r.usage().cachedInputTokens()).isEqualTo(200);
            UsageStats stats = llm.usageStats();
            assertThat(stats.totalCost()).isEqualByComparingTo(expected);
            assertThat(stats.byProvider()).containsOnlyKeys("openai");
        }
        gemini.verify(2, postRequestedFor(urlPathEqualTo("/v1beta/models/gemini-2.5-flash:generateContent")));
        openai.verify(1, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
    }

    @Test
    void aWrongKeyOnGeminiIsNotRetriedAndNamesItsVariable() {
        gemini.stubFor(post(urlPathEqualTo("/v1beta/models/gemini-2.5-flash:generateContent"))
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": {\"code\": 403, \"message\": \"API key not valid.\", \"status\": \"PERMISSION_DENIED\"}}")));
        openai.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(OPENAI_OK)));
        try (LlmService llm = service()) {
            LlmResponse r = llm.complete(LlmRequest.of("", "hi"));
            assertThat(r.provider()).isEqualTo("openai");
            assertThat(r.attempts().get(0).error()).isEqualTo(ErrorKind.AUTHENTICATION);
            assertThat(r.attempts().get(0).message()).contains("GOOGLE_API_KEY").doesNotContain("test-google-key");
        }
        gemini.verify(1, postRequestedFor(WireMock.anyUrl()));
    }

    @Test
    void asyncAndStreamingWorkThroughTheRealAdapters() {
        gemini.stubFor(post(urlPathEqualTo("/v1beta/models/gemini-2.5-flash:generateContent"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(GEMINI_OK)));
        gemini.stubFor(post(urlPathEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(
                        "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hello\"}], \"role\": \"model\"}, \"index\": 0}],"
                                + " \"usageMetadata\": {\"promptTokenCount\": 12, \"totalTokenCount\": 12}, \"modelVersion\": \"gemini-2.5-flash\"}\n\n"
                                + "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \" world\"}], \"role\": \"model\"},"
                                + " \"finishReason\": \"STOP\", \"index\": 0}], \"usageMetadata\": {\"promptTokenCount\": 12,"
                                + " \"candidatesTokenCount\": 5, \"totalTokenCount\": 17}, \"modelVersion\": \"gemini-2.5-flash\"}\n\n")));
        try (LlmService llm = service()) {
            LlmResponse async = llm.completeAsync(LlmRequest.of("", "hi")).join();
            assertThat(async.content()).isEqualTo("answer from gemini");
            // 100 x 0.30 + 40 x 2.50 per 1M
            assertThat(async.usage().totalCost()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("0.00013"));

            List<String> chunks = new CopyOnWriteArrayList<>();
            LlmResponse streamed = llm.stream(LlmRequest.builder().userPrompt("stream please").build(), chunks::add).join();
            assertThat(streamed.success()).as(String.valueOf(streamed.error())).isTrue();
            assertThat(chunks).containsExactly("Hello", " world");
            assertThat(streamed.usage().outputTokens()).isEqualTo(5);
        }
    }
}
