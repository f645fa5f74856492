package io.q2o.llm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.ChatMessage;
import io.q2o.llm.FinishReason;
import io.q2o.llm.ImagePart;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.ResponseFormat;
import io.q2o.llm.ResponseSchema;
import io.q2o.llm.StreamListener;
import io.q2o.llm.TextPart;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.Tool;
import io.q2o.llm.ToolCall;
import io.q2o.llm.ToolCallDelta;
import io.q2o.llm.ToolDefinition;
import io.q2o.llm.ToolLoopResult;
import io.q2o.llm.TypedResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tool calls, the tool loop, typed answers and JSON mode through each real adapter and SDK, in
 * each way of calling (blocking, async, streaming), against WireMock serving the canned answers
 * of {@link CannedAnswers} and {@link CannedToolCalls} in the provider's own wire format.
 *
 * <p>Longer than most test classes on purpose: it is one matrix (feature × provider × way of
 * calling) over one server and one set of canned answers, read as a whole.
 */
class ChatFeaturesThroughTheAdaptersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TokenCounts TOKENS = new TokenCounts(1200, 80, 0, 0, 0);
    private static final List<ToolCall> CALLS = List.of(
            new ToolCall("call_oslo", "weather", "{\"city\":\"Oslo\",\"days\":[1,2]}"),
            new ToolCall("call_rome", "weather", "{\"city\":\"Rome\",\"days\":[]}"));

    enum Mode { SYNC, ASYNC, STREAM }

    record Forecast(String city, List<Integer> days) {
    }

    private WireMockServer server;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    static Stream<Arguments> providersAndModes() {
        List<Arguments> out = new ArrayList<>();
        for (WireProvider p : WireProvider.values()) {
            for (Mode m : Mode.values()) {
                out.add(Arguments.of(p, m));
            }
        }
        return out.stream();
    }

    private static String model(WireProvider provider) {
        switch (provider) {
            case OPENAI:
                return "gpt-4o-mini";
            case ANTHROPIC:
                return "claude-sonnet-4-5";
            default:
                return "gemini-2.5-flash";
        }
    }

    private LlmService service(WireProvider provider) {
        return LlmService.builder().config(RecordThenReplayTest.config(provider, model(provider))
                .set(provider.baseUrlVariable(), provider.baseUrl(server.baseUrl()))
                .set(provider.apiKeyVariable(), "test-key").build()).build();
    }

    /** Serves the recordings in order for the provider's path of this mode; the last repeats. */
    private void serve(WireProvider provider, boolean stream, Recording... answers) {
        String path = provider.path(model(provider), stream);
        for (int i = 0; i < answers.length; i++) {
            var stub = post(urlPathEqualTo(path)).inScenario(provider.id() + stream).whenScenarioStateIs(i == 0 ? STARTED : "s" + i)
                    .willReturn(aResponse().withStatus(answers[i].status())
                            .withHeader("Content-Type", answers[i].contentType()).withBody(answers[i].body()));
            server.stubFor(i + 1 < answers.length ? stub.willSetStateTo("s" + (i + 1)) : stub);
        }
    }

    private static LlmResponse call(LlmService llm, LlmRequest request, Mode mode, StreamListener listener) {
        switch (mode) {
            case SYNC:
                return llm.complete(request);
            case ASYNC:
                return llm.completeAsync(request).join();
            default:
                return llm.stream(request, listener).join();
        }
    }

    private static LlmRequest toolRequest() {
        return LlmRequest.builder().systemPrompt("You forecast weather.").userPrompt("Oslo and Rome?")
                .tools(List.of(ToolDefinition.fromType("weather", "Forecast for a city", Forecast.class))).build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("providersAndModes")
    void parallelToolCallsAreReadWithTheirArgumentsAndStreamedAsDeltas(WireProvider provider, Mode mode) throws IOException {
        serve(provider, mode == Mode.STREAM, mode == Mode.STREAM
                ? CannedToolCalls.stream(provider, model(provider), CALLS, TOKENS)
                : CannedToolCalls.turn(provider, model(provider), CALLS, TOKENS));
        List<ToolCallDelta> deltas = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        StreamListener listener = new StreamListener() {
            @Override
            public void onText(String chunk) {
                text.append(chunk);
            }

            @Override
            public void onToolCallDelta(ToolCallDelta delta) {
                deltas.add(delta);
            }
        };
        try (LlmService llm = service(provider)) {
            LlmResponse r = call(llm, toolRequest(), mode, listener);

            assertThat(r.success()).as(String.valueOf(r.error())).isTrue();
            assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
            assertThat(r.toolCalls()).extracting(ToolCall::name).containsExactly("weather", "weather");
            for (int i = 0; i < CALLS.size(); i++) {
                assertThat(JSON.readTree(r.toolCalls().get(i).arguments())).isEqualTo(JSON.readTree(CALLS.get(i).arguments()));
            }
            assertThat(r.toolCalls()).extracting(ToolCall::id).doesNotHaveDuplicates().allMatch(id -> !id.isBlank());
            if (provider != WireProvider.GEMINI) { // Gemini's Developer API sends no ids
                assertThat(r.toolCalls()).extracting(ToolCall::id).containsExactly("call_oslo", "call_rome");
            }
            assertThat(r.usage().tokens()).isEqualTo(TOKENS);
            assertThat(r.usage().totalCost()).hasValueSatisfying(c -> assertThat(c).isPositive());
            assertThat(text.toString()).isEmpty();
            if (mode != Mode.STREAM) {
                assertThat(deltas).isEmpty();
                return;
            }
            Map<Integer, StringBuilder> assembled = new LinkedHashMap<>();
            for (ToolCallDelta d : deltas) {
                StringBuilder args = assembled.get(d.index());
                if (args == null) {
                    assertThat(d.id()).as("first delta of call %d carries its id", d.index()).isEqualTo(r.toolCalls().get(d.index()).id());
                    assertThat(d.name()).isEqualTo("weather");
                    args = new StringBuilder();
                    assembled.put(d.index(), args);
                }
                args.append(d.argumentsDelta());
            }
            assertThat(assembled.keySet()).containsExactly(0, 1);
            for (int i = 0; i < CALLS.size(); i++) {
                assertThat(JSON.readTree(assembled.get(i).toString())).isEqualTo(JSON.readTree(CALLS.get(i).arguments()));
            }
            if (provider != WireProvider.GEMINI) { // Gemini streams whole calls
                assertThat(deltas.size()).as("argument fragments").isGreaterThan(4);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(WireProvider.class)
    void theToolLoopRunsTheToolsAndCostsTheSumOfItsSteps(WireProvider provider) throws IOException {
        TokenCounts second = new TokenCounts(1000, 10, 0, 0, 0);
        serve(provider, false, CannedToolCalls.turn(provider, model(provider), CALLS, TOKENS),
                CannedAnswers.text(provider, model(provider), "Oslo 3, Rome 18.", second));
        List<String> cities = new ArrayList<>();
        Tool weather = Tool.of("weather", "Forecast for a city", Forecast.class, f -> {
            cities.add(f.city());
            return Map.of("city", f.city(), "celsius", f.city().equals("Oslo") ? 3 : 18);
        });
        try (LlmService llm = service(provider)) {
            ToolLoopResult r = llm.toolLoop().tool(weather).build().run(toolRequest());

            assertThat(r.status()).as(r.toString()).isEqualTo(ToolLoopResult.Status.COMPLETED);
            assertThat(r.content()).isEqualTo("Oslo 3, Rome 18.");
            assertThat(cities).containsExactly("Oslo", "Rome");
            assertThat(r.steps()).hasSize(2);
            BigDecimal first = r.steps().get(0).usage().totalCost().orElseThrow();
            BigDecimal last = r.steps().get(1).usage().totalCost().orElseThrow();
            assertThat(first).isPositive().isNotEqualByComparingTo(last);
            assertThat(r.totalCost()).contains(first.add(last));
            assertThat(llm.usageStats().totalCost()).isEqualByComparingTo(first.add(last));
            var requests = server.findAll(postRequestedFor(urlPathEqualTo(provider.path(model(provider), false))));
            assertThat(requests).hasSize(2);
            String secondBody = requests.get(1).getBodyAsString();
            assertThat(secondBody).contains("celsius").contains("Oslo").contains("Rome");
            JsonNode body = JSON.readTree(secondBody);
            assertThat(body.toString()).contains(provider == WireProvider.GEMINI ? "functionResponse"
                    : provider == WireProvider.ANTHROPIC ? "tool_result" : "\"role\":\"tool\"");
        }
    }

    /** The typed answer as each provider sends it: Anthropic as the input of the forced schema tool. */
    private static Recording typedAnswer(WireProvider provider, boolean stream, String json) {
        String model = model(provider);
        if (provider == WireProvider.ANTHROPIC) {
            List<ToolCall> answer = List.of(new ToolCall("toolu_answer", "Forecast", json));
            return stream ? CannedToolCalls.stream(provider, model, answer, TOKENS)
                    : CannedToolCalls.turn(provider, model, answer, TOKENS);
        }
        return stream ? CannedAnswers.stream(provider, model, CannedAnswers.chunks(json, 5), TOKENS)
                : CannedAnswers.text(provider, model, json, TOKENS);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("providersAndModes")
    void aSchemaAnswerIsCheckedInEveryModeAndATypedAnswerIsRead(WireProvider provider, Mode mode) throws IOException {
        boolean stream = mode == Mode.STREAM;
        serve(provider, stream, typedAnswer(provider, stream, "{\"city\":\"Bergen\",\"days\":[3]}"),
                typedAnswer(provider, stream, "{\"city\":\"Bergen\"}"));
        StringBuilder text = new StringBuilder();
        try (LlmService llm = service(provider)) {
            LlmRequest request = LlmRequest.builder().userPrompt("Forecast Bergen")
                    .responseSchema(ResponseSchema.fromType(Forecast.class)).build();
            LlmResponse ok = call(llm, request, mode, text::append);
            assertThat(ok.success()).as(String.valueOf(ok.error())).isTrue();
            assertThat(JSON.readValue(ok.content(), Forecast.class)).isEqualTo(new Forecast("Bergen", List.of(3)));
            assertThat(ok.toolCalls()).isEmpty();
            if (stream) {
                assertThat(text.toString()).isEqualTo(ok.content());
            }

            LlmResponse missing = call(llm, request, mode, text::append);
            assertThat(missing.success()).isFalse();
            assertThat(missing.error().kind()).isEqualTo(ErrorKind.STRUCTURED_OUTPUT_INVALID);
            assertThat(missing.error().message()).contains("days");
            assertThat(missing.content()).isEqualTo("{\"city\":\"Bergen\"}");
            assertThat(missing.usage().totalCost()).hasValueSatisfying(c -> assertThat(c).isPositive());
        }
    }

    @ParameterizedTest
    @EnumSource(WireProvider.class)
    void aTypedAnswerIsRepairedOnceThenFailsWithTheRawText(WireProvider provider) throws IOException {
        serve(provider, false, typedAnswer(provider, false, "{\"city\":\"Bergen\",\"days\":\"soon\"}"),
                typedAnswer(provider, false, "{\"city\":\"Bergen\",\"days\":[4]}"),
                typedAnswer(provider, false, "{\"town\":\"Bergen\"}"),
                typedAnswer(provider, false, "{\"town\":\"Bergen\"}"));
        try (LlmService llm = service(provider)) {
            LlmRequest request = LlmRequest.of("Forecast the city.", "Bergen");

            TypedResponse<Forecast> repaired = llm.complete(request, Forecast.class);
            assertThat(repaired.success()).as(repaired.toString()).isTrue();
            assertThat(repaired.repaired()).isTrue();
            assertThat(repaired.value()).isEqualTo(new Forecast("Bergen", List.of(4)));
            var requests = server.findAll(postRequestedFor(urlPathEqualTo(provider.path(model(provider), false))));
            assertThat(requests.get(1).getBodyAsString()).contains("did not match the required JSON Schema")
                    .contains("soon");

            TypedResponse<Forecast> failed = llm.complete(request, Forecast.class);
            assertThat(failed.success()).isFalse();
            assertThat(failed.calls()).hasSize(2);
            assertThat(failed.response().error().kind()).isEqualTo(ErrorKind.STRUCTURED_OUTPUT_INVALID);
            assertThat(failed.response().content()).isEqualTo("{\"town\":\"Bergen\"}");
            assertThat(failed.totalCost()).contains(failed.calls().get(0).usage().totalCost().orElseThrow()
                    .add(failed.calls().get(1).usage().totalCost().orElseThrow()));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("providersAndModes")
    void jsonModeWithProseIsNeverASuccess(WireProvider provider, Mode mode) {
        String prose = "Sure! Here is your JSON: {\"city\": \"Oslo\"}";
        serve(provider, mode == Mode.STREAM, mode == Mode.STREAM
                ? CannedAnswers.stream(provider, model(provider), CannedAnswers.chunks(prose, 6), TOKENS)
                : CannedAnswers.text(provider, model(provider), prose, TOKENS));
        try (LlmService llm = service(provider)) {
            LlmResponse r = call(llm, LlmRequest.builder().userPrompt("The city as JSON")
                    .responseFormat(ResponseFormat.JSON).build(), mode, t -> { });

            assertThat(r.success()).isFalse();
            assertThat(r.error().kind()).isEqualTo(ErrorKind.STRUCTURED_OUTPUT_INVALID);
            assertThat(r.content()).isEqualTo(prose);
            assertThat(r.usage().tokens()).isEqualTo(TOKENS);
        }
    }

    static Stream<Arguments> providerPairs() {
        List<Arguments> out = new ArrayList<>();
        for (WireProvider a : WireProvider.values()) {
            for (WireProvider b : WireProvider.values()) {
                if (a != b) {
                    out.add(Arguments.of(a, b));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} then {1}")
    @MethodSource("providerPairs")
    void aLoopWhoseProviderFailsAtStepTwoFinishesTheSameConversationOnTheFallback(WireProvider first, WireProvider second)
            throws IOException {
        serve(first, false, CannedToolCalls.turn(first, model(first), CALLS, TOKENS),
                CannedAnswers.error(first, model(first), false, 503, "overloaded", Map.of()));
        serve(second, false, CannedAnswers.text(second, model(second), "Oslo 3, Rome 18.", new TokenCounts(1000, 10, 0, 0, 0)));
        LlmConfig.Builder config = LlmConfig.builder().environment(Map.of()).isolated()
                .set("Q2O_LLM_PRIMARY", first.id())
                .set("Q2O_LLM_FALLBACK", second.id())
                .set("Q2O_LLM_AUTO_FALLBACK", "false")
                .set("Q2O_LLM_MAX_RETRIES", "0")
                .set("Q2O_LLM_REQUEST_TIMEOUT_SECONDS", "20");
        for (WireProvider p : List.of(first, second)) {
            config.set(LlmConfig.prefix(p.id()) + "_MODEL", model(p))
                    .set(p.baseUrlVariable(), p.baseUrl(server.baseUrl()))
                    .set(p.apiKeyVariable(), "test-key");
        }
        List<String> cities = new ArrayList<>();
        Tool weather = Tool.of("weather", "Forecast for a city", Forecast.class, f -> {
            cities.add(f.city());
            return Map.of("city", f.city(), "celsius", f.city().equals("Oslo") ? 3 : 18);
        });
        try (LlmService llm = LlmService.builder().config(config.build()).build()) {
            ToolLoopResult r = llm.toolLoop().tool(weather).build().run(toolRequest());

            assertThat(r.status()).as(r.toString()).isEqualTo(ToolLoopResult.Status.COMPLETED);
            assertThat(r.content()).isEqualTo("Oslo 3, Rome 18.");
            assertThat(r.steps()).extracting(LlmResponse::provider).containsExactly(first.id(), second.id());
            assertThat(cities).containsExactly("Oslo", "Rome");
            assertThat(r.totalCost()).contains(r.steps().get(0).usage().totalCost().orElseThrow()
                    .add(r.steps().get(1).usage().totalCost().orElseThrow()));
            // after the failure, the first provider's other models were tried too (same path for OpenAI and
            // Anthropic): only the requests for the loop's model count here
            var toFirst = server.findAll(postRequestedFor(urlPathEqualTo(first.path(model(first), false))))
                    .stream().filter(q -> first == WireProvider.GEMINI
                            || q.getBodyAsString().contains("\"model\":\"" + model(first) + "\"")).toList();
            var toSecond = server.findAll(postRequestedFor(urlPathEqualTo(second.path(model(second), false))));
            assertThat(toFirst).hasSize(2);
            assertThat(toSecond).hasSize(1);
            JsonNode body = JSON.readTree(toSecond.get(0).getBodyAsString());
            String text = body.toString();
            assertThat(text).contains("You forecast weather.").contains("Oslo and Rome?")
                    .contains("celsius").contains("weather");
            switch (second) {
                case OPENAI: {
                    JsonNode messages = body.get("messages");
                    assertThat(messages).extracting(m -> m.get("role").asText())
                            .containsExactly("system", "user", "assistant", "tool", "tool");
                    JsonNode calls = messages.get(2).get("tool_calls");
                    assertThat(calls).hasSize(2);
                    assertThat(messages.get(3).get("tool_call_id").asText()).isEqualTo(calls.get(0).get("id").asText());
                    assertThat(messages.get(4).get("tool_call_id").asText()).isEqualTo(calls.get(1).get("id").asText());
                    assertThat(JSON.readTree(calls.get(1).get("function").get("arguments").asText()))
                            .isEqualTo(JSON.readTree(CALLS.get(1).arguments()));
                    break;
                }
                case ANTHROPIC: {
                    JsonNode messages = body.get("messages");
                    assertThat(messages).extracting(m -> m.get("role").asText()).containsExactly("user", "assistant", "user");
                    JsonNode uses = messages.get(1).get("content");
                    JsonNode results = messages.get(2).get("content");
                    assertThat(uses).extracting(u -> u.get("type").asText()).containsExactly("tool_use", "tool_use");
                    assertThat(results).extracting(u -> u.get("type").asText()).containsExactly("tool_result", "tool_result");
                    assertThat(results.get(1).get("tool_use_id").asText()).isEqualTo(uses.get(1).get("id").asText());
                    assertThat(uses.get(1).get("input")).isEqualTo(JSON.readTree(CALLS.get(1).arguments()));
                    break;
                }
                default: {
                    JsonNode contents = body.get("contents");
                    assertThat(contents).extracting(c -> c.get("role").asText()).containsExactly("user", "model", "user");
                    assertThat(contents.get(1).get("parts")).extracting(p -> p.get("functionCall").get("name").asText())
                            .containsExactly("weather", "weather");
                    assertThat(contents.get(2).get("parts").get(1).get("functionResponse").get("response").get("city").asText())
                            .isEqualTo("Rome");
                    break;
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(WireProvider.class)
    void anImageIsSentInTheProvidersShapeAndCostsTheTokensTheProviderReports(WireProvider provider) throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};
        serve(provider, false, CannedAnswers.text(provider, model(provider), "A bar chart.", TOKENS));
        try (LlmService llm = service(provider)) {
            LlmResponse text = llm.complete(LlmRequest.of("", "Describe a bar chart."));
            LlmResponse image = llm.complete(LlmRequest.builder().messages(List.of(ChatMessage.user(
                    new TextPart("What does this show?"), ImagePart.of(png, "image/png")))).build());

            assertThat(image.success()).as(String.valueOf(image.error())).isTrue();
            assertThat(image.usage().tokens()).isEqualTo(TOKENS);
            assertThat(image.usage().totalCost()).isEqualTo(text.usage().totalCost()).isPresent();
            var requests = server.findAll(postRequestedFor(urlPathEqualTo(provider.path(model(provider), false))));
            assertThat(requests).hasSize(2);
            String b64 = java.util.Base64.getEncoder().encodeToString(png);
            JsonNode body = JSON.readTree(requests.get(1).getBodyAsString());
            switch (provider) {
                case OPENAI:
                    assertThat(body.get("messages").get(0).get("content").get(1).get("image_url").get("url").asText())
                            .isEqualTo("data:image/png;base64," + b64);
                    break;
                case ANTHROPIC: {
                    JsonNode source = body.get("messages").get(0).get("content").get(1).get("source");
                    assertThat(source.get("media_type").asText()).isEqualTo("image/png");
                    assertThat(source.get("data").asText()).isEqualTo(b64);
                    break;
                }
                default: {
                    JsonNode inline = body.get("contents").get(0).get("parts").get(1).get("inlineData");
                    assertThat(inline.get("mimeType").asText()).isEqualTo("image/png");
                    assertThat(inline.get("data").asText()).isEqualTo(b64);
                    break;
                }
            }
        }
    }
}
