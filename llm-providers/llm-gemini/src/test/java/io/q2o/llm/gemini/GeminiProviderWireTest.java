package io.q2o.llm.gemini;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.UrlPattern;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.FinishReason;
import io.q2o.llm.ResponseFormat;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.KeyRedactor;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.ProviderException;
import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.spi.ProviderResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** What the adapter puts on the wire and how it reads Gemini's answers, beyond the shared contract. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GeminiProviderWireTest {

    private static final String MODEL = "gemini-test";
    private static final UrlPattern GENERATE = urlPathEqualTo("/v1beta/models/" + MODEL + ":generateContent");
    private static final UrlPattern STREAM = urlEqualTo("/v1beta/models/" + MODEL + ":streamGenerateContent?alt=sse");

    private WireMockServer server;
    private GeminiProvider provider;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        provider = (GeminiProvider) GeminiWire.provider(base(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        assertThat(provider.tracker().openCalls()).as("every attempt is forgotten when it ends").isZero();
        provider.close();
        server.stop();
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static ProviderRequest request(String system, List<String> stops, ResponseFormat format, Duration timeout) {
        return new ProviderRequest(MODEL, system, "Say hello", 0.25, 64, stops, format, timeout);
    }

    private static ProviderRequest request() {
        return request("You are terse.", List.of(), ResponseFormat.TEXT, Duration.ofSeconds(5));
    }

    private void stub(UrlPattern url, ResponseDefinitionBuilder response) {
        server.stubFor(post(url).willReturn(response));
    }

    private void stubJson(int status, String body) {
        stub(GENERATE, aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body));
    }

    private ProviderException failure(ProviderRequest request) {
        Throwable t = catchThrowable(() -> provider.complete(request));
        assertThat(t).isInstanceOf(ProviderException.class);
        return (ProviderException) t;
    }

    private LoggedRequest onlyRequest(UrlPattern url) {
        List<LoggedRequest> all = server.findAll(postRequestedFor(url));
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    // ---- request on the wire -------------------------------------------------------------

    @Test
    void sendsModelKeySystemInstructionAndGenerationConfigTheWayGeminiExpects() {
        stubJson(200, GeminiWire.success("ok", "STOP", TokenCounts.of(3, 1)));

        provider.complete(request("You are terse.", List.of("END", "STOP!"), ResponseFormat.TEXT, Duration.ofSeconds(5)));

        LoggedRequest r = onlyRequest(GENERATE);
        assertThat(r.getHeader("x-goog-api-key")).isEqualTo(GeminiWire.KEY);
        assertThat(r.containsHeader(CallTracker.CALL_ID_HEADER)).as("internal header stays internal").isFalse();
        server.verify(postRequestedFor(GENERATE)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.systemInstruction.parts[0].text", equalTo("You are terse.")))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.contents[0].role", equalTo("user")))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.contents[0].parts[0].text", equalTo("Say hello")))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.generationConfig.temperature", equalTo("0.25")))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.generationConfig.maxOutputTokens", equalTo("64")))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.generationConfig.stopSequences[0]", equalTo("END")))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.generationConfig.stopSequences[1]", equalTo("STOP!")))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.generationConfig.candidateCount", equalTo("1"))));
        String body = r.getBodyAsString();
        assertThat(body).doesNotContain("responseMimeType").doesNotContain("automaticContinuation")
                .doesNotContain("You are terse.\",\"role\":\"user");
    }

    @Test
    void omitsSystemInstructionWhenTheSystemPromptIsEmptyAndAsksForJsonInJsonMode() {
        stubJson(200, GeminiWire.success("{\"a\":1}", "STOP", TokenCounts.of(3, 1)));

        ProviderResponse response = provider.complete(request("", List.of(), ResponseFormat.JSON, Duration.ofSeconds(5)));

        assertThat(response.content()).isEqualTo("{\"a\":1}");
        String body = onlyRequest(GENERATE).getBodyAsString();
        assertThat(body).doesNotContain("systemInstruction").doesNotContain("stopSequences");
        server.verify(postRequestedFor(GENERATE).withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.generationConfig.responseMimeType", equalTo("application/json"))));
    }

    @Test
    void aBaseUrlEndingInTheApiVersionIsNotDoubled() {
        provider.close();
        provider = (GeminiProvider) GeminiWire.provider(base() + "/v1beta/", Duration.ofSeconds(5));
        stubJson(200, GeminiWire.success("ok", "STOP", TokenCounts.of(3, 1)));

        assertThat(provider.complete(request()).content()).isEqualTo("ok");
        onlyRequest(GENERATE);
    }

    @Test
    void streamingPostsToStreamGenerateContentWithAltSse() {
        stub(STREAM, aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(GeminiWire.streamBody(List.of("a", "b"), TokenCounts.of(2, 2))));

        provider.stream(request(), t -> { });

        assertThat(onlyRequest(STREAM).getHeader("x-goog-api-key")).isEqualTo(GeminiWire.KEY);
    }

    // ---- SDK retries off ------------------------------------------------------------------

    @Test
    void everyStatusTheSdkWouldRetryIsOneRequestAndComesBackWithoutTheSdksBackoff() {
        // The SDK's defaults retry 408/429/5xx 5 times; and even with attempts(1) it sleeps a random
        // 0-2 s (initialDelay 1 s +/- jitter) after the last attempt. Six such sleeps would add ~6 s;
        // the bound below is a behaviour check with a wide margin, not a performance measurement.
        stubJson(200, GeminiWire.success("warm-up", "STOP", TokenCounts.of(1, 1)));
        provider.complete(request()); // class loading and connection set-up out of the timing
        long start = System.nanoTime();
        for (int status : new int[] {408, 429, 500, 502, 503, 504}) {
            server.resetAll();
            stubJson(status, GeminiWire.error(status, "status " + status));

            ProviderException e = failure(request());

            assertThat(e.statusCode()).as("HTTP " + status).hasValue(status);
            assertThat(server.findAll(postRequestedFor(GENERATE))).as("requests for HTTP " + status).hasSize(1);
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMs).as("six failed calls without SDK back-off").isLessThan(2_500);
    }

    @Test
    void a503MapsToServerErrorWithTheProvidersMessage() {
        stubJson(503, GeminiWire.error(503, "The model is overloaded."));

        ProviderException e = failure(request());

        assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(e.getMessage()).contains("The model is overloaded.").contains("503");
        onlyRequest(GENERATE);
    }

    @Test
    void a429WithoutAnyDelayHintHasNoRetryAfter() {
        stubJson(429, GeminiWire.error(429, "Resource has been exhausted (e.g. check quota)."));

        ProviderException e = failure(request());

        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEmpty();
        onlyRequest(GENERATE);
    }

    // ---- Retry-After ----------------------------------------------------------------------

    @Test
    void rateLimitWithoutHeaderTakesTheDelayFromGooglesRetryInfo() {
        stubJson(429, "{\"error\": {\"code\": 429, \"message\": \"You exceeded your current quota.\","
                + " \"status\": \"RESOURCE_EXHAUSTED\", \"details\": ["
                + "{\"@type\": \"type.googleapis.com/google.rpc.QuotaFailure\", \"violations\": []},"
                + "{\"@type\": \"type.googleapis.com/google.rpc.RetryInfo\", \"retryDelay\": \"37s\"}]}}");

        ProviderException e = failure(request());

        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(37));
    }

    @Test
    void unavailableCarriesRetryAfterToo() {
        stub(GENERATE, aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", "2").withBody(GeminiWire.error(503, "unavailable")));

        ProviderException e = failure(request());

        assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
    }

    @Test
    void retryAfterIsCapturedForStreamsAndAsyncCalls() throws Exception {
        stub(STREAM, aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", "3").withBody(GeminiWire.error(429, "slow down")));
        stub(GENERATE, aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", "4").withBody(GeminiWire.error(429, "slow down")));

        Throwable streamed = catchThrowable(() -> provider.stream(request(), t -> { }));
        Throwable async = asyncFailure(provider.completeAsync(request(), neverUsed()));

        assertThat(((ProviderException) streamed).retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(async).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) async).kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(((ProviderException) async).retryAfter()).contains(Duration.ofSeconds(4));
    }

    // ---- authentication and key hygiene ---------------------------------------------------

    @Test
    void forbiddenIsAuthenticationNamingTheVariableButNeverTheKey() {
        stubJson(403, GeminiWire.error(403, "Method doesn't allow unregistered callers."));

        ProviderException e = failure(request());

        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(e.statusCode()).hasValue(403);
        assertThat(e.getMessage()).contains("GOOGLE_API_KEY").doesNotContain(GeminiWire.KEY);
    }

    @Test
    void badRequestSayingTheKeyIsInvalidIsAuthentication() {
        stubJson(400, GeminiWire.error(400, "API key not valid. Please pass a valid API key."));

        ProviderException e = failure(request());

        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(e.getMessage()).contains("GOOGLE_API_KEY");
    }

    @Test
    void theKeyIsScrubbedEvenWhenTheServerEchoesIt() {
        stubJson(400, GeminiWire.error(400, "bad value for key=" + GeminiWire.KEY));

        ProviderException e = failure(request());

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(e.getMessage()).doesNotContain(GeminiWire.KEY).contains("****");
        assertThat(e.toString()).doesNotContain(GeminiWire.KEY);
    }

    @Test
    void aKeyEchoedByTheServerNeverReachesTheCauseChainOfAnyCallStyle() throws Exception {
        String echo = GeminiWire.error(400, "bad value for key=" + GeminiWire.KEY);
        stubJson(400, echo);
        stub(STREAM, aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(echo));

        List<Throwable> failures = List.of(
                catchThrowable(() -> provider.complete(request())),
                catchThrowable(() -> provider.stream(request(), t -> { })),
                asyncFailure(provider.completeAsync(request(), neverUsed())));

        for (Throwable f : failures) {
            assertThat(f).isInstanceOf(ProviderException.class);
            assertThat(((ProviderException) f).kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(f.getMessage()).contains("****");
            assertThat(f.getCause()).as("the SDK exception is replaced, not dropped")
                    .isInstanceOf(KeyRedactor.RedactedCause.class);
            assertThat(f.getCause().getMessage()).contains("****");
            assertThat(GeminiErrorsTest.everythingPrinted(f)).doesNotContain(GeminiWire.KEY);
        }
    }

    @Test
    void theKeyAppearsInNoExceptionNorToString() {
        List<Throwable> failures = new ArrayList<>();
        for (int status : new int[] {400, 401, 403, 404, 429, 500, 503}) {
            server.resetAll();
            stubJson(status, GeminiWire.error(status, "failure " + status));
            failures.add(catchThrowable(() -> provider.complete(request())));
        }
        server.resetAll();
        stubJson(200, "{not json");
        failures.add(catchThrowable(() -> provider.complete(request())));

        for (Throwable f : failures) {
            assertThat(f).isInstanceOf(ProviderException.class);
            for (Throwable t = f; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(GeminiWire.KEY);
                assertThat(t.toString()).doesNotContain(GeminiWire.KEY);
            }
        }
        assertThat(provider.toString()).doesNotContain(GeminiWire.KEY).contains("sdkRetries=off");
        assertThat(GeminiWire.config(base(), Duration.ofSeconds(1), Map.of()).toString()).doesNotContain(GeminiWire.KEY);
    }

    // ---- answers --------------------------------------------------------------------------

    @Test
    void outputCountsThoughtsAndReasoningIsReportedApart() {
        stubJson(200, "{\"candidates\": [" + GeminiWire.candidate("hi", "STOP") + "], \"usageMetadata\": "
                + "{\"promptTokenCount\": 12, \"candidatesTokenCount\": 5, \"totalTokenCount\": 19,"
                + " \"cachedContentTokenCount\": 4, \"thoughtsTokenCount\": 2}, \"modelVersion\": \"gemini-2.5-flash\"}");

        ProviderResponse response = provider.complete(request());

        assertThat(response.tokens()).isEqualTo(new TokenCounts(12, 7, 4, 0, 2));
        assertThat(response.model()).isEqualTo("gemini-2.5-flash");
    }

    @Test
    void aCachedCountAboveThePromptCountIsClampedNotFatal() {
        stubJson(200, "{\"candidates\": [" + GeminiWire.candidate("hi", "STOP") + "], \"usageMetadata\": "
                + "{\"promptTokenCount\": 10, \"candidatesTokenCount\": 5, \"cachedContentTokenCount\": 20}}");

        assertThat(provider.complete(request()).tokens()).isEqualTo(new TokenCounts(10, 5, 10, 0, 0));
    }

    @Test
    void finishReasonsAreNormalised() {
        Map<String, FinishReason> expected = Map.of("STOP", FinishReason.STOP, "MAX_TOKENS", FinishReason.LENGTH,
                "SAFETY", FinishReason.CONTENT_FILTER, "RECITATION", FinishReason.CONTENT_FILTER,
                "BLOCKLIST", FinishReason.CONTENT_FILTER, "PROHIBITED_CONTENT", FinishReason.CONTENT_FILTER,
                "LANGUAGE", FinishReason.OTHER, "SOMETHING_NEW", FinishReason.OTHER);
        expected.forEach((wire, normalised) -> {
            server.resetAll();
            stubJson(200, GeminiWire.success("x", wire, TokenCounts.of(1, 1)));
            assertThat(provider.complete(request()).finishReason()).as(wire).isEqualTo(normalised);
        });
    }

    @Test
    void withoutModelVersionTheRequestedModelIsReportedAndThoughtPartsAreNotText() {
        stubJson(200, "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"thinking...\", \"thought\": true},"
                + " {\"text\": \"Answer\"}], \"role\": \"model\"}, \"finishReason\": \"STOP\"}],"
                + " \"usageMetadata\": {\"promptTokenCount\": 3, \"candidatesTokenCount\": 1}}");

        ProviderResponse response = provider.complete(request());

        assertThat(response.content()).isEqualTo("Answer");
        assertThat(response.model()).isEqualTo(MODEL);
        assertThat(response.tokens()).isEqualTo(TokenCounts.of(3, 1));
    }

    @Test
    void aBlockedPromptIsAnInvalidRequestNamingTheBlockReason() {
        stubJson(200, "{\"promptFeedback\": {\"blockReason\": \"PROHIBITED_CONTENT\"},"
                + " \"usageMetadata\": {\"promptTokenCount\": 9, \"totalTokenCount\": 9}, \"modelVersion\": \"m\"}");

        ProviderException e = failure(request());

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(e.getMessage()).contains("blocked").contains("PROHIBITED_CONTENT");
    }

    @Test
    void noCandidatesWithoutABlockReasonIsMalformed() {
        stubJson(200, "{\"usageMetadata\": {\"promptTokenCount\": 9}}");

        assertThat(failure(request()).kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
    }

    @Test
    void errorStatusesAreClassified() {
        Map<Integer, ErrorKind> expected = Map.of(408, ErrorKind.TIMEOUT, 504, ErrorKind.TIMEOUT,
                500, ErrorKind.SERVER_ERROR, 502, ErrorKind.SERVER_ERROR, 409, ErrorKind.INVALID_REQUEST,
                422, ErrorKind.INVALID_REQUEST);
        expected.forEach((status, kind) -> {
            server.resetAll();
            stubJson(status, GeminiWire.error(status, "status " + status));
            ProviderException e = failure(request());
            assertThat(e.kind()).as("HTTP " + status).isEqualTo(kind);
            assertThat(e.statusCode()).hasValue(status);
        });
    }

    @Test
    void anHtmlErrorPageIsStillClassifiedByStatus() {
        stub(GENERATE, aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                .withBody("<html><body>Bad Gateway</body></html>"));

        assertThat(failure(request()).kind()).isEqualTo(ErrorKind.SERVER_ERROR);
    }

    @Test
    void anEmptyOrNonJsonSuccessBodyIsMalformed() {
        for (String body : new String[] {"", "<html>maintenance</html>", "[]", "null"}) {
            server.resetAll();
            stubJson(200, body);
            ProviderException e = failure(request());
            assertThat(e.kind()).as("body '" + body + "'").isEqualTo(ErrorKind.MALFORMED_RESPONSE);
        }
    }

    @Test
    void oddModelNamesFailAsClassifiedErrorsNeverRawExceptions() {
        for (String model : new String[] {"models/" + MODEL, "a/b/c", "bad model", "tunedModels/x"}) {
            server.resetAll();
            server.stubFor(post(com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                    .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                            .withBody(GeminiWire.error(404, "not found"))));
            Throwable t = catchThrowable(() -> provider.complete(new ProviderRequest(model, "", "hi", 0.1, 8,
                    List.of(), ResponseFormat.TEXT, Duration.ofSeconds(5))));
            assertThat(t).as(model).isInstanceOf(ProviderException.class);
            assertThat(((ProviderException) t).kind()).as(model).isIn(ErrorKind.MODEL_NOT_FOUND, ErrorKind.INVALID_REQUEST);
        }
    }

    @Test
    void aRefusedConnectionIsAConnectionError() {
        server.stop();

        assertThat(failure(request()).kind()).isEqualTo(ErrorKind.CONNECTION);
    }

    // ---- streaming ------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", ": keep-alive\n\n"})
    void anEmpty200StreamIsAMalformedResponseLikeInTheOtherAdapters(String body) {
        stub(STREAM, aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body));
        List<String> chunks = new ArrayList<>();

        Throwable t = catchThrowable(() -> provider.stream(request(), chunks::add));

        assertThat(t).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) t).kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
        assertThat(chunks).isEmpty();
    }

    @Test
    void aStreamThatEndsWithoutAFinishReasonIsCutNotComplete() {
        String full = GeminiWire.streamBody(List.of("Hello", " world"), TokenCounts.of(3, 3));
        String firstEventOnly = full.substring(0, full.indexOf("data:", 1));
        stub(STREAM, aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(firstEventOnly));
        List<String> chunks = new ArrayList<>();

        Throwable t = catchThrowable(() -> provider.stream(request(), chunks::add));

        assertThat(t).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) t).kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
        assertThat(t.getMessage()).contains("without a finish reason");
        assertThat(chunks).containsExactly("Hello");
    }

    @Test
    void aCutStreamCarryingAContinuationTokenIsNotResumedByTheSdk() {
        // The SDK resumes broken streams by itself (automaticContinuation defaults to true) when
        // chunks carry a continuationToken; the adapter switches that off: one call, one request.
        String chunk = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hel\"}], \"role\": \"model\"},"
                + " \"index\": 0, \"continuationToken\": \"Y29udGludWU=\"}], \"modelVersion\": \"m\"}\r\n\r\n";
        stub(STREAM, aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(chunk + "data: {\"candidates\": [{\"content\": {\"par"));
        List<String> chunks = new ArrayList<>();

        Throwable t = catchThrowable(() -> provider.stream(request(), chunks::add));

        assertThat(t).isInstanceOf(ProviderException.class);
        assertThat(chunks).containsExactly("Hel");
        onlyRequest(STREAM);
        assertThat(onlyRequest(STREAM).getBodyAsString()).doesNotContain("continuationToken");
    }

    @Test
    void aStreamWhoseGapsExceedTheTimeoutTimesOutInsteadOfHanging() {
        stub(STREAM, aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(GeminiWire.streamBody(List.of("a", "b", "c", "d"), TokenCounts.of(3, 3)))
                .withChunkedDribbleDelay(8, 8_000));

        Throwable t = catchThrowable(() -> provider.stream(
                request("", List.of(), ResponseFormat.TEXT, Duration.ofMillis(400)), x -> { }));

        assertThat(t).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) t).kind()).isEqualTo(ErrorKind.TIMEOUT);
    }

    @Test
    void aLivelyStreamLongerThanTheTimeoutIsNotCut() {
        stub(STREAM, aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(GeminiWire.streamBody(List.of("a", "b", "c", "d"), TokenCounts.of(3, 3)))
                .withChunkedDribbleDelay(8, 1_600));

        List<String> chunks = new ArrayList<>();
        ProviderResponse r = provider.stream(request("", List.of(), ResponseFormat.TEXT, Duration.ofMillis(800)),
                chunks::add);

        assertThat(String.join("", chunks)).isEqualTo("abcd");
        assertThat(r.content()).isEqualTo("abcd");
    }

    @Test
    void anErrorEventInsideTheStreamIsClassified() {
        String first = GeminiWire.streamBody(List.of("Hello"), TokenCounts.of(3, 3)).replace("\"STOP\"", "null")
                .replace(", \"finishReason\": null", "");
        stub(STREAM, aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(first + "data: " + GeminiWire.error(503, "overloaded mid-stream") + "\r\n\r\n"));
        List<String> chunks = new ArrayList<>();

        Throwable t = catchThrowable(() -> provider.stream(request(), chunks::add));

        assertThat(chunks).containsExactly("Hello");
        assertThat(t).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) t).kind()).isEqualTo(ErrorKind.SERVER_ERROR);
    }

    @Test
    void anExceptionFromTheSinkPropagatesUnchanged() {
        stub(STREAM, aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(GeminiWire.streamBody(List.of("Hello", " world"), TokenCounts.of(3, 3))));
        IllegalStateException boom = new IllegalStateException("listener failed");

        Throwable t = catchThrowable(() -> provider.stream(request(), x -> {
            throw boom;
        }));

        assertThat(t).isSameAs(boom);
    }

    @Test
    void aStreamedBlockedPromptIsAnInvalidRequest() {
        stub(STREAM, aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody("data: {\"promptFeedback\": {\"blockReason\": \"SAFETY\"}, \"usageMetadata\": "
                        + "{\"promptTokenCount\": 4}}\r\n\r\n"));

        Throwable t = catchThrowable(() -> provider.stream(request(), x -> { }));

        assertThat(((ProviderException) t).kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(t.getMessage()).contains("SAFETY");
    }

    @Test
    void streamUsesTheLastReportedUsageAndModel() {
        stub(STREAM, aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(GeminiWire.streamBody(List.of("A", "B", "C"), new TokenCounts(20, 9, 5, 0, 3))));
        List<String> chunks = new ArrayList<>();

        ProviderResponse response = provider.stream(request(), chunks::add);

        assertThat(chunks).containsExactly("A", "B", "C");
        assertThat(response.content()).isEqualTo("ABC");
        assertThat(response.model()).isEqualTo("contract-model-001");
        assertThat(response.tokens()).isEqualTo(new TokenCounts(20, 9, 5, 0, 3));
    }

    // ---- async ----------------------------------------------------------------------------

    @Test
    void asyncDoesNotUseTheBlockingExecutor() throws Exception {
        stubJson(200, GeminiWire.success("async", "STOP", TokenCounts.of(2, 1)));
        AtomicInteger used = new AtomicInteger();
        Executor counting = r -> {
            used.incrementAndGet();
            r.run();
        };

        ProviderResponse response = provider.completeAsync(request(), counting).get(10, TimeUnit.SECONDS);

        assertThat(response.content()).isEqualTo("async");
        assertThat(used).hasValue(0);
    }

    @Test
    void asyncSlowerThanTheTimeoutFailsWithATimeout() {
        stub(GENERATE, aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(GeminiWire.success("late", "STOP", TokenCounts.of(1, 1))).withFixedDelay(4_000));

        Throwable t = asyncFailure(provider.completeAsync(
                request("", List.of(), ResponseFormat.TEXT, Duration.ofMillis(300)), neverUsed()));

        assertThat(t).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) t).kind()).isEqualTo(ErrorKind.TIMEOUT);
    }

    @Test
    void asyncMalformedJsonIsMalformed() {
        stubJson(200, "{\"candidates\": [");

        Throwable t = asyncFailure(provider.completeAsync(request(), neverUsed()));

        assertThat(((ProviderException) t).kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
    }

    // ---- lifecycle ------------------------------------------------------------------------

    @Test
    void aClosedProviderFailsWithAProviderException() {
        provider.close();
        provider.close(); // idempotent

        assertThat(failure(request()).kind()).isEqualTo(ErrorKind.INTERNAL);
        assertThat(asyncFailure(provider.completeAsync(request(), neverUsed()))).isInstanceOf(ProviderException.class);
        assertThat(server.findAll(postRequestedFor(GENERATE))).isEmpty();
    }

    @Test
    void noTimeLeftFailsWithoutARequest() {
        ProviderException e = failure(request("", List.of(), ResponseFormat.TEXT, Duration.ZERO));

        assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(server.findAll(postRequestedFor(GENERATE))).isEmpty();
    }

    private static Executor neverUsed() {
        return r -> {
            throw new AssertionError("the blocking executor must not be used");
        };
    }

    private static Throwable asyncFailure(CompletableFuture<ProviderResponse> future) {
        Throwable t = catchThrowable(() -> future.get(10, TimeUnit.SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class);
        return t.getCause();
    }
}
