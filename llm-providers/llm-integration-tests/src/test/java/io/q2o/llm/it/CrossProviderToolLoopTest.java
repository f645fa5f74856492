package io.q2o.llm.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.q2o.llm.AssistantMessage;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmService;
import io.q2o.llm.Tool;
import io.q2o.llm.ToolCall;
import io.q2o.llm.ToolLoop;
import io.q2o.llm.ToolLoopResult;
import io.q2o.llm.ToolResultMessage;
import io.q2o.llm.TypedResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tool loop that starts on one provider and, after that provider fails at step 2, finishes on
 * the other with the same (provider-neutral) conversation: the real Gemini and Anthropic adapters
 * and SDKs against WireMock. The second provider must receive the first provider's tool call and
 * the tool's result in its own wire shape, and none of the first provider's opaque values. Typed
 * (record) output through each provider's native structured output as well.
 */
class CrossProviderToolLoopTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Weather(String city) {
    }

    private static final String GEMINI_CALL = """
            {"candidates": [{"content": {"parts": [{"functionCall": {"name": "weather", "args": {"city": "Oslo"}},
                                                    "thoughtSignature": "R0VNSU5JLVNJRw=="}], "role": "model"},
                             "finishReason": "STOP", "index": 0}],
             "usageMetadata": {"promptTokenCount": 100, "candidatesTokenCount": 10, "totalTokenCount": 110},
             "modelVersion": "gemini-2.5-flash", "responseId": "resp-g1"}
            """;
    private static final String GEMINI_FINAL = """
            {"candidates": [{"content": {"parts": [{"text": "Gemini says: Oslo is 3 degrees."}], "role": "model"},
                             "finishReason": "STOP", "index": 0}],
             "usageMetadata": {"promptTokenCount": 150, "candidatesTokenCount": 10, "totalTokenCount": 160},
             "modelVersion": "gemini-2.5-flash", "responseId": "resp-g2"}
            """;
    private static final String GEMINI_503 = """
            {"error": {"code": 503, "message": "The model is overloaded.", "status": "UNAVAILABLE"}}
            """;
    private static final String ANTHROPIC_CALL = """
            {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
             "content": [{"type": "thinking", "thinking": "need weather", "signature": "ANTHROPIC-SIG"},
                         {"type": "tool_use", "id": "toolu_01A", "name": "weather", "input": {"city": "Oslo"}}],
             "stop_reason": "tool_use", "stop_sequence": null,
             "usage": {"input_tokens": 100, "output_tokens": 10, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}}
            """;
    private static final String ANTHROPIC_FINAL = """
            {"id": "msg_2", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
             "content": [{"type": "text", "text": "Claude says: Oslo is 3 degrees."}],
             "stop_reason": "end_turn", "stop_sequence": null,
             "usage": {"input_tokens": 150, "output_tokens": 10, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}}
            """;
    private static final String ANTHROPIC_529 = """
            {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
            """;

    private WireMockServer gemini;
    private WireMockServer anthropic;
    private final Map<String, String> env = new HashMap<>();
    private final List<String> toolInputs = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start(@TempDir Path dir) throws IOException {
        gemini = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        anthropic = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        gemini.start();
        anthropic.start();
        Path config = dir.resolve("llm_config.json");
        Files.writeString(config, """
                {"providers": {"gemini": {"models": ["gemini-2.5-flash"]},
                               "anthropic": {"models": ["claude-sonnet-4-5"]}}}
                """);
        env.put("Q2O_LLM_CONFIG", config.toString());
        env.put("GOOGLE_API_KEY", "test-google-key");
        env.put("ANTHROPIC_API_KEY", "test-anthropic-key");
        env.put("GEMINI_BASE_URL", "http://127.0.0.1:" + gemini.port());
        env.put("ANTHROPIC_BASE_URL", "http://127.0.0.1:" + anthropic.port());
        env.put("Q2O_LLM_AUTO_FALLBACK", "false");
        env.put("Q2O_LLM_MAX_RETRIES", "1");
        env.put("Q2O_LLM_RETRY_INITIAL_MS", "1");
        env.put("Q2O_LLM_REQUEST_TIMEOUT_SECONDS", "10");
    }

    @AfterEach
    void stop() {
        gemini.stop();
        anthropic.stop();
    }

    private ToolLoopResult runLoop(String primary, String fallback) {
        env.put("Q2O_LLM_PRIMARY", primary);
        env.put("Q2O_LLM_FALLBACK", fallback);
        try (LlmService llm = LlmService.builder().config(LlmConfig.builder().environment(env).isolated().build()).build()) {
            ToolLoop loop = ToolLoop.builder(llm).tool(Tool.of("weather", "Current weather in a city", Weather.class,
                    w -> {
                        toolInputs.add(w.city());
                        return Map.of("city", w.city(), "celsius", 3);
                    })).maxSteps(4).build();
            return loop.run(LlmRequest.builder().systemPrompt("You answer weather questions.")
                    .userPrompt("How warm is it in Oslo?").build());
        }
    }

    private static JsonNode lastBody(WireMockServer server) throws IOException {
        List<LoggedRequest> all = server.findAll(postRequestedFor(anyUrl()));
        assertThat(all).isNotEmpty();
        return JSON.readTree(all.get(all.size() - 1).getBodyAsString());
    }

    @Test
    void aLoopStartedOnGeminiContinuesOnAnthropicAfterGeminiFailsAtStepTwo() throws IOException {
        gemini.stubFor(post(anyUrl()).inScenario("gemini").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(GEMINI_CALL))
                .willSetStateTo("down"));
        gemini.stubFor(post(anyUrl()).inScenario("gemini").whenScenarioStateIs("down")
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json").withBody(GEMINI_503)));
        anthropic.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(ANTHROPIC_FINAL)));

        ToolLoopResult result = runLoop("gemini", "anthropic");

        assertThat(result.success()).as(result.toString()).isTrue();
        assertThat(result.content()).isEqualTo("Claude says: Oslo is 3 degrees.");
        assertThat(result.response().provider()).isEqualTo("anthropic");
        assertThat(toolInputs).containsExactly("Oslo");
        ToolCall geminiCall = result.conversation().stream().filter(AssistantMessage.class::isInstance)
                .map(AssistantMessage.class::cast).flatMap(a -> a.toolCalls().stream()).findFirst().orElseThrow();

        JsonNode body = lastBody(anthropic);
        assertThat(body.get("system").asText()).isEqualTo("You answer weather questions.");
        assertThat(body.get("tools").get(0).get("name").asText()).isEqualTo("weather");
        assertThat(body.get("tools").get(0).get("input_schema").get("properties").has("city")).isTrue();
        JsonNode messages = body.get("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).get("role").asText()).isEqualTo("user");
        assertThat(messages.get(0).get("content").asText()).isEqualTo("How warm is it in Oslo?");
        JsonNode use = messages.get(1).get("content").get(0);
        assertThat(messages.get(1).get("role").asText()).isEqualTo("assistant");
        assertThat(use.get("type").asText()).isEqualTo("tool_use");
        assertThat(use.get("name").asText()).isEqualTo("weather");
        assertThat(use.get("id").asText()).isEqualTo(geminiCall.id()).matches("[A-Za-z0-9_-]+");
        assertThat(use.get("input")).isEqualTo(JSON.readTree("{\"city\":\"Oslo\"}"));
        JsonNode toolResult = messages.get(2).get("content").get(0);
        assertThat(messages.get(2).get("role").asText()).isEqualTo("user");
        assertThat(toolResult.get("type").asText()).isEqualTo("tool_result");
        assertThat(toolResult.get("tool_use_id").asText()).isEqualTo(use.get("id").asText());
        assertThat(JSON.readTree(toolResult.get("content").asText())).isEqualTo(JSON.readTree("{\"city\":\"Oslo\",\"celsius\":3}"));
        assertThat(body.toString()).doesNotContain("R0VNSU5JLVNJRw==").doesNotContain("thoughtSignature");
    }

    @Test
    void aLoopStartedOnAnthropicContinuesOnGeminiAfterAnthropicFailsAtStepTwo() throws IOException {
        anthropic.stubFor(post(anyUrl()).inScenario("anthropic").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(ANTHROPIC_CALL))
                .willSetStateTo("down"));
        anthropic.stubFor(post(anyUrl()).inScenario("anthropic").whenScenarioStateIs("down")
                .willReturn(aResponse().withStatus(529).withHeader("Content-Type", "application/json").withBody(ANTHROPIC_529)));
        gemini.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(GEMINI_FINAL)));

        ToolLoopResult result = runLoop("anthropic", "gemini");

        assertThat(result.success()).as(result.toString()).isTrue();
        assertThat(result.content()).isEqualTo("Gemini says: Oslo is 3 degrees.");
        assertThat(result.response().provider()).isEqualTo("gemini");
        assertThat(toolInputs).containsExactly("Oslo");
        assertThat(result.conversation()).filteredOn(ToolResultMessage.class::isInstance)
                .extracting(m -> ((ToolResultMessage) m).toolCallId()).containsExactly("toolu_01A");

        JsonNode body = lastBody(gemini);
        assertThat(body.get("systemInstruction").get("parts").get(0).get("text").asText())
                .isEqualTo("You answer weather questions.");
        assertThat(body.get("tools").get(0).get("functionDeclarations").get(0).get("name").asText()).isEqualTo("weather");
        JsonNode contents = body.get("contents");
        assertThat(contents).hasSize(3);
        assertThat(contents.get(0).get("role").asText()).isEqualTo("user");
        assertThat(contents.get(1).get("role").asText()).isEqualTo("model");
        JsonNode call = contents.get(1).get("parts").get(0).get("functionCall");
        assertThat(call.get("name").asText()).isEqualTo("weather");
        assertThat(call.get("args")).isEqualTo(JSON.readTree("{\"city\":\"Oslo\"}"));
        assertThat(contents.get(2).get("role").asText()).isEqualTo("user");
        JsonNode response = contents.get(2).get("parts").get(0).get("functionResponse");
        assertThat(response.get("name").asText()).isEqualTo("weather");
        assertThat(response.get("response")).isEqualTo(JSON.readTree("{\"city\":\"Oslo\",\"celsius\":3}"));
        assertThat(body.toString()).doesNotContain("toolu_01A").doesNotContain("ANTHROPIC-SIG").doesNotContain("thoughtSignature");
    }
    @Test
    void typedOutputComesFromAnthropicsForcedToolAndFromGeminisResponseSchema() throws IOException {
        anthropic.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(ANTHROPIC_CALL.replace("\"weather\"", "\"Weather\""))));
        gemini.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(GEMINI_FINAL.replace("Gemini says: Oslo is 3 degrees.", "{\\\"city\\\": \\\"Bergen\\\"}"))));
        for (String provider : List.of("anthropic", "gemini")) {
            env.put("Q2O_LLM_PRIMARY", provider);
            env.put("Q2O_LLM_FALLBACK", provider.equals("gemini") ? "anthropic" : "gemini");
            try (LlmService llm = LlmService.builder().config(LlmConfig.builder().environment(env).isolated().build()).build()) {
                TypedResponse<Weather> typed = llm.complete(LlmRequest.builder().userPrompt("Which city?").build(), Weather.class);

                assertThat(typed.success()).as(typed.toString()).isTrue();
                assertThat(typed.response().provider()).isEqualTo(provider);
                assertThat(typed.value()).isEqualTo(new Weather(provider.equals("anthropic") ? "Oslo" : "Bergen"));
            }
        }
        JsonNode anthropicBody = lastBody(anthropic);
        assertThat(anthropicBody.get("tool_choice").get("name").asText()).isEqualTo("Weather");
        assertThat(anthropicBody.get("tools").get(0).get("input_schema").get("properties").has("city")).isTrue();
        JsonNode geminiConfig = lastBody(gemini).get("generationConfig");
        assertThat(geminiConfig.get("responseMimeType").asText()).isEqualTo("application/json");
        assertThat(geminiConfig.get("responseJsonSchema").get("properties").has("city")).isTrue();
    }
}
