package io.q2o.llm.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.FinishReason;
import io.q2o.llm.ResponseFormat;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.ProviderException;
import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.spi.ProviderResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.q2o.llm.anthropic.AnthropicWire.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** What the adapter puts on the wire and how it reads Anthropic-specific answers and failures. */
class AnthropicProviderWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/v1/messages";

    private WireMockServer server;
    private LlmProvider provider;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        provider = AnthropicWire.provider(baseUrl(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        provider.close();
        server.stop();
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    private static ProviderRequest request(String system, double temperature, List<String> stops, ResponseFormat format) {
        return new ProviderRequest("claude-test-model", system, "Say hello", temperature, 64, stops, format,
                Duration.ofSeconds(5));
    }

    private static ProviderRequest request() {
        return request("You are terse.", 0.25, List.of(), ResponseFormat.TEXT);
    }

    private void stub(ResponseDefinitionBuilder response) {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(response));
    }

    private void stubJson(int status, String body) {
        stub(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body));
    }

    private void stubStream(String sse) {
        stub(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(sse));
    }

    private LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = server.findAll(postRequestedFor(urlEqualTo(PATH)));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private JsonNode onlyRequestBody() throws Exception {
        return JSON.readTree(onlyRequest().getBodyAsString());
    }

    private ProviderException failure(ProviderRequest request) {
        Throwable t = catchThrowable(() -> provider.complete(request));
        assertThat(t).isInstanceOf(ProviderException.class);
        return (ProviderException) t;
    }

    // ---- the request on the wire ----

    @Test
    void postsToV1MessagesWithBearerKeyVersionModelSystemTemperatureMaxTokensAndStops() throws Exception {
        stubJson(200, AnthropicWire.success("hi", TokenCounts.of(3, 1)));

        provider.complete(request("You are terse.", 0.25, List.of("END", "STOP"), ResponseFormat.TEXT));

        LoggedRequest sent = onlyRequest();
        assertThat(sent.getUrl()).isEqualTo("/v1/messages");
        // anthropic-java 3.14.0 sends apiKey(...) as a bearer token (DESIGN.md §5), not as x-api-key
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer " + API_KEY);
        assertThat(sent.getHeader("anthropic-version")).isNotBlank();
        assertThat(sent.getHeader("X-Stainless-Retry-Count")).isEqualTo("0");
        JsonNode body = JSON.readTree(sent.getBodyAsString());
        assertThat(body.path("model").asText()).isEqualTo("claude-test-model");
        assertThat(body.path("system").asText()).isEqualTo("You are terse.");
        assertThat(body.path("messages")).hasSize(1);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("Say hello");
        assertThat(body.path("temperature").isNumber()).isTrue();
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.25);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.path("stop_sequences").toString()).isEqualTo("[\"END\",\"STOP\"]");
        assertThat(body.path("stream").asBoolean(false)).isFalse();
    }

    @Test
    void emptySystemPromptAndNoStopSequencesAreOmitted() throws Exception {
        stubJson(200, AnthropicWire.success("hi", TokenCounts.of(3, 1)));

        provider.complete(request("", 0.0, List.of(), ResponseFormat.TEXT));

        JsonNode body = onlyRequestBody();
        assertThat(body.has("system")).isFalse();
        assertThat(body.has("stop_sequences")).isFalse();
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.0);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
    }

    @Test
    void temperatureAboveAnthropicsRangeIsSentAsOne() throws Exception {
        stubJson(200, AnthropicWire.success("hi", TokenCounts.of(3, 1)));

        provider.complete(request("s", 1.7, List.of(), ResponseFormat.TEXT));

        assertThat(onlyRequestBody().path("temperature").asDouble()).isEqualTo(1.0);
    }

    @Test
    void jsonFormatAddsTheJsonInstructionAfterTheSystemPrompt() throws Exception {
        stubJson(200, AnthropicWire.success("{\"a\": 1}", TokenCounts.of(3, 1)));

        ProviderResponse response = provider.complete(request("You are terse.", 0.2, List.of(), ResponseFormat.JSON));

        assertThat(onlyRequestBody().path("system").asText())
                .isEqualTo("You are terse.\n\n" + AnthropicProvider.JSON_INSTRUCTION);
        assertThat(response.content()).isEqualTo("{\"a\": 1}");
    }

    @Test
    void jsonFormatWithoutSystemPromptSendsTheInstructionAsSystemPrompt() throws Exception {
        stubJson(200, AnthropicWire.success("{}", TokenCounts.of(3, 1)));

        provider.complete(request("", 0.2, List.of(), ResponseFormat.JSON));

        assertThat(onlyRequestBody().path("system").asText()).isEqualTo(AnthropicProvider.JSON_INSTRUCTION);
    }

    @Test
    void baseUrlWithTrailingSlashStillPostsToV1Messages() {
        provider.close();
        provider = AnthropicWire.provider(baseUrl() + "/", Duration.ofSeconds(5));
        stubJson(200, AnthropicWire.success("hi", TokenCounts.of(3, 1)));

        assertThat(provider.complete(request()).content()).isEqualTo("hi");
        assertThat(onlyRequest().getUrl()).isEqualTo("/v1/messages");
    }

    // ---- answers ----

    @Test
    void cacheReadAndCacheWriteTokensAreAddedToInputAndReportedSeparately() {
        String usage = "{\"input_tokens\": 10, \"output_tokens\": 5, \"cache_creation_input_tokens\": 30,"
                + " \"cache_read_input_tokens\": 20}";
        stubJson(200, AnthropicWire.message("claude-sonnet-4-5", AnthropicWire.textBlock("ok"), "end_turn", usage));

        ProviderResponse response = provider.complete(request());

        assertThat(response.tokens()).isEqualTo(new TokenCounts(60, 5, 20, 30, 0));
        assertThat(response.tokens().uncachedInputTokens()).isEqualTo(10);
        assertThat(response.model()).isEqualTo("claude-sonnet-4-5");
    }

    @Test
    void usageWithoutCacheFieldsCountsPlainInput() {
        stubJson(200, AnthropicWire.message("claude-sonnet-4-5", AnthropicWire.textBlock("ok"), "end_turn",
                "{\"input_tokens\": 7, \"output_tokens\": 2}"));

        assertThat(provider.complete(request()).tokens()).isEqualTo(TokenCounts.of(7, 2));
    }

    @Test
    void textBlocksAreConcatenatedAndThinkingBlocksSkipped() {
        String blocks = "{\"type\": \"thinking\", \"thinking\": \"let me think\", \"signature\": \"sig\"}, "
                + AnthropicWire.textBlock("Hello") + ", " + AnthropicWire.textBlock(", world");
        stubJson(200, AnthropicWire.message("claude-sonnet-4-5", blocks, "end_turn",
                AnthropicWire.usage(new TokenCounts(12, 9, 0, 0, 4))));

        ProviderResponse response = provider.complete(request());

        assertThat(response.content()).isEqualTo("Hello, world");
        assertThat(response.tokens().reasoningTokens()).isEqualTo(4);
    }

    @ParameterizedTest
    @CsvSource({
        "end_turn, STOP",
        "stop_sequence, STOP",
        "max_tokens, LENGTH",
        "model_context_window_exceeded, LENGTH",
        "tool_use, TOOL_CALLS",
        "refusal, CONTENT_FILTER",
        "pause_turn, OTHER",
        "some_future_reason, OTHER"
    })
    void stopReasonsMapToFinishReasons(String stopReason, FinishReason expected) {
        stubJson(200, AnthropicWire.message("claude-sonnet-4-5", AnthropicWire.textBlock("x"), stopReason,
                AnthropicWire.usage(TokenCounts.of(1, 1))));

        assertThat(provider.complete(request()).finishReason()).isEqualTo(expected);
    }

    @Test
    void missingStopReasonIsUnknown() {
        stubJson(200, AnthropicWire.message("claude-sonnet-4-5", AnthropicWire.textBlock("x"), null,
                AnthropicWire.usage(TokenCounts.of(1, 1))));

        assertThat(provider.complete(request()).finishReason()).isEqualTo(FinishReason.UNKNOWN);
    }

    @Test
    void bodyThatIsJsonButNotAMessageIsMalformed() {
        stubJson(200, "{\"unexpected\": true}");

        assertThat(failure(request()).kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
    }

    // ---- HTTP failures ----

    @Test
    void overloaded529IsOverloadedAndSentExactlyOnce() {
        stubJson(529, AnthropicWire.error(529, "Overloaded"));

        ProviderException e = failure(request());

        assertThat(e.kind()).isEqualTo(ErrorKind.OVERLOADED);
        assertThat(e.kind().isRetryable()).isTrue();
        assertThat(e.statusCode()).hasValue(529);
        assertThat(e.getMessage()).contains("Overloaded");
        assertThat(server.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(1);
    }

    @Test
    void rateLimitTakesTheDelayFromRetryAfterMs() {
        stub(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withHeader("retry-after-ms", "1500").withBody(AnthropicWire.error(429, "slow down")));

        ProviderException e = failure(request());

        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
        assertThat(e.getMessage()).contains("slow down");
        assertThat(server.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(1);
    }

    @Test
    void rateLimitWithoutRetryAfterLeavesTheDelayToTheBackoff() {
        stubJson(429, AnthropicWire.error(429, "slow down"));

        ProviderException e = failure(request());

        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEmpty();
    }

    @Test
    void retryAfterMsWinsOverRetryAfterSecondsWhateverTheHeaderCase() {
        stub(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", "3").withHeader("Retry-After-Ms", "250.5")
                .withBody(AnthropicWire.error(429, "slow down")));

        assertThat(failure(request()).retryAfter()).contains(Duration.ofNanos(250_500_000));
    }

    @Test
    void rateLimitTakesTheDelayFromAnHttpDateRetryAfter() {
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        provider.close();
        provider = AnthropicWire.provider(baseUrl(), Duration.ofSeconds(5), Clock.fixed(now, ZoneOffset.UTC));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(30).atZone(ZoneOffset.UTC));
        stub(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", date).withBody(AnthropicWire.error(429, "slow down")));

        assertThat(failure(request()).retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void serviceUnavailableCarriesRetryAfter() {
        stub(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", "2").withBody(AnthropicWire.error(503, "unavailable")));

        ProviderException e = failure(request());

        assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
    }

    @Test
    void anUnreadableRetryAfterMsFallsBackToRetryAfterAndAnUnreadableRetryAfterGivesNoDelay() {
        stub(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withHeader("retry-after-ms", "Infinity").withHeader("Retry-After", "2")
                .withBody(AnthropicWire.error(429, "slow down")));
        assertThat(failure(request()).retryAfter()).contains(Duration.ofSeconds(2));

        server.resetAll();
        stub(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", "soon").withBody(AnthropicWire.error(429, "slow down")));
        assertThat(failure(request()).retryAfter()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "400, 'input length and `max_tokens` exceed context limit: 197202 + 21333 > 200000', CONTEXT_LENGTH_EXCEEDED",
        "400, 'prompt is too long: 208310 tokens > 200000 maximum', CONTEXT_LENGTH_EXCEEDED",
        "400, 'messages: too many tokens in the request', CONTEXT_LENGTH_EXCEEDED",
        "400, 'max_tokens: must be greater than or equal to 1', INVALID_REQUEST",
        "422, 'unprocessable', INVALID_REQUEST",
        "413, 'Request exceeds the maximum allowed number of bytes', INVALID_REQUEST",
        "401, 'invalid x-api-key', AUTHENTICATION",
        "403, 'not allowed', AUTHENTICATION",
        "402, 'credit balance too low', AUTHENTICATION",
        "404, 'model: claude-test-model', MODEL_NOT_FOUND",
        "408, 'request timeout', TIMEOUT",
        "500, 'internal', SERVER_ERROR",
        "502, 'bad gateway', SERVER_ERROR",
        "504, 'gateway timeout', SERVER_ERROR",
        "409, 'conflict', INVALID_REQUEST"
    })
    void httpErrorsAreClassified(int status, String message, ErrorKind expected) {
        stubJson(status, AnthropicWire.error(status, message));

        ProviderException e = failure(request());

        assertThat(e.kind()).isEqualTo(expected);
        assertThat(e.statusCode()).hasValue(status);
        assertThat(e.provider()).isEqualTo("anthropic");
        assertThat(e.getMessage()).contains(message);
    }

    @ParameterizedTest
    @CsvSource({"408, 0", "408, ''", "429, 0", "500, 0", "503, ''", "503, 0", "503, 5", "529, 0"})
    void noHttpLayerResendsTheRequest(int status, String retryAfter) {
        ResponseDefinitionBuilder response = aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(AnthropicWire.error(status, "again"));
        if (!retryAfter.isEmpty()) {
            response = response.withHeader("Retry-After", retryAfter);
        }
        stub(response);

        failure(request());

        assertThat(server.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(1);
    }

    /**
     * OkHttp, inside the SDK's client, would re-send a 503 with {@code Retry-After: 0} once;
     * {@link NoSilentResend} stops it on the async path too (the contract test covers sync and
     * stream), and the zero delay still reaches the exception.
     */
    @Test
    void a503WithRetryAfterZeroIsSentExactlyOnceAlsoAsync() {
        stub(aResponse().withStatus(503).withHeader("Content-Type", "application/json").withHeader("Retry-After", "0")
                .withBody(AnthropicWire.error(503, "unavailable")));

        Throwable t = catchThrowable(() -> provider.completeAsync(request(), Runnable::run).join());

        assertThat(t).isInstanceOf(CompletionException.class);
        ProviderException e = (ProviderException) t.getCause();
        assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(e.retryAfter()).contains(Duration.ZERO);
        assertThat(server.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(1);
    }

    @Test
    void aRedirectPreservingTheMethodIsNotFollowed() {
        stub(aResponse().withStatus(307).withHeader("Location", baseUrl() + "/elsewhere"));

        failure(request());

        assertThat(server.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(1);
        assertThat(server.findAll(postRequestedFor(urlEqualTo("/elsewhere")))).isEmpty();
    }

    @Test
    void notFoundWithoutAnAnthropicErrorBodyHintsAtTheBaseUrl() {
        stub(aResponse().withStatus(404).withHeader("Content-Type", "text/plain").withBody("Not Found"));

        ProviderException e = failure(request());

        assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
        assertThat(e.getMessage()).contains("claude-test-model").contains("ANTHROPIC_BASE_URL");
    }

    @Test
    void errorWithAnUnparseableBodyIsStillClassifiedByStatus() {
        stub(aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody("<html>bad gateway</html>"));

        ProviderException e = failure(request());

        assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(e.statusCode()).hasValue(502);
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "RANDOM_DATA_THEN_CLOSE"})
    void brokenConnectionsAreClassifiedAndNotSilentlyResent(Fault fault) {
        stub(aResponse().withFault(fault));

        ProviderException e = failure(request());

        assertThat(e.kind()).isIn(ErrorKind.CONNECTION, ErrorKind.MALFORMED_RESPONSE);
        assertThat(server.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(1);
    }

    @Test
    void connectionRefusedIsAConnectionError() {
        int port = server.port();
        server.stop();
        provider.close();
        provider = AnthropicWire.provider("http://127.0.0.1:" + port, Duration.ofSeconds(2));

        ProviderException e = failure(request());

        assertThat(e.kind()).isEqualTo(ErrorKind.CONNECTION);
        server.start(); // restarted so that @AfterEach can stop it; the port may differ
    }

    // ---- the key never leaks ----

    @Test
    void authenticationErrorNamesTheVariableAndNeverTheKeyEvenWhenTheServerEchoesIt() {
        stubJson(401, AnthropicWire.error(401, "invalid x-api-key: " + API_KEY));

        ProviderException e = failure(request());

        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(e.getMessage()).contains("ANTHROPIC_API_KEY").doesNotContain(API_KEY);
        assertThat(e.toString()).doesNotContain(API_KEY);
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).as("message of " + t.getClass()).doesNotContain(API_KEY);
            assertThat(t.toString()).doesNotContain(API_KEY);
        }
        assertThat(provider.toString()).doesNotContain(API_KEY);
    }

    @Test
    void asyncAuthenticationErrorNeverShowsTheKey() {
        stubJson(401, AnthropicWire.error(401, "bad key " + API_KEY));

        Throwable t = catchThrowable(() -> provider.completeAsync(request(), Runnable::run).get(10, TimeUnit.SECONDS));

        assertThat(t).isInstanceOf(ExecutionException.class);
        assertThat(t.getCause()).isInstanceOf(ProviderException.class);
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertThat(String.valueOf(c.getMessage())).doesNotContain(API_KEY);
        }
    }

    // ---- async ----

    @Test
    void asyncCallDoesNotUseTheBlockingExecutor() throws Exception {
        stubJson(200, AnthropicWire.success("async", TokenCounts.of(2, 1)));

        ProviderResponse response = provider.completeAsync(request(), task -> {
            throw new AssertionError("the blocking executor must not be used");
        }).get(10, TimeUnit.SECONDS);

        assertThat(response.content()).isEqualTo("async");
    }

    @Test
    void asyncOverloadedCompletesWithOverloaded() {
        stubJson(529, AnthropicWire.error(529, "Overloaded"));

        Throwable t = catchThrowable(() -> provider.completeAsync(request(), Runnable::run).join());

        assertThat(t).isInstanceOf(CompletionException.class);
        assertThat(t.getCause()).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) t.getCause()).kind()).isEqualTo(ErrorKind.OVERLOADED);
    }

    @Test
    void asyncReplySlowerThanTheTimeoutIsATimeout() {
        stub(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(AnthropicWire.success("late", TokenCounts.of(1, 1))).withFixedDelay(3_000));
        ProviderRequest quick = new ProviderRequest("m", "", "hi", 0.0, 8, List.of(), ResponseFormat.TEXT,
                Duration.ofMillis(300));

        Throwable t = catchThrowable(() -> provider.completeAsync(quick, Runnable::run).get(10, TimeUnit.SECONDS));

        assertThat(t.getCause()).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) t.getCause()).kind()).isEqualTo(ErrorKind.TIMEOUT);
    }

    // ---- streaming ----

    @Test
    void streamSendsStreamTrueAndFoldsUsageFromMessageStartAndMessageDelta() throws Exception {
        String sse = AnthropicWire.messageStart("{\"input_tokens\": 10, \"output_tokens\": 1,"
                        + " \"cache_creation_input_tokens\": 30, \"cache_read_input_tokens\": 20}")
                + AnthropicWire.blockStart(0)
                + AnthropicWire.textDelta(0, "")
                + AnthropicWire.textDelta(0, "Hel")
                + AnthropicWire.ping()
                + AnthropicWire.textDelta(0, "lo")
                + AnthropicWire.blockStop(0)
                + AnthropicWire.messageDelta("max_tokens", "{\"output_tokens\": 3}")
                + AnthropicWire.messageDelta("max_tokens", "{\"output_tokens\": 9,"
                        + " \"output_tokens_details\": {\"thinking_tokens\": 4}}")
                + AnthropicWire.messageStop();
        stubStream(sse);
        List<String> chunks = new ArrayList<>();

        ProviderResponse response = provider.stream(request(), chunks::add);

        assertThat(chunks).containsExactly("Hel", "lo");
        assertThat(response.content()).isEqualTo("Hello");
        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(response.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(response.tokens()).isEqualTo(new TokenCounts(60, 9, 20, 30, 4));
        assertThat(onlyRequestBody().path("stream").asBoolean()).isTrue();
        assertThat(onlyRequest().getHeader("Authorization")).isEqualTo("Bearer " + API_KEY);
    }

    @Test
    void overloadedErrorEventMidStreamIsOverloadedAfterTheEarlierChunks() {
        String sse = AnthropicWire.messageStart("{\"input_tokens\": 5, \"output_tokens\": 1}")
                + AnthropicWire.blockStart(0)
                + AnthropicWire.textDelta(0, "Hello")
                + AnthropicWire.errorEvent("overloaded_error", "Overloaded");
        stubStream(sse);
        List<String> chunks = new ArrayList<>();

        Throwable t = catchThrowable(() -> provider.stream(request(), chunks::add));

        assertThat(t).isInstanceOf(ProviderException.class);
        ProviderException e = (ProviderException) t;
        assertThat(e.kind()).isEqualTo(ErrorKind.OVERLOADED);
        assertThat(e.getMessage()).contains("Overloaded");
        assertThat(chunks).containsExactly("Hello");
    }

    @Test
    void rateLimitErrorEventMidStreamIsRateLimited() {
        stubStream(AnthropicWire.messageStart("{\"input_tokens\": 5, \"output_tokens\": 1}")
                + AnthropicWire.errorEvent("rate_limit_error", "too fast"));

        Throwable t = catchThrowable(() -> provider.stream(request(), chunk -> { }));

        assertThat(((ProviderException) t).kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    }

    @Test
    void apiErrorEventMidStreamIsAServerError() {
        stubStream(AnthropicWire.messageStart("{\"input_tokens\": 5, \"output_tokens\": 1}")
                + AnthropicWire.errorEvent("api_error", "Internal server error"));

        Throwable t = catchThrowable(() -> provider.stream(request(), chunk -> { }));

        assertThat(((ProviderException) t).kind()).isEqualTo(ErrorKind.SERVER_ERROR);
    }

    @Test
    void streamEndingWithoutMessageStopIsAMalformedResponseNotAnAnswer() {
        String sse = AnthropicWire.messageStart("{\"input_tokens\": 5, \"output_tokens\": 1}")
                + AnthropicWire.blockStart(0)
                + AnthropicWire.textDelta(0, "Hello")
                + AnthropicWire.blockStop(0)
                + AnthropicWire.messageDelta("end_turn", "{\"output_tokens\": 2}");
        stubStream(sse);
        List<String> chunks = new ArrayList<>();

        Throwable t = catchThrowable(() -> provider.stream(request(), chunks::add));

        assertThat(t).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) t).kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
        assertThat(chunks).containsExactly("Hello");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", ": keep-alive\n\n"})
    void anEmpty200StreamIsAMalformedResponseLikeInTheOtherAdapters(String body) {
        stubStream(body);
        List<String> chunks = new ArrayList<>();

        Throwable t = catchThrowable(() -> provider.stream(request(), chunks::add));

        assertThat(t).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) t).kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
        assertThat(chunks).isEmpty();
    }

    @Test
    void a200WithANullBodyIsAMalformedResponseLikeInTheOtherAdapters() {
        stubJson(200, "null");

        assertThat(failure(request()).kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
        Throwable t = catchThrowable(() -> provider.completeAsync(request(), Runnable::run).join());
        assertThat(t).isInstanceOf(CompletionException.class);
        assertThat(((ProviderException) t.getCause()).kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
    }

    @Test
    void streamWithAnUnparseableEventIsMalformed() {
        stubStream(AnthropicWire.messageStart("{\"input_tokens\": 5, \"output_tokens\": 1}")
                + "event: content_block_delta\ndata: {\"type\": \"content_block_delta\", \"index\": 0, \"delta\": \n\n");

        Throwable t = catchThrowable(() -> provider.stream(request(), chunk -> { }));

        assertThat(((ProviderException) t).kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
    }

    @Test
    void streamWithEventsOutOfOrderIsMalformed() {
        // a delta for a content block that was never started
        stubStream(AnthropicWire.messageStart("{\"input_tokens\": 5, \"output_tokens\": 1}")
                + AnthropicWire.textDelta(3, "orphan")
                + AnthropicWire.messageStop());

        Throwable t = catchThrowable(() -> provider.stream(request(), chunk -> { }));

        assertThat(t).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) t).kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
    }

    @Test
    void stalledStreamFailsWithATimeoutInsteadOfHanging() {
        String sse = AnthropicWire.stream(List.of("a", "b", "c", "d", "e", "f"), TokenCounts.of(3, 6));
        stub(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(sse)
                .withChunkedDribbleDelay(20, 20_000));
        ProviderRequest quick = new ProviderRequest("m", "", "hi", 0.0, 8, List.of(), ResponseFormat.TEXT,
                Duration.ofMillis(500));

        long start = System.nanoTime();
        Throwable t = catchThrowable(() -> provider.stream(quick, chunk -> { }));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(t).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) t).kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(elapsedMs).as("gives up near the timeout, not after the whole stream").isLessThan(10_000);
    }

    @Test
    void aLivelyStreamLongerThanTheTimeoutIsNotCut() {
        String sse = AnthropicWire.stream(List.of("a", "b", "c", "d"), TokenCounts.of(3, 4));
        stub(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(sse)
                .withChunkedDribbleDelay(8, 1_600));
        ProviderRequest idleBound = new ProviderRequest("m", "", "hi", 0.0, 8, List.of(), ResponseFormat.TEXT,
                Duration.ofMillis(800));

        List<String> chunks = new ArrayList<>();
        ProviderResponse r = provider.stream(idleBound, chunks::add);

        assertThat(String.join("", chunks)).isEqualTo("abcd");
        assertThat(r.content()).isEqualTo("abcd");
    }

    @Test
    void anExceptionThrownByTheSinkPropagatesUnchanged() {
        stubStream(AnthropicWire.stream(List.of("Hello", " world"), TokenCounts.of(3, 2)));
        IllegalStateException stop = new IllegalStateException("caller gave up");

        assertThatThrownBy(() -> provider.stream(request(), chunk -> {
            throw stop;
        })).isSameAs(stop);
    }

    @Test
    void streamHttpErrorBeforeAnyChunkCarriesTheStatus() {
        stub(aResponse().withStatus(529).withHeader("Content-Type", "application/json")
                .withBody(AnthropicWire.error(529, "Overloaded")));
        List<String> chunks = new ArrayList<>();

        Throwable t = catchThrowable(() -> provider.stream(request(), chunks::add));

        assertThat(((ProviderException) t).kind()).isEqualTo(ErrorKind.OVERLOADED);
        assertThat(((ProviderException) t).statusCode()).hasValue(529);
        assertThat(chunks).isEmpty();
        assertThat(server.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(1);
    }

    // ---- lifecycle ----

    @Test
    void closeIsIdempotentAndLaterCallsFailWithAProviderException() {
        stubJson(200, AnthropicWire.success("hi", TokenCounts.of(1, 1)));
        provider.close();
        provider.close();

        assertThat(failure(request()).kind()).isEqualTo(ErrorKind.INTERNAL);
        assertThat(catchThrowable(() -> provider.completeAsync(request(), Runnable::run).join()))
                .hasCauseInstanceOf(ProviderException.class);
        assertThat(catchThrowable(() -> provider.stream(request(), chunk -> { })))
                .isInstanceOf(ProviderException.class);
        assertThat(server.findAll(postRequestedFor(urlEqualTo(PATH)))).isEmpty();
    }
}
