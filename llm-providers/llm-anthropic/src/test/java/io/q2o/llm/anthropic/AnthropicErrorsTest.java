package io.q2o.llm.anthropic;

import com.anthropic.errors.AnthropicInvalidDataException;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicRetryableException;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.spi.ProviderException;
import io.q2o.llm.spi.RateLimitedException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import static io.q2o.llm.anthropic.AnthropicWire.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/** Failures that WireMock cannot provoke directly, mapped in isolation. */
class AnthropicErrorsTest {

    private final AnthropicErrors errors = new AnthropicErrors(API_KEY, Clock.systemUTC());

    private ErrorKind kindOf(Throwable t) {
        return errors.map(t, "m").kind();
    }

    @Test
    void readTimeoutsAndCallTimeoutsAreTimeouts() {
        assertThat(kindOf(new AnthropicIoException("Request failed", new SocketTimeoutException("Read timed out"))))
                .isEqualTo(ErrorKind.TIMEOUT);
        assertThat(kindOf(new AnthropicIoException("Request failed", new InterruptedIOException("timeout"))))
                .isEqualTo(ErrorKind.TIMEOUT);
    }

    @Test
    void otherIoFailuresAreConnectionErrors() {
        assertThat(kindOf(new AnthropicIoException("Request failed", new ConnectException("Connection refused"))))
                .isEqualTo(ErrorKind.CONNECTION);
        assertThat(kindOf(new AnthropicRetryableException("retry", new IOException("reset")))).isEqualTo(ErrorKind.CONNECTION);
        assertThat(kindOf(new CancellationException())).isEqualTo(ErrorKind.CONNECTION);
    }

    @Test
    void invalidDataIsMalformed() {
        assertThat(kindOf(new AnthropicInvalidDataException("Error reading response"))).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
    }

    @Test
    void asyncWrappersAreUnwrapped() {
        Throwable wrapped = new CompletionException(new ExecutionException(
                new AnthropicIoException("Request failed", new SocketTimeoutException("timeout"))));
        assertThat(kindOf(wrapped)).isEqualTo(ErrorKind.TIMEOUT);
    }

    @Test
    void providerExceptionsPassThroughUnchanged() {
        RateLimitedException original = new RateLimitedException("anthropic", 429, Duration.ofSeconds(1), "slow", null);
        assertThat(errors.map(new CompletionException(original), "m")).isSameAs(original);
    }

    @Test
    void sdkArgumentChecksAreInvalidRequestsAndAnythingElseIsInternal() {
        assertThat(kindOf(new IllegalArgumentException("Streaming is required"))).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(kindOf(new NullPointerException())).isEqualTo(ErrorKind.INTERNAL);
    }

    @Test
    void keyInAnSdkMessageIsRedactedFromMessageAndCause() {
        ProviderException e = errors.map(new AnthropicIoException("failed with key " + API_KEY), "m");

        assertThat(e.getMessage()).doesNotContain(API_KEY).contains("****");
        assertThat(e.getCause().getMessage()).doesNotContain(API_KEY);
        assertThat(e.getCause().getStackTrace()).isNotEmpty();
    }

    @Test
    void contextTooLongHintsAreRecognised() {
        assertThat(AnthropicErrors.isContextTooLong("prompt is too long: 208310 tokens > 200000 maximum")).isTrue();
        assertThat(AnthropicErrors.isContextTooLong("input length and `max_tokens` exceed context limit")).isTrue();
        assertThat(AnthropicErrors.isContextTooLong("Too many tokens")).isTrue();
        assertThat(AnthropicErrors.isContextTooLong("temperature: must be <= 1")).isFalse();
    }
}
