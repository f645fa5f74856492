package io.q2o.llm.testkit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.UrlPattern;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The contract every provider adapter passes: each adapter module extends this class and
 * supplies its provider's wire format. A WireMock server on a free loopback port plays the
 * provider; the real SDK client talks to it.
 */
public abstract class ProviderContractTest {

    /** The model every contract test asks for. */
    protected static final String MODEL = "contract-model";

    /** The fake provider server, started before each test. */
    protected WireMockServer server;
    /** The adapter under test, pointed at {@link #server}. */
    protected LlmProvider provider;

    private ExecutorService executor;

    /** How late the stub in {@link #replySlowerThanTheTimeoutIsATimeout} answers. */
    private static final int SLOW_REPLY_MS = 20_000;

    /**
     * @param baseUrl the WireMock base URL ({@code http://127.0.0.1:PORT}); append the provider's
     *                own prefix (e.g. {@code /v1}) as its SDK expects
     * @param timeout the request timeout to configure
     * @return the adapter under test with the SDK's retries off
     */
    protected abstract LlmProvider newProvider(String baseUrl, Duration timeout);

    /** @return the URL that a non-streaming call to {@link #MODEL} posts to */
    protected abstract UrlPattern completionUrl();

    /** @return the URL that a streaming call to {@link #MODEL} posts to */
    protected abstract UrlPattern streamUrl();

    /**
     * @param text   the answer text
     * @param tokens the counts to report (input incl. cached, output incl. reasoning)
     * @return a JSON success body in the provider's wire format, finish reason "stop"
     */
    protected abstract String successBody(String text, TokenCounts tokens);

    /**
     * @param chunks the text deltas
     * @param tokens the counts to report in the final event
     * @return a complete SSE body in the provider's wire format
     */
    protected abstract String streamBody(List<String> chunks, TokenCounts tokens);

    /**
     * @param status  the HTTP status
     * @param message the provider's error message
     * @return a JSON error body in the provider's wire format
     */
    protected abstract String errorBody(int status, String message);

    /** @return the message the provider sends with a 400 when the prompt is too long */
    protected abstract String contextTooLongMessage();

    /** @return the token counts the adapter is expected to report for {@link #successBody} with the given counts (identity by default) */
    protected TokenCounts expectedTokens(TokenCounts sent) {
        return sent;
    }

