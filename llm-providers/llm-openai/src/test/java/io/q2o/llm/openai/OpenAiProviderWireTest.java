package io.q2o.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.FinishReason;
import io.q2o.llm.ResponseFormat;
import io.q2o.llm.Secret;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.AuthenticationException;
import io.q2o.llm.spi.ContextLengthExceededException;
import io.q2o.llm.spi.InvalidRequestException;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.MalformedResponseException;
import io.q2o.llm.spi.ProviderConfig;
import io.q2o.llm.spi.ProviderConnectionException;
import io.q2o.llm.spi.ProviderException;
import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.spi.ProviderTimeoutException;
import io.q2o.llm.spi.RateLimitedException;
import io.q2o.llm.spi.ServerErrorException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What this adapter puts on the wire and how it reads OpenAI's answers and errors, against
 * WireMock and the real SDK client.
 */
class OpenAiProviderWireTest {

    private static final String KEY = "sk-test-0123456789abcdefSECRET";
    private static final String PATH = "/v1/chat/completions";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private WireMockServer server;
    private final List<LlmProvider> providers = new ArrayList<>();

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    @AfterEach
    void stop() {
        providers.forEach(LlmProvider::close);
        server.stop();
    }

    // ------------------------------------------------------------------ helpers

    private String root() {
        return "http://127.0.0.1:" + server.port();
    }

    private static ProviderConfig config(Optional<Secret> key, Optional<String> baseUrl, Map<String, String> settings) {
        return new ProviderConfig("openai", key, List.of("gpt-4o-mini"), OptionalDouble.empty(), baseUrl,
                Duration.ofSeconds(5), name -> Optional.ofNullable(settings.get(name)));
    }

    private OpenAiProvider provider(String baseUrl) {
        return provider(baseUrl, Map.of());
    }

    private OpenAiProvider provider(String baseUrl, Map<String, String> settings) {
        OpenAiProvider p = new OpenAiProvider(config(Optional.of(Secret.of(KEY)), Optional.of(baseUrl), settings),
                Clock.fixed(NOW, ZoneOffset.UTC));
        providers.add(p);
        return p;
    }

    private OpenAiProvider provider() {
        return provider(root() + "/v1");
    }

    private static ProviderRequest request(String system, ResponseFormat format, List<String> stop) {
        return new ProviderRequest("gpt-4o-mini", system, "Say hello", 0.25, 64, stop, format, Duration.ofSeconds(5));
    }

    private static ProviderRequest request() {
        return request("You are terse.", ResponseFormat.TEXT, List.of());
    }

    private void stub(ResponseDefinitionBuilder response) {
        server.stubFor(post(anyUrl()).willReturn(response));
    }

