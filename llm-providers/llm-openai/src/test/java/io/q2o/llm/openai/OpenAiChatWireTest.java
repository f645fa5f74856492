package io.q2o.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.q2o.llm.ChatMessage;
import io.q2o.llm.FinishReason;
import io.q2o.llm.ImagePart;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.ProviderExtra;
import io.q2o.llm.ResponseSchema;
import io.q2o.llm.Secret;
import io.q2o.llm.TextPart;
import io.q2o.llm.ToolCall;
import io.q2o.llm.ToolCallDelta;
import io.q2o.llm.ToolChoice;
import io.q2o.llm.ToolDefinition;
import io.q2o.llm.spi.ProviderConfig;
import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.spi.StreamSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conversations, tools, tool choice, structured output and images on OpenAI's wire, through the
 * real SDK client against WireMock: the request bodies sent and the tool calls read back (whole,
 * parallel, and streamed as argument fragments).
 */
class OpenAiChatWireTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Weather(String city, String unit) {
    }

    private WireMockServer server;
    private OpenAiProvider provider;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        provider = new OpenAiProvider(new ProviderConfig("openai", Optional.of(Secret.of("sk-test-chat")),
                List.of("gpt-4o-mini"), OptionalDouble.empty(), Optional.of("http://127.0.0.1:" + server.port() + "/v1"),
                Duration.ofSeconds(5), name -> Optional.empty()));
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
        return ProviderRequest.of(r, "gpt-4o-mini", 0.0, 256, Duration.ofSeconds(5));
    }

    /** A completion whose message carries the given tool calls (id, name, arguments). */
    private static String toolCallAnswer(String finishReason, String[]... calls) {
        ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-9").put("object", "chat.completion")
                .put("created", 1700000000L).put("model", "gpt-4o-mini-2024-07-18");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        message.putNull("content");
        message.putNull("refusal");
        ArrayNode tc = message.putArray("tool_calls");
        for (String[] c : calls) {
            ObjectNode call = tc.addObject().put("id", c[0]).put("type", "function");
            call.putObject("function").put("name", c[1]).put("arguments", c[2]);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        root.putObject("usage").put("prompt_tokens", 40).put("completion_tokens", 12).put("total_tokens", 52);
        return root.toString();
    }

    @Test
    void sendsTheWholeConversationWithToolCallsToolResultsAndImages() throws Exception {
        stubJson(OpenAiWire.success("It is 3 degrees in Oslo.", io.q2o.llm.TokenCounts.of(50, 8)));
        ToolCall call = new ToolCall("call_abc", "weather", "{\"city\":\"Oslo\",\"unit\":\"C\"}",
                List.of(new ProviderExtra("gemini", "thoughtSignature", "c2ln")));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        LlmRequest r = LlmRequest.builder().systemPrompt("You are a weather bot.").messages(List.of(
                        ChatMessage.user(new TextPart("What is the weather where this photo was taken?"),
                                ImagePart.of(png, "image/png"), ImagePart.url("https://example.com/oslo.jpg")),
                        ChatMessage.assistant("Let me check.", List.of(call)),
                        ChatMessage.toolResult(call, "{\"temp\":3}"),
                        ChatMessage.assistant("It is 3 degrees."),
                        ChatMessage.user("Thanks. And tomorrow?")))
                .tools(List.of(ToolDefinition.fromType("weather", "Current weather for a city", Weather.class))).build();

        ProviderResponse response = provider.complete(request(r));

        JsonNode messages = sentBody().get("messages");
        assertThat(messages).hasSize(6);
        assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).get("content").asText()).isEqualTo("You are a weather bot.");
        JsonNode user = messages.get(1);
        assertThat(user.get("role").asText()).isEqualTo("user");
        assertThat(user.get("content").get(0).get("type").asText()).isEqualTo("text");
        assertThat(user.get("content").get(1).get("type").asText()).isEqualTo("image_url");
        assertThat(user.get("content").get(1).get("image_url").get("url").asText())
                .isEqualTo("data:image/png;base64,iVBORw==");
        assertThat(user.get("content").get(2).get("image_url").get("url").asText()).isEqualTo("https://example.com/oslo.jpg");
        JsonNode assistant = messages.get(2);
        assertThat(assistant.get("role").asText()).isEqualTo("assistant");
        assertThat(assistant.get("content").asText()).isEqualTo("Let me check.");
        JsonNode sentCall = assistant.get("tool_calls").get(0);
        assertThat(sentCall.get("id").asText()).isEqualTo("call_abc");
        assertThat(sentCall.get("type").asText()).isEqualTo("function");
        assertThat(sentCall.get("function").get("name").asText()).isEqualTo("weather");
        assertThat(sentCall.get("function").get("arguments").asText()).isEqualTo("{\"city\":\"Oslo\",\"unit\":\"C\"}");
        assertThat(sentCall.toString()).doesNotContain("thoughtSignature").doesNotContain("c2ln");
        assertThat(messages.get(3).get("role").asText()).isEqualTo("tool");
        assertThat(messages.get(3).get("tool_call_id").asText()).isEqualTo("call_abc");
        assertThat(messages.get(3).get("content").asText()).isEqualTo("{\"temp\":3}");
        assertThat(messages.get(4).get("content").asText()).isEqualTo("It is 3 degrees.");
        assertThat(messages.get(5).get("content").asText()).isEqualTo("Thanks. And tomorrow?");
        assertThat(response.toolCalls()).isEmpty();
        assertThat(response.content()).isEqualTo("It is 3 degrees in Oslo.");
    }

    @Test
    void sendsToolDefinitionsStrictSchemaToolChoiceAndParallelFlag() throws Exception {
        stubJson(toolCallAnswer("tool_calls", new String[] {"call_1", "weather", "{\"city\":\"Oslo\",\"unit\":\"C\"}"}));
        ToolDefinition handWritten = ToolDefinition.of("clock", "Current time",
                "{\"type\":\"object\",\"properties\":{\"zone\":{\"type\":\"string\"}}}");
        LlmRequest r = LlmRequest.builder().userPrompt("weather?")
                .tools(List.of(ToolDefinition.fromType("weather", "Current weather", Weather.class), handWritten))
                .toolChoice(ToolChoice.named("weather")).parallelToolCalls(false).build();

        provider.complete(request(r));

        JsonNode body = sentBody();
        JsonNode tools = body.get("tools");
        assertThat(tools).hasSize(2);
        JsonNode weather = tools.get(0);
        assertThat(weather.get("type").asText()).isEqualTo("function");
        assertThat(weather.get("function").get("name").asText()).isEqualTo("weather");
        assertThat(weather.get("function").get("description").asText()).isEqualTo("Current weather");
        assertThat(weather.get("function").get("strict").asBoolean()).isTrue();
        JsonNode params = weather.get("function").get("parameters");
        assertThat(params.get("type").asText()).isEqualTo("object");
        assertThat(params.get("additionalProperties").asBoolean()).isFalse();
        assertThat(params.get("properties").has("city")).isTrue();
        assertThat(params.get("required")).hasSize(2);
        assertThat(tools.get(1).get("function").has("strict")).isFalse();
        assertThat(tools.get(1).get("function").get("parameters").get("properties").get("zone").get("type").asText())
                .isEqualTo("string");
        assertThat(body.get("tool_choice").get("type").asText()).isEqualTo("function");
        assertThat(body.get("tool_choice").get("function").get("name").asText()).isEqualTo("weather");
        assertThat(body.get("parallel_tool_calls").asBoolean()).isFalse();
        assertThat(body.has("response_format")).isFalse();
    }

    @Test
    void toolChoiceModesAreSentAsStrings() throws Exception {
        for (ToolChoice choice : List.of(ToolChoice.AUTO, ToolChoice.NONE, ToolChoice.REQUIRED)) {
            server.resetAll();
            stubJson(OpenAiWire.success("ok", io.q2o.llm.TokenCounts.of(1, 1)));
            provider.complete(request(LlmRequest.builder().userPrompt("q").toolChoice(choice)
                    .tools(List.of(ToolDefinition.of("t", "", "{\"type\":\"object\"}"))).build()));
            assertThat(sentBody().get("tool_choice").asText()).isEqualTo(choice.mode().name().toLowerCase());
        }
    }

    @Test
    void parallelFlagIsNotSentWithoutTools() throws Exception {
        stubJson(OpenAiWire.success("ok", io.q2o.llm.TokenCounts.of(1, 1)));
        provider.complete(request(LlmRequest.builder().userPrompt("q").parallelToolCalls(true).build()));
        JsonNode body = sentBody();
        assertThat(body.has("parallel_tool_calls")).isFalse();
        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("tool_choice")).isFalse();
    }

    @Test
    void responseSchemaIsSentAsStrictJsonSchemaFormatWithoutTheJsonModeSentence() throws Exception {
        stubJson(OpenAiWire.success("{\"city\":\"Oslo\",\"unit\":\"C\"}", io.q2o.llm.TokenCounts.of(10, 5)));
        LlmRequest r = LlmRequest.builder().systemPrompt("Extract.").userPrompt("Oslo in celsius")
                .responseSchema(ResponseSchema.fromType(Weather.class)).build();

        provider.complete(request(r));

        JsonNode body = sentBody();
        JsonNode format = body.get("response_format");
        assertThat(format.get("type").asText()).isEqualTo("json_schema");
        assertThat(format.get("json_schema").get("name").asText()).isEqualTo("Weather");
        assertThat(format.get("json_schema").get("strict").asBoolean()).isTrue();
        assertThat(format.get("json_schema").get("schema").get("required")).hasSize(2);
        assertThat(body.get("messages").get(0).get("content").asText()).isEqualTo("Extract.");
    }

    @Test
    void readsParallelToolCallsWithToolCallsFinishReason() {
        stubJson(toolCallAnswer("tool_calls",
                new String[] {"call_1", "weather", "{\"city\":\"Oslo\",\"unit\":\"C\"}"},
                new String[] {"call_2", "weather", "{\"city\":\"Bergen\",\"unit\":\"C\"}"}));

        ProviderResponse response = provider.complete(request(LlmRequest.builder().userPrompt("Oslo and Bergen?")
                .tools(List.of(ToolDefinition.fromType("weather", "w", Weather.class))).build()));

        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.content()).isEmpty();
        assertThat(response.toolCalls()).containsExactly(
                new ToolCall("call_1", "weather", "{\"city\":\"Oslo\",\"unit\":\"C\"}"),
                new ToolCall("call_2", "weather", "{\"city\":\"Bergen\",\"unit\":\"C\"}"));
        assertThat(response.tokens().inputTokens()).isEqualTo(40);
    }

    @Test
    void toolCallsFromAServerReportingStopStillFinishWithToolCalls() throws Exception {
        stubJson(toolCallAnswer("stop", new String[] {"call_9", "clock", "{}"}));
        ProviderResponse response = provider.completeAsync(request(LlmRequest.builder().userPrompt("time?")
                        .tools(List.of(ToolDefinition.of("clock", "", "{\"type\":\"object\"}"))).build()), Runnable::run)
                .get(5, TimeUnit.SECONDS);
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.toolCalls()).extracting(ToolCall::name).containsExactly("clock");
    }

    @Test
    void assemblesStreamedToolCallArgumentFragmentsAndForwardsThem() {
        StringBuilder sse = new StringBuilder();
        sse.append(chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}]}", null));
        sse.append(chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}", null));
        sse.append(chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}]}", null));
        sse.append(chunk("{\"tool_calls\":[{\"index\":1,\"id\":\"call_2\",\"type\":\"function\","
                + "\"function\":{\"name\":\"clock\",\"arguments\":\"{}\"}}]}", null));
        sse.append(chunk("{}", "tool_calls"));
        sse.append("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":9,\"total_tokens\":29}}\n\n");
        sse.append("data: [DONE]\n\n");
        server.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(sse.toString())));
        List<ToolCallDelta> deltas = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        StreamSink sink = new StreamSink() {
            @Override
            public void onText(String t) {
                text.append(t);
            }

            @Override
            public void onToolCallDelta(ToolCallDelta delta) {
                deltas.add(delta);
            }
        };

        ProviderResponse response = provider.stream(request(LlmRequest.builder().userPrompt("q")
                .tools(List.of(ToolDefinition.fromType("weather", "w", Weather.class),
                        ToolDefinition.of("clock", "", "{\"type\":\"object\"}"))).build()), sink);

        assertThat(text).isEmpty();
        assertThat(deltas).hasSize(4);
        assertThat(deltas.get(0)).isEqualTo(new ToolCallDelta(0, "call_1", "weather", ""));
        assertThat(deltas.get(1)).isEqualTo(new ToolCallDelta(0, null, null, "{\"city\":"));
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.toolCalls()).containsExactly(new ToolCall("call_1", "weather", "{\"city\":\"Oslo\"}"),
                new ToolCall("call_2", "clock", "{}"));
        assertThat(response.tokens().outputTokens()).isEqualTo(9);
    }

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }
}