    @BeforeEach
    void startServer() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        executor = Executors.newFixedThreadPool(2);
        provider = newProvider("http://127.0.0.1:" + server.port(), Duration.ofSeconds(5));
    }

    /** Safe after a partial {@link #startServer}: whatever was not created (e.g. {@code newProvider} threw) is skipped. */
    @AfterEach
    void stopServer() throws Exception {
        try {
            if (provider != null) {
                provider.close();
            }
        } finally {
            try {
                if (server != null) {
                    server.stop();
                }
            } finally {
                if (executor != null) {
                    executor.shutdownNow();
                    executor.awaitTermination(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** @return a plain request for {@link #MODEL} */
    protected ProviderRequest request() {
        return new ProviderRequest(MODEL, "You are terse.", "Say hello", 0.25, 64, List.of(),
                ResponseFormat.TEXT, Duration.ofSeconds(5));
    }

    private void stub(UrlPattern url, ResponseDefinitionBuilder response) {
        server.stubFor(post(url).willReturn(response));
    }

    private void stubJson(int status, String body) {
        stub(completionUrl(), aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body));
    }

    private ProviderException failure(ProviderRequest request) {
        Throwable t = catchThrowable(() -> provider.complete(request));
        assertThat(t).as("adapter must throw a ProviderException").isInstanceOf(ProviderException.class);
        return (ProviderException) t;
    }

    @Test
    void mapsTextFinishReasonAndAllTokenCounts() {
        TokenCounts sent = new TokenCounts(12, 5, 4, 0, 2);
        stubJson(200, successBody("Hello from stub", sent));

        ProviderResponse response = provider.complete(request());

        assertThat(response.content()).isEqualTo("Hello from stub");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.tokens()).isEqualTo(expectedTokens(sent));
        assertThat(response.model()).isNotBlank();
        assertThat(server.findAll(WireMock.postRequestedFor(completionUrl()))).hasSize(1);
    }

    @Test
    void asyncCallMapsTheSameAnswer() throws Exception {
        TokenCounts sent = new TokenCounts(30, 7, 0, 0, 0);
        stubJson(200, successBody("async hello", sent));

        ProviderResponse response = provider.completeAsync(request(), executor).get(10, TimeUnit.SECONDS);

        assertThat(response.content()).isEqualTo("async hello");
        assertThat(response.tokens()).isEqualTo(expectedTokens(sent));
    }

    @Test
    void asyncCallFailsWithAProviderException() {
        stubJson(401, errorBody(401, "bad key"));

        Throwable t = catchThrowable(() -> provider.completeAsync(request(), executor).get(10, TimeUnit.SECONDS));

        Throwable cause = t instanceof ExecutionException || t instanceof CompletionException ? t.getCause() : t;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertThat(cause).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) cause).kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    }

    @Test
    void rateLimitCarriesRetryAfterAndIsNotRetriedByTheSdk() {
        stub(completionUrl(), aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", "7").withBody(errorBody(429, "slow down")));

        ProviderException e = failure(request());

        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.statusCode()).hasValue(429);
        assertThat(server.findAll(WireMock.postRequestedFor(completionUrl()))).hasSize(1);
    }

    @Test
    void serverErrorsAreServerErrorsAndNotRetriedByTheSdk() {
        for (int status : new int[] {500, 503}) {
            server.resetAll();
            stubJson(status, errorBody(status, "boom " + status));

            ProviderException e = failure(request());

            assertThat(e.kind()).as("status " + status).isIn(ErrorKind.SERVER_ERROR, ErrorKind.OVERLOADED);
            assertThat(e.statusCode()).hasValue(status);
            assertThat(server.findAll(WireMock.postRequestedFor(completionUrl()))).hasSize(1);
        }
    }

    /** OkHttp re-sends a 408 on its own unless told not to; the pipeline's retry loop must be the only one. */
    @Test
    void requestTimeout408IsSentExactlyOnce() {
        stubJson(408, errorBody(408, "request timeout"));

        ProviderException e = failure(request());

        assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(e.statusCode()).hasValue(408);
        assertThat(server.findAll(WireMock.postRequestedFor(completionUrl()))).hasSize(1);
    }

    /**
     * OkHttp silently re-sends a 503 whose {@code Retry-After} is 0, whatever the SDK's own retry
     * setting; the adapter must stop that and still report the zero delay.
     */
    @Test
    void serviceUnavailableWithRetryAfterZeroIsSentExactlyOnceAndCarriesTheZeroDelay() {
        stub(completionUrl(), aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", "0").withBody(errorBody(503, "try again now")));

        ProviderException e = failure(request());

        assertThat(e.kind()).isIn(ErrorKind.SERVER_ERROR, ErrorKind.OVERLOADED);
        assertThat(e.statusCode()).hasValue(503);
        assertThat(e.retryAfter()).contains(Duration.ZERO);
        assertThat(server.findAll(WireMock.postRequestedFor(completionUrl()))).hasSize(1);
    }

    @Test
    void streamServiceUnavailableWithRetryAfterZeroIsSentExactlyOnce() {
        stub(streamUrl(), aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", "0").withBody(errorBody(503, "try again now")));

        Throwable t = catchThrowable(() -> provider.stream(request(), chunk -> { }));

        assertThat(t).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) t).kind()).isIn(ErrorKind.SERVER_ERROR, ErrorKind.OVERLOADED);
        assertThat(((ProviderException) t).retryAfter()).contains(Duration.ZERO);
        assertThat(server.findAll(WireMock.postRequestedFor(streamUrl()))).hasSize(1);
    }

    @Test
    void unauthorizedIsAuthentication() {
        stubJson(401, errorBody(401, "invalid key"));
        assertThat(failure(request()).kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    }

    @Test
    void unknownModelIsModelNotFound() {
        stubJson(404, errorBody(404, "model contract-model not found"));
        assertThat(failure(request()).kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
    }

    @Test
    void promptTooLongIsContextLengthExceeded() {
        stubJson(400, errorBody(400, contextTooLongMessage()));
        assertThat(failure(request()).kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
    }

    @Test
    void otherBadRequestIsInvalidRequestWithTheProvidersMessage() {
        stubJson(400, errorBody(400, "temperature is out of range"));
        ProviderException e = failure(request());
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(e.getMessage()).contains("temperature is out of range");
    }

    @Test
    void malformedJsonIsMalformedResponse() {
        stubJson(200, "{\"this is\": not json");
        assertThat(failure(request()).kind()).isIn(ErrorKind.MALFORMED_RESPONSE);
    }

    @Test
    void connectionResetIsConnectionError() {
        stub(completionUrl(), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        assertThat(failure(request()).kind()).isIn(ErrorKind.CONNECTION, ErrorKind.MALFORMED_RESPONSE);
    }

    @Test
    void emptyReplyIsAClassifiedFailure() {
        stub(completionUrl(), aResponse().withFault(Fault.EMPTY_RESPONSE));
        assertThat(failure(request()).kind()).isIn(ErrorKind.CONNECTION, ErrorKind.MALFORMED_RESPONSE);
    }

    /**
     * Proves "no hang past the deadline", not speed: the stub answers only after
     * {@value #SLOW_REPLY_MS} ms, the request allows 300 ms, and the failure must come back well
     * before the reply could have — with a margin wide enough for a loaded 2-core machine.
     */
    @Test
    void replySlowerThanTheTimeoutIsATimeout() {
        stub(completionUrl(), aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(successBody("late", TokenCounts.of(1, 1))).withFixedDelay(SLOW_REPLY_MS));
        ProviderRequest quick = new ProviderRequest(MODEL, "", "hi", 0.0, 8, List.of(), ResponseFormat.TEXT,
                Duration.ofMillis(300));

        long start = System.nanoTime();
        ProviderException e = failure(quick);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(elapsedMs).as("must give up at the 300 ms timeout, not wait for the reply")
                .isLessThan(SLOW_REPLY_MS / 2);
    }

    @Test
    void streamDeliversChunksInOrderThenTheFullAnswerWithUsage() {
        TokenCounts sent = new TokenCounts(12, 5, 4, 0, 2);
        stub(streamUrl(), aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(streamBody(List.of("Hello", " world"), sent)));
        List<String> chunks = new ArrayList<>();

        ProviderResponse response = provider.stream(request(), chunks::add);

        assertThat(String.join("", chunks)).isEqualTo("Hello world");
        assertThat(chunks).hasSizeGreaterThanOrEqualTo(2);
        assertThat(response.content()).isEqualTo("Hello world");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.tokens()).isEqualTo(expectedTokens(sent));
    }

    @Test
    void streamCutHalfWayFailsWithAProviderException() {
        String full = streamBody(List.of("Hello", " world", " and more"), TokenCounts.of(3, 3));
        String cut = full.substring(0, full.indexOf(" world"));
        stub(streamUrl(), aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(cut));
        List<String> chunks = new ArrayList<>();

        Throwable t = catchThrowable(() -> provider.stream(request(), chunks::add));

        assertThat(t).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) t).kind()).isIn(ErrorKind.MALFORMED_RESPONSE, ErrorKind.CONNECTION,
                ErrorKind.STREAM_INTERRUPTED);
    }

    @Test
    void streamWithAMalformedEventFailsWithAProviderException() {
        String full = streamBody(List.of("Hello", " world"), TokenCounts.of(3, 3));
        String broken = full.replaceFirst("data: \\{", "data: {\"broken\": ");
        stub(streamUrl(), aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(broken));

        assertThatThrownBy(() -> provider.stream(request(), chunk -> { }))
                .isInstanceOf(ProviderException.class);
    }

    @Test
    void streamErrorStatusBeforeAnyChunkIsClassified() {
        stub(streamUrl(), aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                .withBody(errorBody(503, "unavailable")));
        List<String> chunks = new ArrayList<>();

        Throwable t = catchThrowable(() -> provider.stream(request(), chunks::add));

        assertThat(t).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) t).kind()).isIn(ErrorKind.SERVER_ERROR, ErrorKind.OVERLOADED);
        assertThat(chunks).isEmpty();
    }
}
