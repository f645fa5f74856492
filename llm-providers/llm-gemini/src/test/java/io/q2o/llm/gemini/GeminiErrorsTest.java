package io.q2o.llm.gemini;

import com.fasterxml.jackson.core.JsonParseException;
import com.google.genai.errors.ClientException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.errors.ServerException;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.spi.KeyRedactor;
import io.q2o.llm.spi.ProviderException;
import io.q2o.llm.spi.RateLimitedException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

class GeminiErrorsTest {

    private final GeminiErrors errors = new GeminiErrors("gemini", GeminiWire.KEY);

    private ErrorKind kind(Throwable t) {
        return errors.map(t, "m", null).kind();
    }

    @Test
    void unwrapsCompletionAndExecutionExceptions() {
        ClientException api = new ClientException(429, "RESOURCE_EXHAUSTED", "quota");
        ProviderException e = errors.map(new CompletionException(new ExecutionException(api)), "m", Duration.ofSeconds(9));

        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(9));
        assertThat(e.getCause()).isSameAs(api);
    }

    @Test
    void providerExceptionsPassThroughUnchanged() {
        ProviderException original = new ProviderException(ErrorKind.TIMEOUT, "gemini", -1, null, "x", null);

        assertThat(errors.map(new CompletionException(original), "m", null)).isSameAs(original);
    }

    @Test
    void ioFailuresAreTimeoutsConnectionErrorsOrMalformedBodies() {
        assertThat(kind(new GenAiIOException("Failed to execute HTTP request.", new InterruptedIOException("timeout"))))
                .isEqualTo(ErrorKind.TIMEOUT);
        assertThat(kind(new GenAiIOException("read", new SocketTimeoutException("read timed out"))))
                .isEqualTo(ErrorKind.TIMEOUT);
        assertThat(kind(new GenAiIOException("Failed to execute HTTP request.", new IOException("unexpected end of stream"))))
                .isEqualTo(ErrorKind.CONNECTION);
        assertThat(kind(new GenAiIOException("Failed to parse", new JsonParseException(null, "bad"))))
                .isEqualTo(ErrorKind.MALFORMED_RESPONSE);
        assertThat(kind(new IllegalStateException("Failed to convert JSON object",
                new GenAiIOException("x", new JsonParseException(null, "bad")))))
                .isEqualTo(ErrorKind.MALFORMED_RESPONSE);
        assertThat(kind(new GenAiIOException("no cause"))).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
    }

    @Test
    void anythingElseIsInternalNeverEscapingRaw() {
        ProviderException e = errors.map(new NullPointerException("sdk bug"), "m", null);

        assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
        assertThat(e.getMessage()).contains("NullPointerException");
    }

    @Test
    void statusesAndRpcCodesAreClassified() {
        assertThat(kind(new ServerException(504, "DEADLINE_EXCEEDED", "Deadline expired"))).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(kind(new ServerException(500, "INTERNAL", "oops"))).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(kind(new ClientException(400, "INVALID_ARGUMENT",
                "The input token count (2000000) exceeds the maximum number of tokens allowed (1048576).")))
                .isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
        assertThat(kind(new ClientException(400, "INVALID_ARGUMENT", "Request contains an input that is too long")))
                .isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
        assertThat(kind(new ClientException(400, "FAILED_PRECONDITION", "User location is not supported")))
                .isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(kind(new ClientException(404, "NOT_FOUND", "models/x is not found"))).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
        assertThat(kind(new ClientException(401, "UNAUTHENTICATED", "no"))).isEqualTo(ErrorKind.AUTHENTICATION);
    }

    @Test
    void messagesNeverCarryTheKey() {
        ProviderException e = errors.map(new GenAiIOException("failed for " + GeminiWire.KEY,
                new IOException("x-goog-api-key: " + GeminiWire.KEY)), "m", null);

        assertThat(e.getMessage()).doesNotContain(GeminiWire.KEY);
    }

    @Test
    void aKeyInAnSdkMessageNeverReachesTheCauseChain() {
        List<Throwable> leaking = List.of(
                new ClientException(400, "INVALID_ARGUMENT", "bad value for key=" + GeminiWire.KEY),
                new ServerException(503, "UNAVAILABLE", "upstream saw " + GeminiWire.KEY),
                new GenAiIOException("failed for " + GeminiWire.KEY,
                        new IOException("x-goog-api-key: " + GeminiWire.KEY)),
                new GenAiIOException("Failed to execute HTTP request.",
                        new InterruptedIOException("timeout calling ?key=" + GeminiWire.KEY)),
                new GenAiIOException("Failed to parse", new JsonParseException(null, "bad " + GeminiWire.KEY)),
                new GenAiIOException("unreadable " + GeminiWire.KEY),
                new java.io.UncheckedIOException(new IOException("reset, key " + GeminiWire.KEY)),
                new IllegalStateException("sdk bug", new RuntimeException("deep down " + GeminiWire.KEY)));

        for (Throwable sdk : leaking) {
            ProviderException e = errors.map(new CompletionException(sdk), "m", null);

            assertThat(e.getCause()).as("cause of %s", sdk).isInstanceOf(KeyRedactor.RedactedCause.class);
            assertThat(e.getCause().getStackTrace()).isEqualTo(sdk instanceof java.io.UncheckedIOException
                    ? sdk.getCause().getStackTrace() : sdk.getStackTrace());
            assertThat(everythingPrinted(e)).as("mapped from %s", sdk).doesNotContain(GeminiWire.KEY);
        }
    }

    @Test
    void aCauseWithoutTheKeyIsKeptAsIsAndTheClassificationIsUnchanged() {
        GenAiIOException timeout = new GenAiIOException("Failed to execute HTTP request.",
                new InterruptedIOException("timeout"));
        ProviderException e = errors.map(timeout, "m", null);

        assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(e.getCause()).isSameAs(timeout);
        assertThat(errors.map(new ClientException(400, "INVALID_ARGUMENT", "key=" + GeminiWire.KEY), "m", null).kind())
                .isEqualTo(ErrorKind.INVALID_REQUEST);
    }

    @Test
    void fromStatusRedactsTheCauseItIsGiven() {
        ProviderException e = errors.fromStatus(500, "INTERNAL", "oops", "m", null,
                new IllegalStateException("echo " + GeminiWire.KEY));

        assertThat(e.getCause()).isInstanceOf(KeyRedactor.RedactedCause.class);
        assertThat(everythingPrinted(e)).doesNotContain(GeminiWire.KEY);
    }

    /** @return the stack trace as printed, with every cause and suppressed exception */
    static String everythingPrinted(Throwable t) {
        java.io.StringWriter out = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    private static okhttp3.Response errorResponse(String header, String value, String body) {
        okhttp3.Response.Builder b = new okhttp3.Response.Builder()
                .request(new okhttp3.Request.Builder().url("http://127.0.0.1/").build())
                .protocol(okhttp3.Protocol.HTTP_1_1).code(429).message("Too Many Requests")
                .body(okhttp3.ResponseBody.create(body, okhttp3.MediaType.get("application/json")));
        return header == null ? b.build() : b.header(header, value).build();
    }

    @Test
    void theTrackerReadsRetryAfterOrItsHiddenCopyAgainstItsClockBeforeTheBodysRetryDelay() {
        CallTracker tracker = new CallTracker(Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC));
        String body = "{\"error\": {\"details\": [{\"retryDelay\": \"37s\"}]}}";

        assertThat(tracker.retryAfter(errorResponse("Retry-After", "Sat, 28 Nov 2026 12:00:30 GMT", body)))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(tracker.retryAfter(errorResponse(CallTracker.HIDDEN_RETRY_AFTER_HEADER, "0", body)))
                .isEqualTo(Duration.ZERO);
        assertThat(tracker.retryAfter(errorResponse("Retry-After", "soon", body))).isEqualTo(Duration.ofSeconds(37));
        assertThat(tracker.retryAfter(errorResponse(null, null, "{}"))).isNull();
    }

    @Test
    void retryDelayIsReadFromGoogleRetryInfo() {
        assertThat(CallTracker.parseRetryDelay("{\"retryDelay\": \"0.250s\"}")).isEqualTo(Duration.ofMillis(250));
        assertThat(CallTracker.parseRetryDelay("{\"error\": {}}")).isNull();
    }
}
