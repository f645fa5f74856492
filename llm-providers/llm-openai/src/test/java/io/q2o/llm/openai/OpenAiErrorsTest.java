package io.q2o.llm.openai;

import com.openai.core.http.Headers;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.spi.KeyRedactor;
import io.q2o.llm.spi.ProviderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/** The parts of the error mapping that need no server: Retry-After header glue, unwrapping, IO classification, redaction. */
class OpenAiErrorsTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final String KEY = "sk-proj-abcdefghijklmnop";
    private final OpenAiErrors errors = new OpenAiErrors("openai", Clock.fixed(NOW, ZoneOffset.UTC), KEY,
            "http://127.0.0.1:1/v1");

    private static Headers headers(String name, String value) {
        return Headers.builder().put(name, value).build();
    }

    // The parsing itself is llm-core's RetryAfter (tested there); these pin the glue to the SDK's Headers.

    @Test
    void retryAfterMsWinsAndHeaderNamesAreCaseInsensitive() {
        Headers h = Headers.builder().put("Retry-After-Ms", "250").put("Retry-After", "9").build();
        assertThat(errors.retryAfter(h)).isEqualTo(Duration.ofMillis(250));
        assertThat(errors.retryAfter(headers("RETRY-AFTER", "7"))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void anHttpDateIsReadAgainstTheClock() {
        String later = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(30).atZone(ZoneOffset.UTC));
        assertThat(errors.retryAfter(headers("Retry-After", later))).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-3", "NaN", ""})
    void unreadableRetryAfterIsAbsent(String value) {
        assertThat(errors.retryAfter(headers("Retry-After", value))).isNull();
    }

    @Test
    void noRetryAfterIsAbsent() {
        assertThat(errors.retryAfter(Headers.builder().build())).isNull();
        assertThat(errors.retryAfter(null)).isNull();
    }

    @Test
    void socketTimeoutIsATimeoutAndOtherIoIsAConnectionError() {
        ProviderException timeout = errors.map(new OpenAIIoException("Request failed",
                new SocketTimeoutException("Read timed out")), "m");
        ProviderException callTimeout = errors.map(new OpenAIIoException("Request failed",
                new InterruptedIOException("timeout")), "m");
        ProviderException reset = errors.map(new OpenAIIoException("Request failed",
                new java.net.SocketException("Connection reset")), "m");

        assertThat(timeout.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(callTimeout.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(reset.kind()).isEqualTo(ErrorKind.CONNECTION);
    }

    @Test
    void completionExceptionsAreUnwrapped() {
        ProviderException e = errors.map(new CompletionException(new OpenAIInvalidDataException("choices is not set")), "m");

        assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
        assertThat(e.getMessage()).contains("choices is not set");
    }

    @Test
    void unknownRuntimeExceptionsAndErrorsAreStillProviderExceptions() {
        assertThat(errors.map(new IllegalStateException("weird"), "m").kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
        assertThat(errors.map(new NoSuchMethodError("jackson"), "m").kind()).isEqualTo(ErrorKind.INTERNAL);
    }

    @Test
    void aKeyInAnSdkMessageIsMaskedInTheMessageAndTheCause() {
        ProviderException e = errors.map(new IllegalStateException("header Authorization: Bearer " + KEY), "m");

        assertThat(e.getMessage()).doesNotContain(KEY).contains("****");
        assertThat(e.getCause()).isInstanceOf(KeyRedactor.RedactedCause.class);
        assertThat(e.getCause().getMessage()).doesNotContain(KEY);
        assertThat(e.getCause().getStackTrace()).isNotEmpty();
    }

    @Test
    void aKeyDeepInTheCauseChainIsReplacedByAStandInAndAKeyFreeCauseIsKept() {
        OpenAIIoException deep = new OpenAIIoException("Request failed",
                new java.net.SocketException("reset while sending Bearer " + KEY));
        OpenAIIoException clean = new OpenAIIoException("Request failed", new java.net.SocketException("reset"));

        ProviderException leaky = errors.map(new ExecutionException(deep), "m");
        ProviderException plain = errors.map(new CompletionException(clean), "m");

        assertThat(leaky.kind()).isEqualTo(ErrorKind.CONNECTION);
        assertThat(leaky.getCause()).isInstanceOf(KeyRedactor.RedactedCause.class);
        assertThat(leaky.getCause().getStackTrace()).isEqualTo(deep.getStackTrace());
        java.io.StringWriter printed = new java.io.StringWriter();
        leaky.printStackTrace(new java.io.PrintWriter(printed));
        assertThat(printed.toString()).doesNotContain(KEY);
        assertThat(plain.getCause()).isSameAs(clean);
    }

    @Test
    void theKeyAndAnythingKeyLikeAreMaskedInMessages() {
        assertThat(errors.clean("key " + KEY + " and someone else's sk-other-1234567890"))
                .isEqualTo("key **** and someone else's sk-****");
        assertThat(new OpenAiErrors("openai", Clock.systemUTC(), "not-sk-shaped-secret", "http://h")
                .clean("echo not-sk-shaped-secret")).isEqualTo("echo ****");
        assertThat(errors.clean(null)).isEmpty();
    }

    @Test
    void longProviderMessagesAreShortenedToOneLine() {
        String cleaned = errors.clean("line one\nline two " + "x".repeat(2_000));

        assertThat(cleaned).doesNotContain("\n").startsWith("line one line two");
        assertThat(cleaned.length()).isLessThanOrEqualTo(OpenAiErrors.MAX_MESSAGE_CHARS + 1);
    }
}
