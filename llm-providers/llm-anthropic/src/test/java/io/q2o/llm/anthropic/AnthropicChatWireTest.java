package io.q2o.llm.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
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
import static io.q2o.llm.anthropic.AnthropicWire.event;
import static io.q2o.llm.anthropic.AnthropicWire.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Conversations, tools, tool choice, structured output (forced tool use) and images on
 * Anthropic's Messages wire, through the real SDK client against WireMock: the request bodies sent
 * and the tool calls read back (whole, parallel, and streamed as {@code input_json_delta} fragments).
 */
class AnthropicChatWireTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Weather(String city, String unit) {
    }

    private WireMockServer server;
    private LlmProvider provider;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        provider = AnthropicWire.provider("http://127.0.0.1:" + server.port(), Duration.ofSeconds(5));
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

    private void stubSse(String body) {
        server.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(body)));
    }

    private JsonNode sentBody() throws Exception {
        List<LoggedRequest> all = server.findAll(postRequestedFor(anyUrl()));
        assertThat(all).hasSize(1);
        return JSON.readTree(all.get(0).getBodyAsString());
    }

    private static ProviderRequest request(LlmRequest r) {
        return ProviderRequest.of(r, "claude-sonnet-4-5", 0.0, 256, Duration.ofSeconds(5));
    }

    private static String toolUse(String id, String name, String inputJson) {
        return "{\"type\": \"tool_use\", \"id\": " + json(id) + ", \"name\": " + json(name) + ", \"input\": " + inputJson + "}";
    }

    private static String usage() {
        return AnthropicWire.usage(TokenCounts.of(40, 12));
    }

    @Test
    void sendsTheConversationAsAlternatingTurnsWithImagesToolUseAndToolResults() throws Exception {
        stubJson(AnthropicWire.success("Oslo 3, Bergen 7.", TokenCounts.of(50, 8)));
        ToolCall oslo = new ToolCall("call_abc", "weather", "{\"city\":\"Oslo\",\"unit\":\"C\"}",
                List.of(new ProviderExtra("gemini", "thoughtSignature", "c2ln")));
        ToolCall bergen = new ToolCall("call.def", "weather", "{\"city\":\"Bergen\",\"unit\":\"C\"}");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        LlmRequest r = LlmRequest.builder().messages(List.of(
                        ChatMessage.system("You are a weather bot."),
                        ChatMessage.user(new TextPart("Weather where these were taken?"),
                                ImagePart.of(png, "image/png"), ImagePart.url("https://example.com/oslo.jpg")),
                        ChatMessage.assistant("Let me check.", List.of(oslo, bergen)),
                        ChatMessage.toolResult(oslo, "{\"temp\":3}"),
                        ChatMessage.toolError(bergen, "station offline"),
                        ChatMessage.user("Answer briefly.")))
                .tools(List.of(ToolDefinition.fromType("weather", "Current weather for a city", Weather.class))).build();

        ProviderResponse response = provider.complete(request(r));

        JsonNode body = sentBody();
        assertThat(body.get("system").asText()).isEqualTo("You are a weather bot.");
        JsonNode messages = body.get("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).get("role").asText()).isEqualTo("user");
        JsonNode first = messages.get(0).get("content");
        assertThat(first.get(0).get("type").asText()).isEqualTo("text");
        assertThat(first.get(1).get("type").asText()).isEqualTo("image");
        assertThat(first.get(1).get("source").get("type").asText()).isEqualTo("base64");
        assertThat(first.get(1).get("source").get("media_type").asText()).isEqualTo("image/png");
        assertThat(first.get(1).get("source").get("data").asText()).isEqualTo("iVBORw==");
        assertThat(first.get(2).get("source").get("type").asText()).isEqualTo("url");
        assertThat(first.get(2).get("source").get("url").asText()).isEqualTo("https://example.com/oslo.jpg");
        JsonNode assistant = messages.get(1);
        assertThat(assistant.get("role").asText()).isEqualTo("assistant");
        assertThat(assistant.get("content").get(0).get("text").asText()).isEqualTo("Let me check.");
        JsonNode use = assistant.get("content").get(1);
        assertThat(use.get("type").asText()).isEqualTo("tool_use");
        assertThat(use.get("id").asText()).isEqualTo("call_abc");
        assertThat(use.get("name").asText()).isEqualTo("weather");
        assertThat(use.get("input")).isEqualTo(JSON.readTree("{\"city\":\"Oslo\",\"unit\":\"C\"}"));
        assertThat(assistant.get("content").get(2).get("id").asText()).isEqualTo("call_def");
        assertThat(assistant.toString()).doesNotContain("thoughtSignature").doesNotContain("c2ln");
        JsonNode results = messages.get(2);
        assertThat(results.get("role").asText()).isEqualTo("user");
        assertThat(results.get("content")).hasSize(3);
        assertThat(results.get("content").get(0).get("type").asText()).isEqualTo("tool_result");
        assertThat(results.get("content").get(0).get("tool_use_id").asText()).isEqualTo("call_abc");
        assertThat(results.get("content").get(0).get("content").asText()).isEqualTo("{\"temp\":3}");
        assertThat(results.get("content").get(0).path("is_error").asBoolean(false)).isFalse();
        assertThat(results.get("content").get(1).get("tool_use_id").asText()).isEqualTo("call_def");
        assertThat(results.get("content").get(1).get("is_error").asBoolean()).isTrue();
        assertThat(results.get("content").get(2).get("text").asText()).isEqualTo("Answer briefly.");
        assertThat(body.get("tools").get(0).get("input_schema").get("properties").has("city")).isTrue();
        assertThat(response.content()).isEqualTo("Oslo 3, Bergen 7.");
        assertThat(response.toolCalls()).isEmpty();
    }

    @Test
    void sendsToolDefinitionsWithInputSchemaAndANamedToolChoiceWithoutParallelUse() throws Exception {
        stubJson(AnthropicWire.message("claude-sonnet-4-5", toolUse("toolu_1", "weather", "{\"city\":\"Oslo\",\"unit\":\"C\"}"),
                "tool_use", usage()));
        ToolDefinition clock = ToolDefinition.of("clock", "Current time",
                "{\"type\":\"object\",\"properties\":{\"zone\":{\"type\":\"string\"}},\"required\":[\"zone\"]}");
        LlmRequest r = LlmRequest.builder().userPrompt("weather?")
                .tools(List.of(ToolDefinition.fromType("weather", "Current weather", Weather.class), clock))
                .toolChoice(ToolChoice.named("weather")).parallelToolCalls(false).build();

        provider.complete(request(r));

        JsonNode body = sentBody();
        JsonNode tools = body.get("tools");
        assertThat(tools).hasSize(2);
        assertThat(tools.get(0).get("name").asText()).isEqualTo("weather");
        assertThat(tools.get(0).get("description").asText()).isEqualTo("Current weather");
        assertThat(tools.get(0).get("input_schema").get("type").asText()).isEqualTo("object");
        assertThat(tools.get(0).get("input_schema").get("required")).hasSize(2);
        assertThat(tools.get(1).get("input_schema").get("properties").get("zone").get("type").asText()).isEqualTo("string");
        assertThat(tools.get(1).get("input_schema").get("required").get(0).asText()).isEqualTo("zone");
        assertThat(body.get("tool_choice").get("type").asText()).isEqualTo("tool");
        assertThat(body.get("tool_choice").get("name").asText()).isEqualTo("weather");
        assertThat(body.get("tool_choice").get("disable_parallel_tool_use").asBoolean()).isTrue();
        assertThat(body.has("system")).isFalse();
    }

    @Test
    void toolChoiceModesMapToAutoNoneAndAny() throws Exception {
        List<String> expected = List.of("auto", "none", "any");
        List<ToolChoice> choices = List.of(ToolChoice.AUTO, ToolChoice.NONE, ToolChoice.REQUIRED);
        for (int i = 0; i < choices.size(); i++) {
            server.resetAll();
            stubJson(AnthropicWire.success("ok", TokenCounts.of(1, 1)));
            provider.complete(request(LlmRequest.builder().userPrompt("q").toolChoice(choices.get(i))
                    .tools(List.of(ToolDefinition.of("t", "", "{\"type\":\"object\"}"))).build()));
            JsonNode choice = sentBody().get("tool_choice");
            assertThat(choice.get("type").asText()).isEqualTo(expected.get(i));
            assertThat(choice.has("name")).isFalse();
        }
    }

    @Test
    void noToolsMeansNoToolFieldsAtAll() throws Exception {
        stubJson(AnthropicWire.success("ok", TokenCounts.of(1, 1)));
        provider.complete(request(LlmRequest.builder().userPrompt("q").parallelToolCalls(false).build()));
        JsonNode body = sentBody();
        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("tool_choice")).isFalse();
        assertThat(body.get("messages")).hasSize(1);
    }

    @Test
    void readsParallelToolUseBlocksAsToolCallsInOrder() {
        stubJson(AnthropicWire.message("claude-sonnet-4-5", AnthropicWire.textBlock("Checking both.") + ", "
                        + toolUse("toolu_1", "weather", "{\"city\":\"Oslo\",\"unit\":\"C\"}") + ", "
                        + toolUse("toolu_2", "weather", "{\"city\":\"Bergen\",\"unit\":\"C\"}"),
                "tool_use", usage()));

        ProviderResponse response = provider.complete(request(LlmRequest.builder().userPrompt("Oslo and Bergen?")
                .tools(List.of(ToolDefinition.fromType("weather", "w", Weather.class))).build()));

        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.content()).isEqualTo("Checking both.");
        assertThat(response.toolCalls()).containsExactly(
                new ToolCall("toolu_1", "weather", "{\"city\":\"Oslo\",\"unit\":\"C\"}"),
                new ToolCall("toolu_2", "weather", "{\"city\":\"Bergen\",\"unit\":\"C\"}"));
        assertThat(response.tokens().inputTokens()).isEqualTo(40);
    }

    @Test
    void aResponseSchemaIsForcedToolUseAndItsInputIsTheAnswerText() throws Exception {
        stubJson(AnthropicWire.message("claude-sonnet-4-5",
                toolUse("toolu_9", "Weather", "{\"city\":\"Oslo\",\"unit\":\"C\"}"), "tool_use", usage()));
        LlmRequest r = LlmRequest.builder().systemPrompt("Extract.").userPrompt("Oslo in celsius")
                .responseSchema(ResponseSchema.fromType(Weather.class)).build();

        ProviderResponse response = provider.completeAsync(request(r), Runnable::run).get(5, TimeUnit.SECONDS);

        JsonNode body = sentBody();
        assertThat(body.get("system").asText()).isEqualTo("Extract.");
        assertThat(body.get("tools")).hasSize(1);
        assertThat(body.get("tools").get(0).get("name").asText()).isEqualTo("Weather");
        assertThat(body.get("tools").get(0).get("input_schema").get("required")).hasSize(2);
        assertThat(body.get("tool_choice").get("type").asText()).isEqualTo("tool");
        assertThat(body.get("tool_choice").get("name").asText()).isEqualTo("Weather");
        assertThat(response.toolCalls()).isEmpty();
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(JSON.readTree(response.content())).isEqualTo(JSON.readTree("{\"city\":\"Oslo\",\"unit\":\"C\"}"));
    }

    @Test
    void aSchemaNamedLikeAToolIsRejectedNamingBoth() {
        LlmRequest r = LlmRequest.builder().userPrompt("q").responseSchema(ResponseSchema.fromType(Weather.class))
                .tools(List.of(ToolDefinition.of("Weather", "", "{\"type\":\"object\"}"))).build();
        Throwable t = catchThrowable(() -> provider.complete(request(r)));
        assertThat(t).hasMessageContaining("'Weather'").hasMessageContaining("schema");
        assertThat(server.findAll(postRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void plainJsonModeStillAddsTheInstructionButSendsNoTools() throws Exception {
        stubJson(AnthropicWire.success("{}", TokenCounts.of(1, 1)));
        provider.complete(request(LlmRequest.builder().systemPrompt("Be terse.").userPrompt("q")
                .responseFormat(io.q2o.llm.ResponseFormat.JSON).build()));
        JsonNode body = sentBody();
        assertThat(body.get("system").asText()).isEqualTo("Be terse.\n\n" + AnthropicProvider.JSON_INSTRUCTION);
        assertThat(body.has("tools")).isFalse();
    }

    @Test
    void thinkingBlocksComeBackAsExtrasAndAreSentBackFirstAndUnchangedAfterToolUse() throws Exception {
        stubJson(AnthropicWire.message("claude-sonnet-4-5",
                "{\"type\": \"thinking\", \"thinking\": \"Need the clock.\", \"signature\": \"SIG-1\"}, "
                        + "{\"type\": \"redacted_thinking\", \"data\": \"REDACTED-1\"}, "
                        + toolUse("toolu_5", "clock", "{}"), "tool_use", usage()));
        List<ToolDefinition> tools = List.of(ToolDefinition.of("clock", "", "{\"type\":\"object\"}"));
        ProviderResponse turn = provider.complete(request(LlmRequest.builder().userPrompt("time?").tools(tools).build()));
        assertThat(turn.extras()).extracting(ProviderExtra::provider).containsOnly("anthropic");
        assertThat(turn.extras()).extracting(ProviderExtra::name).containsExactly("thinking", "redacted_thinking");
        server.resetAll();
        stubJson(AnthropicWire.success("Noon.", TokenCounts.of(5, 1)));

        provider.complete(request(LlmRequest.builder().messages(List.of(ChatMessage.user("time?"),
                new io.q2o.llm.AssistantMessage(turn.content(), turn.toolCalls(), turn.extras()),
                ChatMessage.toolResult(turn.toolCalls().get(0), "12:00"))).tools(tools).build()));

        JsonNode assistant = sentBody().get("messages").get(1).get("content");
        assertThat(assistant).hasSize(3);
        assertThat(assistant.get(0).get("type").asText()).isEqualTo("thinking");
        assertThat(assistant.get(0).get("thinking").asText()).isEqualTo("Need the clock.");
        assertThat(assistant.get(0).get("signature").asText()).isEqualTo("SIG-1");
        assertThat(assistant.get(1).get("type").asText()).isEqualTo("redacted_thinking");
        assertThat(assistant.get(1).get("data").asText()).isEqualTo("REDACTED-1");
        assertThat(assistant.get(2).get("type").asText()).isEqualTo("tool_use");
        assertThat(assistant.get(2).get("id").asText()).isEqualTo("toolu_5");
    }

    private static String toolBlockStart(int index, String id, String name) {
        return event("content_block_start", "{\"type\": \"content_block_start\", \"index\": " + index
                + ", \"content_block\": {\"type\": \"tool_use\", \"id\": " + json(id) + ", \"name\": " + json(name)
                + ", \"input\": {}}}");
    }

    private static String inputDelta(int index, String partial) {
        return event("content_block_delta", "{\"type\": \"content_block_delta\", \"index\": " + index
                + ", \"delta\": {\"type\": \"input_json_delta\", \"partial_json\": " + json(partial) + "}}");
    }

    private static String streamStart() {
        return AnthropicWire.messageStart("{\"input_tokens\": 30, \"output_tokens\": 1}");
    }

    @Test
    void assemblesStreamedInputJsonFragmentsPerBlockAndForwardsThemAsToolCallDeltas() {
        String sse = streamStart()
                + AnthropicWire.blockStart(0) + AnthropicWire.textDelta(0, "Checking.") + AnthropicWire.blockStop(0)
                + toolBlockStart(1, "toolu_1", "weather") + AnthropicWire.ping() + inputDelta(1, "")
                + inputDelta(1, "{\"city\": ") + inputDelta(1, "\"Oslo\"}") + AnthropicWire.blockStop(1)
                + toolBlockStart(2, "toolu_2", "clock") + inputDelta(2, "{}") + AnthropicWire.blockStop(2)
                + AnthropicWire.messageDelta("tool_use", "{\"output_tokens\": 20}") + AnthropicWire.messageStop();
        stubSse(sse);
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
        assertThat(deltas).containsExactly(
                new ToolCallDelta(0, "toolu_1", "weather", ""),
                new ToolCallDelta(0, null, null, "{\"city\": "),
                new ToolCallDelta(0, null, null, "\"Oslo\"}"),
                new ToolCallDelta(1, "toolu_2", "clock", ""),
                new ToolCallDelta(1, null, null, "{}"));
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.content()).isEqualTo("Checking.");
        assertThat(response.toolCalls()).containsExactly(
                new ToolCall("toolu_1", "weather", "{\"city\": \"Oslo\"}"),
                new ToolCall("toolu_2", "clock", "{}"));
        assertThat(response.tokens().outputTokens()).isEqualTo(20);
    }

    @Test
    void streamsAStructuredAnswerAsTextFromTheSchemaToolsInput() throws Exception {
        String sse = streamStart() + toolBlockStart(0, "toolu_1", "Weather")
                + inputDelta(0, "{\"city\":\"Oslo\",") + inputDelta(0, "\"unit\":\"C\"}") + AnthropicWire.blockStop(0)
                + AnthropicWire.messageDelta("tool_use", "{\"output_tokens\": 9}") + AnthropicWire.messageStop();
        stubSse(sse);
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

        ProviderResponse response = provider.stream(request(LlmRequest.builder().userPrompt("Oslo in celsius")
                .responseSchema(ResponseSchema.fromType(Weather.class)).build()), sink);

        assertThat(text).containsExactly("{\"city\":\"Oslo\",", "\"unit\":\"C\"}");
        assertThat(deltas).isEmpty();
        assertThat(response.content()).isEqualTo("{\"city\":\"Oslo\",\"unit\":\"C\"}");
        assertThat(response.toolCalls()).isEmpty();
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(sentBody().get("stream").asBoolean()).isTrue();
    }
}
