package io.q2o.llm.anthropic;

import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.AnthropicInvalidDataException;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicRetryableException;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.spi.KeyRedactor;
import io.q2o.llm.spi.ProviderException;
import io.q2o.llm.spi.RateLimitedException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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
        assertThat(e.getCause()).isInstanceOf(KeyRedactor.RedactedCause.class);
        assertThat(e.getCause().getMessage()).doesNotContain(API_KEY);
        assertThat(e.getCause().getStackTrace()).isNotEmpty();
    }

    @Test
    void aKeyDeepInTheCauseChainIsReplacedByAStandInAndAKeyFreeCauseIsKept() {
        AnthropicIoException deep = new AnthropicIoException("Request failed",
                new ConnectException("refused for x-api-key " + API_KEY));
        AnthropicIoException clean = new AnthropicIoException("Request failed", new ConnectException("refused"));

        ProviderException leaky = errors.map(new ExecutionException(deep), "m");
        ProviderException plain = errors.map(new CompletionException(clean), "m");

        assertThat(leaky.kind()).isEqualTo(ErrorKind.CONNECTION);
        assertThat(leaky.getCause()).isInstanceOf(KeyRedactor.RedactedCause.class);
        assertThat(leaky.getCause().getStackTrace()).isEqualTo(deep.getStackTrace());
        StringWriter printed = new StringWriter();
        leaky.printStackTrace(new PrintWriter(printed));
        assertThat(printed.toString()).doesNotContain(API_KEY);
        assertThat(plain.getCause()).isSameAs(clean);
    }

    @Test
    void anSdkExceptionWithAnIoCauseIsAConnectionError() {
        assertThat(kindOf(new AnthropicException("stream broke", new IOException("reset"))))
                .isEqualTo(ErrorKind.CONNECTION);
        assertThat(kindOf(new AnthropicException("no io", new IllegalStateException("x"))))
                .isEqualTo(ErrorKind.INTERNAL);
    }

    @Test
    void contextTooLongHintsAreRecognised() {
        assertThat(AnthropicErrors.isContextTooLong("prompt is too long: 208310 tokens > 200000 maximum")).isTrue();
        assertThat(AnthropicErrors.isContextTooLong("input length and `max_tokens` exceed context limit")).isTrue();
        assertThat(AnthropicErrors.isContextTooLong("Too many tokens")).isTrue();
        assertThat(AnthropicErrors.isContextTooLong("temperature: must be <= 1")).isFalse();
    }
}