    private void stubJson(int status, String body) {
        stub(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body));
    }

    private void stubStream(String body) {
        stub(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body));
    }

    private LoggedRequest onlyRequest() {
        List<LoggedRequest> all = server.findAll(postRequestedFor(anyUrl()));
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private JsonNode sentBody() throws IOException {
        return JSON.readTree(onlyRequest().getBodyAsString());
    }

    private static ProviderException failure(Runnable call) {
        Throwable t = catchThrowable(call::run);
        assertThat(t).isInstanceOf(ProviderException.class);
        return (ProviderException) t;
    }

    private static void assertNoKeyAnywhere(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertThat(String.valueOf(c.getMessage())).doesNotContain(KEY);
            assertThat(c.toString()).doesNotContain(KEY);
            for (Throwable s : c.getSuppressed()) {
                assertNoKeyAnywhere(s);
            }
        }
    }

    // ------------------------------------------------------------------ request on the wire

    @Test
    void postsModelSystemThenUserTemperatureMaxTokensAndStopWithTheBearerKey() throws Exception {
        stubJson(200, OpenAiWire.success("hi", TokenCounts.of(3, 1)));

        provider().complete(request("You are terse.", ResponseFormat.TEXT, List.of("END", "\n\n")));

        LoggedRequest sent = onlyRequest();
        assertThat(sent.getUrl()).isEqualTo(PATH);
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
        JsonNode body = sentBody();
        assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.get("messages")).hasSize(2);
        assertThat(body.get("messages").get(0).get("role").asText()).isEqualTo("system");
        assertThat(body.get("messages").get(0).get("content").asText()).isEqualTo("You are terse.");
        assertThat(body.get("messages").get(1).get("role").asText()).isEqualTo("user");
        assertThat(body.get("messages").get(1).get("content").asText()).isEqualTo("Say hello");
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.25);
        assertThat(body.get("stop").get(0).asText()).isEqualTo("END");
        assertThat(body.get("stop").get(1).asText()).isEqualTo("\n\n");
        assertThat(body.has("stream")).as("a blocking call does not stream").isFalse();
        assertThat(body.has("response_format")).isFalse();
    }

    @Test
    void sendsOrganizationAndProjectHeadersOnlyWhenConfigured() {
        stubJson(200, OpenAiWire.success("hi", TokenCounts.of(3, 1)));

        provider(root() + "/v1", Map.of("OPENAI_ORG_ID", "org-123", "OPENAI_PROJECT_ID", "proj_456")).complete(request());
        provider().complete(request());

        List<LoggedRequest> sent = server.findAll(postRequestedFor(anyUrl()));
        assertThat(sent.get(0).getHeader("OpenAI-Organization")).isEqualTo("org-123");
        assertThat(sent.get(0).getHeader("OpenAI-Project")).isEqualTo("proj_456");
        assertThat(sent.get(1).containsHeader("OpenAI-Organization")).isFalse();
        assertThat(sent.get(1).containsHeader("OpenAI-Project")).isFalse();
    }

    @Test
    void sendsMaxTokensToCompatibleServersByDefault() throws Exception {
        stubJson(200, OpenAiWire.success("hi", TokenCounts.of(3, 1)));

        provider().complete(request());

        JsonNode body = sentBody();
        assertThat(body.get("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.has("max_completion_tokens")).isFalse();
    }

    @Test
    void sendsMaxCompletionTokensWhenConfigured() throws Exception {
        stubJson(200, OpenAiWire.success("hi", TokenCounts.of(3, 1)));

        provider(root() + "/v1", Map.of("OPENAI_MAX_TOKENS_FIELD", "max_completion_tokens")).complete(request());

        JsonNode body = sentBody();
        assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(64);
        assertThat(body.has("max_tokens")).isFalse();
    }

    @Test
    void usesMaxCompletionTokensForTheOfficialApi() {
        OpenAiProvider official = new OpenAiProvider(config(Optional.of(Secret.of(KEY)), Optional.empty(), Map.of()));
        providers.add(official);

        var params = official.params(request(), false);

        assertThat(params.maxCompletionTokens()).contains(64L);
        assertThat(params.maxTokens()).isEmpty();
        assertThat(official.toString()).contains("https://api.openai.com/v1").contains("max_completion_tokens");
    }

    @Test
    void omitsTheSystemMessageWhenTheSystemPromptIsEmpty() throws Exception {
        stubJson(200, OpenAiWire.success("hi", TokenCounts.of(3, 1)));

        provider().complete(request("", ResponseFormat.TEXT, List.of()));

        JsonNode messages = sentBody().get("messages");
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).get("role").asText()).isEqualTo("user");
        assertThat(sentBody().has("stop")).isFalse();
    }

    @Test
    void jsonModeSendsJsonObjectFormatAndMentionsJsonWhenNoPromptDoes() throws Exception {
        stubJson(200, OpenAiWire.success("{\"a\":1}", TokenCounts.of(3, 1)));

        ProviderResponse response = provider().complete(request("You are terse.", ResponseFormat.JSON, List.of()));

        JsonNode body = sentBody();
        assertThat(body.get("response_format").get("type").asText()).isEqualTo("json_object");
        assertThat(body.get("messages").get(0).get("content").asText())
                .isEqualTo("You are terse.\n\n" + OpenAiProvider.JSON_INSTRUCTION);
        assertThat(response.content()).isEqualTo("{\"a\":1}");
    }

    @Test
    void jsonModeLeavesPromptsAloneWhenTheyAlreadyMentionJson() throws Exception {
        stubJson(200, OpenAiWire.success("{}", TokenCounts.of(3, 1)));

        provider().complete(request("Answer in JSON.", ResponseFormat.JSON, List.of()));

        JsonNode body = sentBody();
        assertThat(body.get("response_format").get("type").asText()).isEqualTo("json_object");
        assertThat(body.get("messages").get(0).get("content").asText()).isEqualTo("Answer in JSON.");
    }

    @Test
    void jsonModeWithEmptySystemPromptAddsASystemMessage() throws Exception {
        stubJson(200, OpenAiWire.success("{}", TokenCounts.of(3, 1)));

        provider().complete(request("", ResponseFormat.JSON, List.of()));

        JsonNode messages = sentBody().get("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).get("content").asText()).isEqualTo(OpenAiProvider.JSON_INSTRUCTION);
    }

    @Test
    void streamRequestsUsageInTheFinalChunk() throws Exception {
        stubStream(OpenAiWire.stream(List.of("Hi"), TokenCounts.of(3, 1)));

        provider().stream(request(), chunk -> { });

        JsonNode body = sentBody();
        assertThat(onlyRequest().getUrl()).isEqualTo(PATH);
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.get("stream_options").get("include_usage").asBoolean()).isTrue();
        assertThat(body.get("messages").get(0).get("role").asText()).isEqualTo("system");
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.25);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/v1", "/v1/"})
    void acceptsTheBaseUrlWithOrWithoutV1(String suffix) {
        stubJson(200, OpenAiWire.success("hi", TokenCounts.of(3, 1)));

        provider(root() + suffix).complete(request());

        assertThat(onlyRequest().getUrl()).isEqualTo(PATH);
    }

    @Test
    void usesABaseUrlWithAnotherPathAsGiven() {
        stubJson(200, OpenAiWire.success("hi", TokenCounts.of(3, 1)));

        provider(root() + "/api/openai/").complete(request());

        assertThat(onlyRequest().getUrl()).isEqualTo("/api/openai/chat/completions");
    }

    // ------------------------------------------------------------------ answers

    @Test
    void mapsTextModelAsReportedAndAllTokenCounts() {
        stubJson(200, OpenAiWire.success("Hello from stub", "stop", "gpt-4o-mini-2024-07-18",
                new TokenCounts(12, 5, 4, 0, 2)));

        ProviderResponse response = provider().complete(request());

        assertThat(response.content()).isEqualTo("Hello from stub");
        assertThat(response.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.tokens()).isEqualTo(new TokenCounts(12, 5, 4, 0, 2));
        assertThat(response.tokens().uncachedInputTokens()).isEqualTo(8);
    }

    @ParameterizedTest
    @CsvSource({"stop,STOP", "length,LENGTH", "content_filter,CONTENT_FILTER", "tool_calls,TOOL_CALLS",
            "function_call,TOOL_CALLS", "eos,OTHER"})
    void mapsFinishReasons(String wire, FinishReason expected) {
        stubJson(200, OpenAiWire.success("x", wire, "m", TokenCounts.of(1, 1)));

        assertThat(provider().complete(request()).finishReason()).isEqualTo(expected);
    }

    @Test
    void missingUsageCountsAsZeroTokens() {
        stubJson(200, OpenAiWire.success("no usage here", "stop", "local-model", null));

        ProviderResponse response = provider().complete(request());

        assertThat(response.content()).isEqualTo("no usage here");
        assertThat(response.tokens()).isEqualTo(TokenCounts.ZERO);
    }

    @Test
    void nullFinishReasonIsUnknownNotACrash() {
        stubJson(200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":"
                + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":null}]}");

        ProviderResponse response = provider().complete(request());

        assertThat(response.content()).isEqualTo("ok");
        assertThat(response.finishReason()).isEqualTo(FinishReason.UNKNOWN);
    }

    @Test
    void refusalTextBecomesTheContent() {
        stubJson(200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":"
                + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":\"I can't help with that.\"},"
                + "\"finish_reason\":\"stop\"}]}");

        assertThat(provider().complete(request()).content()).isEqualTo("I can't help with that.");
    }

    @Test
    void oddCountsFromACompatibleServerAreClampedNotRejected() {
        stubJson(200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":"
                + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":9},\"completion_tokens_details\":{\"reasoning_tokens\":7}}}");

        assertThat(provider().complete(request()).tokens()).isEqualTo(new TokenCounts(3, 2, 3, 0, 2));
    }

    @Test
    void noChoicesIsAMalformedResponse() {
        stubJson(200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[]}");

        ProviderException e = failure(() -> provider().complete(request()));

        assertThat(e).isInstanceOf(MalformedResponseException.class);
        assertThat(e.getMessage()).contains("no choices");
    }

    @Test
    void anErrorObjectWithStatus200IsAMalformedResponseNamingTheError() {
        stubJson(200, "{\"error\":{\"message\":\"model is loading\",\"type\":\"server_error\"}}");

        ProviderException e = failure(() -> provider().complete(request()));

        assertThat(e).isInstanceOf(MalformedResponseException.class);
        assertThat(e.getMessage()).contains("model is loading");
    }

    // ------------------------------------------------------------------ errors

    @Test
    void retryAfterMsIsPreferredOverRetryAfter() {
        stub(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withHeader("retry-after-ms", "1500").withHeader("Retry-After", "7")
                .withBody(OpenAiWire.error("Rate limit reached for gpt-4o-mini", "requests", "rate_limit_exceeded")));

        ProviderException e = failure(() -> provider().complete(request()));

        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
        assertThat(e.getMessage()).contains("Rate limit reached for gpt-4o-mini");
    }

    @Test
    void retryAfterAsAnHttpDateIsReadAgainstTheClock() {
        String in30s = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(30).atZone(ZoneOffset.UTC));
        stub(aResponse().withStatus(429).withHeader("Content-Type", "application/json").withHeader("Retry-After", in30s)
                .withBody(OpenAiWire.error("slow down", "requests", null)));

        ProviderException e = failure(() -> provider().complete(request()));

        assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void asyncRateLimitIsUnwrappedAndCarriesRetryAfter() {
        stub(aResponse().withStatus(429).withHeader("Content-Type", "application/json").withHeader("Retry-After", "2")
                .withBody(OpenAiWire.error("slow down", "requests", null)));

        Throwable t = catchThrowable(() -> provider().completeAsync(request(), Runnable::run).get(10, TimeUnit.SECONDS));

        assertThat(t).isInstanceOf(ExecutionException.class);
        assertThat(t.getCause()).isInstanceOf(RateLimitedException.class);
        assertThat(((ProviderException) t.getCause()).retryAfter()).contains(Duration.ofSeconds(2));
    }

    @Test
    void asyncCallsNeverUseTheBlockingExecutor() throws Exception {
        stubJson(200, OpenAiWire.success("async", TokenCounts.of(3, 1)));
        AtomicInteger used = new AtomicInteger();
        Executor recording = task -> {
            used.incrementAndGet();
            task.run();
        };

        ProviderResponse response = provider().completeAsync(request(), recording).get(10, TimeUnit.SECONDS);

        assertThat(response.content()).isEqualTo("async");
        assertThat(used).as("the SDK's own async client does the work").hasValue(0);
    }

    @Test
    void asyncReplySlowerThanTheTimeoutFailsWithATimeout() {
        stub(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(OpenAiWire.success("late", TokenCounts.of(1, 1))).withFixedDelay(3_000));
        ProviderRequest quick = new ProviderRequest("gpt-4o-mini", "", "hi", 0, 8, List.of(), ResponseFormat.TEXT,
                Duration.ofMillis(300));

        Throwable t = catchThrowable(() -> provider().completeAsync(quick, Runnable::run).get(10, TimeUnit.SECONDS));

        assertThat(t).isInstanceOf(ExecutionException.class);
        assertThat(t.getCause()).isInstanceOf(ProviderTimeoutException.class);
    }

    @Test
    void insufficientQuotaIsNotARetryableRateLimit() {
        stubJson(429, OpenAiWire.error("You exceeded your current quota, please check your plan and billing details.",
                "insufficient_quota", "insufficient_quota"));

        ProviderException e = failure(() -> provider().complete(request()));

        assertThat(e).isInstanceOf(AuthenticationException.class);
        assertThat(e.kind().isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("OPENAI_API_KEY").contains("exceeded your current quota");
    }

    @Test
    void serviceUnavailableIsAServerErrorWithItsRetryAfter() {
        stub(aResponse().withStatus(503).withHeader("Content-Type", "application/json").withHeader("Retry-After", "3")
                .withBody(OpenAiWire.error("The engine is currently overloaded", "server_error", null)));

        ProviderException e = failure(() -> provider().complete(request()));

        assertThat(e).isInstanceOf(ServerErrorException.class);
        assertThat(e.statusCode()).hasValue(503);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(server.findAll(postRequestedFor(anyUrl()))).as("the SDK must not retry").hasSize(1);
    }

    @Test
    void unauthorizedNamesTheVariableButNeverTheKey() {
        stubJson(401, OpenAiWire.error("Incorrect API key provided: sk-test-****CRET. You can find your API key at "
                + "https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key"));

        ProviderException e = failure(() -> provider().complete(request()));

        assertThat(e).isInstanceOf(AuthenticationException.class);
        assertThat(e.getMessage()).contains("OPENAI_API_KEY").doesNotContain("sk-test");
        assertNoKeyAnywhere(e);
    }

    @Test
    void forbiddenIsAuthenticationNamingTheVariable() {
        stubJson(403, OpenAiWire.error("Project does not have access to model gpt-4o-mini", "invalid_request_error",
                "model_not_found"));

        ProviderException e = failure(() -> provider().complete(request()));

        assertThat(e).isInstanceOf(AuthenticationException.class);
        assertThat(e.statusCode()).hasValue(403);
        assertThat(e.getMessage()).contains("OPENAI_API_KEY").contains("does not have access");
        assertNoKeyAnywhere(e);
    }

    @Test
    void unprocessableEntityIsAnInvalidRequestWithTheProvidersMessage() {
        stubJson(422, OpenAiWire.error("Invalid value for 'temperature': expected a number <= 2", "invalid_request_error", null));

        ProviderException e = failure(() -> provider().complete(request()));

        assertThat(e).isInstanceOf(InvalidRequestException.class);
        assertThat(e.statusCode()).hasValue(422);
        assertThat(e.getMessage()).contains("Invalid value for 'temperature'");
    }

    @Test
    void requestTimeoutStatusIsATimeout() {
        stubJson(408, OpenAiWire.error("Request timed out", "timeout", null));

        ProviderException e = failure(() -> provider().complete(request()));

        assertThat(e).isInstanceOf(ProviderTimeoutException.class);
        assertThat(e.statusCode()).hasValue(408);
        assertThat(server.findAll(postRequestedFor(anyUrl()))).as("the SDK must not retry").hasSize(1);
    }

    @Test
    void contextLengthExceededCodeIsRecognisedWhateverTheMessage() {
        stubJson(400, OpenAiWire.error("Input too large", "invalid_request_error", "context_length_exceeded"));

        assertThat(failure(() -> provider().complete(request()))).isInstanceOf(ContextLengthExceededException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"This model's maximum context length is 8192 tokens, however you requested 9000 tokens",
            "Too many tokens in the prompt", "prompt is too long: 210000 tokens > 200000 maximum"})
    void contextLengthMessagesAreRecognised(String message) {
        stubJson(400, OpenAiWire.error(message, "invalid_request_error", null));

        ProviderException e = failure(() -> provider().complete(request()));

        assertThat(e).isInstanceOf(ContextLengthExceededException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
    }

    @Test
    void unknownModelNamesTheModel() {
        stubJson(404, OpenAiWire.error("The model `gpt-4o-mini` does not exist or you do not have access to it.",
                "invalid_request_error", "model_not_found"));

        ProviderException e = failure(() -> provider().complete(request()));

        assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
        assertThat(e.getMessage()).contains("gpt-4o-mini").contains("does not exist");
    }

    @Test
    void redirectsAreNotFollowedAndNameTheBaseUrlVariable() {
        stub(aResponse().withStatus(301).withHeader("Location", "https://elsewhere.example.com/v1/chat/completions?sig=x"));

        ProviderException e = failure(() -> provider().complete(request()));

        assertThat(e).isInstanceOf(ProviderConnectionException.class);
        assertThat(e.statusCode()).hasValue(301);
        assertThat(e.getMessage()).contains("OPENAI_BASE_URL").contains("https://elsewhere.example.com/v1/chat/completions")
                .doesNotContain("sig=x");
        assertThat(server.findAll(postRequestedFor(anyUrl()))).hasSize(1);
    }

    @Test
    void aNonJsonErrorBodyStillGivesAClassifiedErrorWithTheText() {
        stub(aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody("<html>Bad gateway</html>"));

        ProviderException e = failure(() -> provider().complete(request()));

        assertThat(e).isInstanceOf(ServerErrorException.class);
        assertThat(e.statusCode()).hasValue(502);
    }

    @Test
    void aServerThatEchoesTheKeyCannotLeakIt() {
        stubJson(400, OpenAiWire.error("bad header: Bearer " + KEY, "invalid_request_error", null));

        ProviderException e = failure(() -> provider().complete(request()));

        assertThat(e).isInstanceOf(InvalidRequestException.class);
        assertThat(e.getMessage()).contains("bad header");
        assertNoKeyAnywhere(e);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 408, 409, 422, 429, 500, 503})
    void noErrorMessageOrToStringContainsTheKey(int status) {
        stubJson(status, OpenAiWire.error("failure " + status, "error", null));
        OpenAiProvider p = provider();

        ProviderException e = failure(() -> p.complete(request()));

        assertNoKeyAnywhere(e);
        assertThat(p.toString()).doesNotContain(KEY).contains("apiKey=set");
    }

    @Test
    void connectionRefusedIsAConnectionError() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }

        ProviderException e = failure(() -> provider("http://127.0.0.1:" + freePort).complete(request()));

        assertThat(e).isInstanceOf(ProviderConnectionException.class);
        assertThat(e.getMessage()).contains("127.0.0.1:" + freePort);
        assertNoKeyAnywhere(e);
    }

    @Test
    void aZeroTimeoutFailsFastWithoutCallingTheServer() {
        ProviderRequest noTime = new ProviderRequest("gpt-4o-mini", "", "hi", 0, 8, List.of(), ResponseFormat.TEXT,
                Duration.ZERO);

        ProviderException e = failure(() -> provider().complete(noTime));

        assertThat(e).isInstanceOf(ProviderTimeoutException.class);
        assertThat(server.findAll(postRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void anInterruptedCallerGetsAProviderExceptionAndKeepsItsInterruptFlag() {
        stub(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(OpenAiWire.success("late", TokenCounts.of(1, 1))).withFixedDelay(3_000));
        OpenAiProvider p = provider();

        Thread.currentThread().interrupt();
        Throwable t;
        boolean stillInterrupted;
        try {
            t = catchThrowable(() -> p.complete(request()));
        } finally {
            stillInterrupted = Thread.interrupted();
        }

        assertThat(t).isInstanceOf(ProviderException.class);
        assertThat(stillInterrupted).isTrue();
    }

    @Test
    void callsAfterCloseFailWithAProviderException() {
        OpenAiProvider p = provider();
        p.close();
        p.close();

        ProviderException e = failure(() -> p.complete(request()));

        assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
        assertThat(e.getMessage()).contains("closed");
        assertThat(p.httpClient().dispatcher().executorService().isShutdown()).as("threads released").isTrue();
        Throwable async = catchThrowable(() -> p.completeAsync(request(), Runnable::run).join());
        assertThat(async).isInstanceOf(CompletionException.class).hasCauseInstanceOf(ProviderException.class);
    }

    // ------------------------------------------------------------------ streaming

    @Test
    void streamEmitsNonEmptyDeltasInOrderAndTheFinalUsage() {
        stubStream(OpenAiWire.stream(List.of("Hel", "", "lo", " world"), new TokenCounts(12, 5, 4, 0, 2)));
        List<String> chunks = new ArrayList<>();

        ProviderResponse response = provider().stream(request(), chunks::add);

        assertThat(chunks).containsExactly("Hel", "lo", " world");
        assertThat(response.content()).isEqualTo("Hello world");
        assertThat(response.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.tokens()).isEqualTo(new TokenCounts(12, 5, 4, 0, 2));
    }

    @Test
    void streamStoppedByTheTokenLimitReportsLength() {
        stubStream(OpenAiWire.stream(List.of("Once upon"), "length", TokenCounts.of(5, 2), true));

        assertThat(provider().stream(request(), c -> { }).finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void streamWithoutFinishReasonIsNeverAShortAnswer() {
        String full = OpenAiWire.stream(List.of("Hello", " world"), TokenCounts.of(3, 2));
        String cut = full.substring(0, full.indexOf("\"finish_reason\":\"stop\""));
        cut = cut.substring(0, cut.lastIndexOf("data: "));
        stubStream(cut);
        List<String> chunks = new ArrayList<>();

        ProviderException e = failure(() -> provider().stream(request(), chunks::add));

        assertThat(e).isInstanceOf(MalformedResponseException.class);
        assertThat(chunks).containsExactly("Hello", " world");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", ": keep-alive\n\n", "data: [DONE]\n\n"})
    void anEmpty200StreamIsAMalformedResponseLikeInTheOtherAdapters(String body) {
        stubStream(body);
        List<String> chunks = new ArrayList<>();

        ProviderException e = failure(() -> provider().stream(request(), chunks::add));

        assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
        assertThat(chunks).isEmpty();
    }

    @Test
    void aMalformedEventIsAMalformedResponse() {
        String body = OpenAiWire.stream(List.of("Hello", " world"), TokenCounts.of(3, 2))
                .replaceFirst("data: \\{", "data: {\"broken\": ");
        stubStream(body);

        ProviderException e = failure(() -> provider().stream(request(), c -> { }));

        assertThat(e).isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void streamCutBetweenFinishAndUsageFailsWhenUsageIsRequired() {
        // as against api.openai.com, which always sends the usage chunk when include_usage is set
        String body = OpenAiWire.stream(List.of("Hi"), "stop", TokenCounts.ZERO, false).replace("data: [DONE]\n\n", "");
        stubStream(body);
        OpenAiProvider strict = new OpenAiProvider(config(Optional.of(Secret.of(KEY)), Optional.of(root()), Map.of()),
                Clock.systemUTC(), true);
        providers.add(strict);

        ProviderException e = failure(() -> strict.stream(request(), c -> { }));

        assertThat(e).isInstanceOf(MalformedResponseException.class);
        assertThat(e.getMessage()).contains("usage");
    }

    @Test
    void streamFromACompatibleServerWithoutUsageCountsZero() {
        stubStream(OpenAiWire.stream(List.of("Hi"), "stop", TokenCounts.ZERO, false));

        ProviderResponse response = provider().stream(request(), c -> { });

        assertThat(response.content()).isEqualTo("Hi");
        assertThat(response.tokens()).isEqualTo(TokenCounts.ZERO);
    }

    @Test
    void anErrorEventInsideTheStreamIsClassified() {
        String body = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
                + "[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"error\":{\"message\":\"The server had an error while processing your request.\","
                + "\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n";
        stubStream(body);

        ProviderException e = failure(() -> provider().stream(request(), c -> { }));

        assertThat(e).isInstanceOf(ServerErrorException.class);
        assertThat(e.getMessage()).contains("The server had an error");
    }

    @Test
    void aStreamWhoseGapsExceedTheTimeoutEndsWithATimeout() {
        stub(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(OpenAiWire.stream(List.of("a", "b", "c", "d"), TokenCounts.of(1, 4)))
                .withChunkedDribbleDelay(8, 8_000));
        ProviderRequest quick = new ProviderRequest("gpt-4o-mini", "", "hi", 0, 8, List.of(), ResponseFormat.TEXT,
                Duration.ofMillis(500));

        long start = System.nanoTime();
        ProviderException e = failure(() -> provider().stream(quick, c -> { }));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(e).isInstanceOf(ProviderTimeoutException.class);
        assertThat(elapsedMs).as("gives up near the timeout").isLessThan(3_000);
    }

    @Test
    void aLivelyStreamLongerThanTheTimeoutIsNotCut() {
        stub(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(OpenAiWire.stream(List.of("a", "b", "c", "d"), TokenCounts.of(1, 4)))
                .withChunkedDribbleDelay(8, 1_600));
        ProviderRequest idleBound = new ProviderRequest("gpt-4o-mini", "", "hi", 0, 8, List.of(), ResponseFormat.TEXT,
                Duration.ofMillis(800));

        List<String> chunks = new ArrayList<>();
        ProviderResponse r = provider().stream(idleBound, chunks::add);

        assertThat(String.join("", chunks)).isEqualTo("abcd");
        assertThat(r.content()).isEqualTo("abcd");
    }

    @Test
    void anExceptionFromTheSinkPropagatesUnchanged() {
        stubStream(OpenAiWire.stream(List.of("Hello", " world"), TokenCounts.of(3, 2)));
        IllegalStateException boom = new IllegalStateException("listener failed");

        assertThatThrownBy(() -> provider().stream(request(), c -> {
            throw boom;
        })).isSameAs(boom);
    }

    @Test
    void streamErrorStatusCarriesRetryAfter() {
        stub(aResponse().withStatus(429).withHeader("Content-Type", "application/json").withHeader("Retry-After", "4")
                .withBody(OpenAiWire.error("slow down", "requests", null)));
        List<String> chunks = new ArrayList<>();

        ProviderException e = failure(() -> provider().stream(request(), chunks::add));

        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(4));
        assertThat(chunks).isEmpty();
        assertThat(server.findAll(postRequestedFor(urlPathEqualTo(PATH)))).hasSize(1);
    }
}
