package io.q2o.llm.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.q2o.llm.AssistantMessage;
import io.q2o.llm.ChatMessage;
import io.q2o.llm.FinishReason;
import io.q2o.llm.ImagePart;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.ProviderExtra;
import io.q2o.llm.ResponseSchema;
import io.q2o.llm.TextPart;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.ToolCall;
import io.q2o.llm.ToolCallDelta;
import io.q2o.llm.ToolChoice;
import io.q2o.llm.ToolDefinition;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.spi.StreamSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.q2o.llm.gemini.GeminiWire.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conversations, tools, tool config, response schema and images on Gemini's wire, through the real
 * google-genai client against WireMock: the request bodies sent and the function calls read back
 * (whole, parallel, with thought signatures, and streamed).
 */
class GeminiChatWireTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "gemini-2.5-flash";

    record Weather(String city, String unit) {
    }

    private WireMockServer server;
    private LlmProvider provider;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        provider = GeminiWire.provider("http://127.0.0.1:" + server.port(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        provider.close();
        server.stop();
    }

    private void stubJson(String body) {
        server.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private JsonNode sentBody() throws Exception {
        List<LoggedRequest> all = server.findAll(postRequestedFor(anyUrl()));
        assertThat(all).hasSize(1);
        return JSON.readTree(all.get(0).getBodyAsString());
    }

    private static ProviderRequest request(LlmRequest r) {
        return ProviderRequest.of(r, MODEL, 0.0, 256, Duration.ofSeconds(5));
    }

    private static String functionCall(String name, String argsJson, String signature) {
        return "{\"functionCall\": {\"name\": " + quote(name) + ", \"args\": " + argsJson + "}"
                + (signature == null ? "" : ", \"thoughtSignature\": " + quote(signature)) + "}";
    }

    private static String answer(String partsJson, String finishReason, String responseId) {
        return "{\"candidates\": [{\"content\": {\"parts\": [" + partsJson + "], \"role\": \"model\"}"
                + (finishReason == null ? "" : ", \"finishReason\": " + quote(finishReason)) + ", \"index\": 0}],"
                + " \"usageMetadata\": " + GeminiWire.usage(TokenCounts.of(40, 12))
                + ", \"modelVersion\": \"gemini-2.5-flash-001\", \"responseId\": " + quote(responseId) + "}";
    }

    @Test
    void sendsTheConversationAsUserAndModelContentsWithImagesFunctionCallsAndResponses() throws Exception {
        stubJson(GeminiWire.success("Oslo 3, Bergen 7.", "STOP", TokenCounts.of(50, 8)));
        ToolCall oslo = new ToolCall("call_abc", "weather", "{\"city\":\"Oslo\",\"unit\":\"C\"}",
                List.of(new ProviderExtra("gemini", "thoughtSignature", "c2ln")));
        ToolCall bergen = new ToolCall("toolu_def", "weather", "{\"city\":\"Bergen\",\"unit\":\"C\"}",
                List.of(new ProviderExtra("anthropic", "thoughtSignature", "b3RoZXI=")));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        LlmRequest r = LlmRequest.builder().messages(List.of(
                        ChatMessage.system("You are a weather bot."),
                        ChatMessage.user(new TextPart("Weather where these were taken?"),
                                ImagePart.of(png, "image/png"), ImagePart.url("https://example.com/oslo.JPG?size=2")),
                        ChatMessage.assistant("Let me check.", List.of(oslo, bergen)),
                        ChatMessage.toolResult(oslo, "{\"temp\":3}"),
                        ChatMessage.toolError(bergen, "station offline"),
                        ChatMessage.user("Answer briefly.")))
                .tools(List.of(ToolDefinition.fromType("weather", "Current weather for a city", Weather.class))).build();

        ProviderResponse response = provider.complete(request(r));

        JsonNode body = sentBody();
        assertThat(body.get("systemInstruction").get("parts").get(0).get("text").asText()).isEqualTo("You are a weather bot.");
        JsonNode contents = body.get("contents");
        assertThat(contents).hasSize(3);
        assertThat(contents.get(0).get("role").asText()).isEqualTo("user");
        JsonNode first = contents.get(0).get("parts");
        assertThat(first.get(0).get("text").asText()).isEqualTo("Weather where these were taken?");
        assertThat(first.get(1).get("inlineData").get("mimeType").asText()).isEqualTo("image/png");
        assertThat(first.get(1).get("inlineData").get("data").asText()).isEqualTo("iVBORw==");
        assertThat(first.get(2).get("fileData").get("fileUri").asText()).isEqualTo("https://example.com/oslo.JPG?size=2");
        assertThat(first.get(2).get("fileData").get("mimeType").asText()).isEqualTo("image/jpeg");
        JsonNode model = contents.get(1);
        assertThat(model.get("role").asText()).isEqualTo("model");
        assertThat(model.get("parts").get(0).get("text").asText()).isEqualTo("Let me check.");
        JsonNode call = model.get("parts").get(1);
        assertThat(call.get("functionCall").get("name").asText()).isEqualTo("weather");
        assertThat(call.get("functionCall").get("args")).isEqualTo(JSON.readTree("{\"city\":\"Oslo\",\"unit\":\"C\"}"));
        assertThat(call.get("thoughtSignature").asText()).isEqualTo("c2ln");
        assertThat(model.get("parts").get(2).get("functionCall").get("args").get("city").asText()).isEqualTo("Bergen");
        assertThat(model.get("parts").get(2).has("thoughtSignature")).as("another provider's extra").isFalse();
        JsonNode results = contents.get(2);
        assertThat(results.get("role").asText()).isEqualTo("user");
        assertThat(results.get("parts")).hasSize(3);
        JsonNode ok = results.get("parts").get(0).get("functionResponse");
        assertThat(ok.get("name").asText()).isEqualTo("weather");
        assertThat(ok.get("response")).isEqualTo(JSON.readTree("{\"temp\":3}"));
        JsonNode failed = results.get("parts").get(1).get("functionResponse");
        assertThat(failed.get("response")).isEqualTo(JSON.readTree("{\"error\":\"station offline\"}"));
        assertThat(results.get("parts").get(2).get("text").asText()).isEqualTo("Answer briefly.");
        assertThat(body.toString()).doesNotContain("call_abc").doesNotContain("toolu_def");
        assertThat(response.content()).isEqualTo("Oslo 3, Bergen 7.");
        assertThat(response.toolCalls()).isEmpty();
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void sendsFunctionDeclarationsAndANamedToolAsAnyWithAllowedFunctionNames() throws Exception {
        stubJson(answer(functionCall("weather", "{\"city\":\"Oslo\",\"unit\":\"C\"}", null), "STOP", "r-1"));
        ToolDefinition clock = ToolDefinition.of("clock", "Current time",
                "{\"type\":\"object\",\"properties\":{\"zone\":{\"type\":\"string\"}},\"required\":[\"zone\"]}");
        LlmRequest r = LlmRequest.builder().userPrompt("weather?")
                .tools(List.of(ToolDefinition.fromType("weather", "Current weather", Weather.class), clock))
                .toolChoice(ToolChoice.named("weather")).parallelToolCalls(false).build();

        provider.complete(request(r));

        JsonNode body = sentBody();
        JsonNode declarations = body.get("tools").get(0).get("functionDeclarations");
        assertThat(declarations).hasSize(2);
        assertThat(declarations.get(0).get("name").asText()).isEqualTo("weather");
        assertThat(declarations.get(0).get("description").asText()).isEqualTo("Current weather");
        assertThat(declarations.get(0).get("parametersJsonSchema").get("required")).hasSize(2);
        assertThat(declarations.get(1).get("parametersJsonSchema").get("properties").get("zone").get("type").asText())
                .isEqualTo("string");
        JsonNode config = body.get("toolConfig").get("functionCallingConfig");
        assertThat(config.get("mode").asText()).isEqualTo("ANY");
        assertThat(config.get("allowedFunctionNames")).hasSize(1);
        assertThat(config.get("allowedFunctionNames").get(0).asText()).isEqualTo("weather");
        assertThat(body.get("contents")).hasSize(1);
        assertThat(body.has("systemInstruction")).isFalse();
    }

    @Test
    void toolChoiceModesMapToAutoNoneAndAny() throws Exception {
        List<String> expected = List.of("AUTO", "NONE", "ANY");
        List<ToolChoice> choices = List.of(ToolChoice.AUTO, ToolChoice.NONE, ToolChoice.REQUIRED);
        for (int i = 0; i < choices.size(); i++) {
            server.resetAll();
            stubJson(GeminiWire.success("ok", "STOP", TokenCounts.of(1, 1)));
            provider.complete(request(LlmRequest.builder().userPrompt("q").toolChoice(choices.get(i))
                    .tools(List.of(ToolDefinition.of("t", "", "{\"type\":\"object\"}"))).build()));
            JsonNode config = sentBody().get("toolConfig").get("functionCallingConfig");
            assertThat(config.get("mode").asText()).isEqualTo(expected.get(i));
            assertThat(config.has("allowedFunctionNames")).isFalse();
        }
    }

    @Test
    void noToolsMeansNoToolFields() throws Exception {
        stubJson(GeminiWire.success("ok", "STOP", TokenCounts.of(1, 1)));
        provider.complete(request(LlmRequest.builder().userPrompt("q").parallelToolCalls(true).build()));
        JsonNode body = sentBody();
        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("toolConfig")).isFalse();
    }

    @Test
    void aResponseSchemaIsSentAsJsonMimeTypeAndResponseJsonSchema() throws Exception {
        stubJson(GeminiWire.success("{\"city\":\"Oslo\",\"unit\":\"C\"}", "STOP", TokenCounts.of(10, 5)));
        LlmRequest r = LlmRequest.builder().systemPrompt("Extract.").userPrompt("Oslo in celsius")
                .responseSchema(ResponseSchema.fromType(Weather.class)).build();

        ProviderResponse response = provider.completeAsync(request(r), Runnable::run).get(5, TimeUnit.SECONDS);

        JsonNode generation = sentBody().get("generationConfig");
        assertThat(generation.get("responseMimeType").asText()).isEqualTo("application/json");
        assertThat(generation.get("responseJsonSchema").get("type").asText()).isEqualTo("object");
        assertThat(generation.get("responseJsonSchema").get("required")).hasSize(2);
        assertThat(generation.get("responseJsonSchema").get("properties").has("unit")).isTrue();
        assertThat(response.content()).isEqualTo("{\"city\":\"Oslo\",\"unit\":\"C\"}");
    }

    @Test
    void readsParallelFunctionCallsWithStableDistinctIdsAndTheirThoughtSignature() {
        String body = answer(functionCall("weather", "{\"city\":\"Oslo\",\"unit\":\"C\"}", "c2ln") + ", "
                + functionCall("weather", "{\"city\":\"Bergen\",\"unit\":\"C\"}", null), "STOP", "resp-77");
        stubJson(body);
        ProviderRequest request = request(LlmRequest.builder().userPrompt("Oslo and Bergen?")
                .tools(List.of(ToolDefinition.fromType("weather", "w", Weather.class))).build());

        ProviderResponse first = provider.complete(request);
        ProviderResponse again = provider.complete(request);

        assertThat(first.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(first.toolCalls()).hasSize(2);
        assertThat(first.toolCalls()).extracting(ToolCall::name).containsExactly("weather", "weather");
        assertThat(first.toolCalls().get(0).arguments()).isEqualTo("{\"city\":\"Oslo\",\"unit\":\"C\"}");
        assertThat(first.toolCalls().get(1).arguments()).isEqualTo("{\"city\":\"Bergen\",\"unit\":\"C\"}");
        assertThat(first.toolCalls().get(0).id()).isNotEqualTo(first.toolCalls().get(1).id()).matches("call_[0-9a-f]{16}");
        assertThat(again.toolCalls()).extracting(ToolCall::id)
                .containsExactlyElementsOf(first.toolCalls().stream().map(ToolCall::id).toList());
        assertThat(first.toolCalls().get(0).extras()).containsExactly(new ProviderExtra("gemini", "thoughtSignature", "c2ln"));
        assertThat(first.toolCalls().get(1).extras()).isEmpty();
    }

    @Test
    void aFunctionCallsThoughtSignatureGoesBackByteIdenticalInTheNextTurn() throws Exception {
        stubJson(answer(functionCall("clock", "{}", "AAECAwQ=") , "STOP", "resp-1"));
        ProviderResponse turn = provider.complete(request(LlmRequest.builder().userPrompt("time?")
                .tools(List.of(ToolDefinition.of("clock", "", "{\"type\":\"object\"}"))).build()));
        ToolCall call = turn.toolCalls().get(0);
        server.resetAll();
        stubJson(GeminiWire.success("Noon.", "STOP", TokenCounts.of(5, 1)));

        provider.complete(request(LlmRequest.builder().messages(List.of(ChatMessage.user("time?"),
                        new AssistantMessage(turn.content(), turn.toolCalls(), turn.extras()),
                        ChatMessage.toolResult(call, "12:00")))
                .tools(List.of(ToolDefinition.of("clock", "", "{\"type\":\"object\"}"))).build()));

        JsonNode contents = sentBody().get("contents");
        assertThat(contents.get(1).get("parts").get(0).get("thoughtSignature").asText()).isEqualTo("AAECAwQ=");
        assertThat(contents.get(2).get("parts").get(0).get("functionResponse").get("response"))
                .isEqualTo(JSON.readTree("{\"output\":\"12:00\"}"));
    }

    @Test
    void streamedFunctionCallsArriveWholeAndAreForwardedAsDeltas() {
        String sse = "data: " + answer("{\"text\": \"Checking.\"}", null, "r1") + "\r\n\r\n"
                + "data: " + answer(functionCall("weather", "{\"city\":\"Oslo\"}", "c2ln"), null, "r1") + "\r\n\r\n"
                + "data: " + answer(functionCall("clock", "{}", null), "STOP", "r1") + "\r\n\r\n";
        server.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(sse)));
        List<String> text = new ArrayList<>();
        List<ToolCallDelta> deltas = new ArrayList<>();
        StreamSink sink = new StreamSink() {
            @Override
            public void onText(String t) {
                text.add(t);
            }

            @Override
            public void onToolCallDelta(ToolCallDelta delta) {
                deltas.add(delta);
            }
        };

        ProviderResponse response = provider.stream(request(LlmRequest.builder().userPrompt("weather and time?")
                .tools(List.of(ToolDefinition.fromType("weather", "w", Weather.class),
                        ToolDefinition.of("clock", "", "{\"type\":\"object\"}"))).build()), sink);

        assertThat(text).containsExactly("Checking.");
        assertThat(response.content()).isEqualTo("Checking.");
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.toolCalls()).extracting(ToolCall::name).containsExactly("weather", "clock");
        assertThat(response.toolCalls()).extracting(ToolCall::arguments).containsExactly("{\"city\":\"Oslo\"}", "{}");
        assertThat(response.toolCalls().get(0).extras()).extracting(ProviderExtra::value).containsExactly("c2ln");
        assertThat(deltas).containsExactly(
                new ToolCallDelta(0, response.toolCalls().get(0).id(), "weather", "{\"city\":\"Oslo\"}"),
                new ToolCallDelta(1, response.toolCalls().get(1).id(), "clock", "{}"));
    }
}
