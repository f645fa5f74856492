package io.q2o.llm.anthropic;

import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.AnthropicInvalidDataException;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicRetryableException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.CredentialResolutionException;
import com.anthropic.errors.NoCredentialsException;
import com.anthropic.errors.SseException;
import com.anthropic.models.ErrorType;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.spi.AuthenticationException;
import io.q2o.llm.spi.ContextLengthExceededException;
import io.q2o.llm.spi.InvalidRequestException;
import io.q2o.llm.spi.KeyRedactor;
import io.q2o.llm.spi.MalformedResponseException;
import io.q2o.llm.spi.ModelNotFoundException;
import io.q2o.llm.spi.OverloadedException;
import io.q2o.llm.spi.ProviderConnectionException;
import io.q2o.llm.spi.ProviderException;
import io.q2o.llm.spi.ProviderTimeoutException;
import io.q2o.llm.spi.RateLimitedException;
import io.q2o.llm.spi.RetryAfter;
import io.q2o.llm.spi.ServerErrorException;
import io.q2o.llm.spi.Throwables;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Maps everything the Anthropic SDK can throw to the core's provider-neutral
 * {@link ProviderException}s (DESIGN.md §2). HTTP errors are classified by status code;
 * {@code error} events inside a 200 SSE stream (which the SDK raises as {@link SseException}
 * with the stream's status) are classified by the Anthropic error type instead.
 *
 * <p>No message this class produces contains the API key: the provider's own messages and the
 * SDK's messages are scrubbed, and an SDK cause whose message would reveal the key is replaced
 * by a redacted copy.
 */
final class AnthropicErrors {

    static final String PROVIDER = AnthropicProviderFactory.NAME;
    static final String KEY_VARIABLE = AnthropicProviderFactory.API_KEY_VARIABLE;

    private static final String[] CONTEXT_TOO_LONG_HINTS = {
        "prompt is too long", "exceed context limit", "exceeds context limit", "too many tokens",
        "context window", "context length", "maximum context"
    };

    private final KeyRedactor redactor;
    private final Clock clock;

    /**
     * @param apiKey the raw key, used only to scrub it from messages
     * @param clock  the clock HTTP-date {@code Retry-After} values are compared with
     */
    AnthropicErrors(String apiKey, Clock clock) {
        this.redactor = KeyRedactor.of(apiKey);
        this.clock = clock;
    }

    /**
     * @param failure anything thrown by the SDK or by this adapter, possibly wrapped in
     *                {@link CompletionException}/{@link ExecutionException}
     * @param model   the model the request asked for
     * @return the classified failure; a {@link ProviderException} is returned unchanged
     */
    ProviderException map(Throwable failure, String model) {
        Throwable e = Throwables.unwrapAsync(failure);
        if (e instanceof ProviderException) {
            return (ProviderException) e;
        }
        if (e instanceof AnthropicServiceException) {
            return mapService((AnthropicServiceException) e, model);
        }
        if (e instanceof AnthropicInvalidDataException) {
            return new MalformedResponseException(PROVIDER, -1,
                    "Anthropic sent a response that could not be parsed: " + messageOf(e), redactor.safeCause(e));
        }
        if (e instanceof NoCredentialsException || e instanceof CredentialResolutionException) {
            return new AuthenticationException(PROVIDER, -1,
                    "Anthropic client has no usable credentials; set " + KEY_VARIABLE, redactor.safeCause(e));
        }
        if (e instanceof AnthropicIoException || e instanceof AnthropicRetryableException
                || e instanceof IOException || e instanceof UncheckedIOException) {
            return mapIo(e);
        }
        if (e instanceof CancellationException) {
            return new ProviderConnectionException(PROVIDER, -1, "Anthropic call was cancelled", redactor.safeCause(e));
        }
        if (e instanceof IllegalArgumentException) {
            // the SDK validates some parameters locally before sending
            return new InvalidRequestException(PROVIDER, -1,
                    "Anthropic client rejected the request: " + messageOf(e), redactor.safeCause(e));
        }
        if (e instanceof AnthropicException && Throwables.findCause(e.getCause(), IOException.class).isPresent()) {
            return mapIo(e);
        }
        return new ProviderException(ErrorKind.INTERNAL, PROVIDER, -1,
                null, "unexpected failure in the Anthropic adapter: " + e.getClass().getName() + ": "
                        + messageOf(e), redactor.safeCause(e));
    }

    private ProviderException mapService(AnthropicServiceException e, String model) {
        boolean inStream = e instanceof SseException;
        String type = safely(() -> e.type().map(ErrorType::asString)).orElse("");
        String apiMessage = safely(e::apiMessage).filter(m -> !m.isBlank()).orElse(null);
        int status = inStream ? statusForStreamError(type) : e.statusCode();
        int reported = inStream ? -1 : status;
        Duration retryAfter = safely(() -> RetryAfter.fromHeaders(name -> firstValue(e.headers().values(name)),
                clock.instant())).orElse(null);
        String detail = redactor.redact(apiMessage != null ? apiMessage : messageOf(e));
        String where = (inStream ? "Anthropic stream error" : "Anthropic HTTP " + status)
                + (type.isEmpty() ? "" : " " + type);
        String message = where + ": " + detail;
        Throwable cause = redactor.safeCause(e);

        if (status == 529 || "overloaded_error".equals(type)) {
            return new OverloadedException(PROVIDER, reported, retryAfter, message, cause);
        }
        switch (status) {
            case 429:
                return new RateLimitedException(PROVIDER, reported, retryAfter, message, cause);
            case 408:
                return new ProviderTimeoutException(PROVIDER, reported, message, cause);
            case 401:
            case 403:
                return new AuthenticationException(PROVIDER, reported, where
                        + ": the key in " + KEY_VARIABLE + " was rejected: " + detail, cause);
            case 402:
                return new AuthenticationException(PROVIDER, reported, where
                        + ": the account of the key in " + KEY_VARIABLE + " cannot be billed: " + detail, cause);
            case 404:
                return new ModelNotFoundException(PROVIDER, reported, where + ": model '" + model
                        + "' not found" + (apiMessage == null ? " (check ANTHROPIC_BASE_URL; it must not end in /v1)" : "")
                        + ": " + detail, cause);
            case 400:
            case 413:
            case 422:
                if (isContextTooLong(detail)) {
                    return new ContextLengthExceededException(PROVIDER, reported, where
                            + ": prompt too long for model '" + model + "': " + detail, cause);
                }
                return new InvalidRequestException(PROVIDER, reported, message, cause);
            case 499:
                return new ProviderConnectionException(PROVIDER, reported, message, cause);
            default:
                if (status >= 500) {
                    return new ServerErrorException(PROVIDER, reported, retryAfter, message, cause);
                }
                return new InvalidRequestException(PROVIDER, reported, message, cause);
        }
    }

    /** Anthropic's documented HTTP status for each error type, for errors that arrive inside a stream. */
    private static int statusForStreamError(String type) {
        switch (type) {
            case "invalid_request_error":
                return 400;
            case "authentication_error":
                return 401;
            case "billing_error":
                return 402;
            case "permission_error":
                return 403;
            case "not_found_error":
                return 404;
            case "request_too_large":
                return 413;
            case "rate_limit_error":
                return 429;
            case "timeout_error":
                return 408;
            case "overloaded_error":
                return 529;
            default: // api_error and anything new: the server failed
                return 500;
        }
    }

    private ProviderException mapIo(Throwable e) {
        Throwable cause = redactor.safeCause(e);
        if (isTimeout(e)) {
            return new ProviderTimeoutException(PROVIDER, -1, "Anthropic request timed out: " + messageOf(e), cause);
        }
        return new ProviderConnectionException(PROVIDER, -1, "Anthropic connection failed: " + messageOf(e), cause);
    }

    static boolean isContextTooLong(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        for (String hint : CONTEXT_TOO_LONG_HINTS) {
            if (m.contains(hint)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTimeout(Throwable e) {
        return Throwables.anyCause(e, t -> t instanceof SocketTimeoutException
                || t instanceof InterruptedIOException && (String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("timeout")
                || String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("timed out")));
    }

    private String messageOf(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getCause() != null && e.getCause().getMessage() != null
                    ? e.getCause().getMessage() : e.getClass().getSimpleName();
        }
        m = m.strip();
        int newline = m.indexOf('\n');
        return redactor.redact(newline < 0 ? m : m.substring(0, newline).strip());
    }

    /** @return the first non-blank value of a header (the SDK's lookup is case-insensitive) */
    private static Optional<String> firstValue(List<String> values) {
        return values == null ? Optional.empty() : values.stream().filter(v -> v != null && !v.isBlank()).findFirst();
    }

    /** Accessors of SDK exceptions parse the body lazily; a broken body must not mask the failure. */
    private static <T> Optional<T> safely(java.util.function.Supplier<Optional<T>> accessor) {
        try {
            return accessor.get();
        } catch (RuntimeException ignored) {
            return Optional.empty();
        }
    }

    /**
     * A 200 stream that ended before {@code message_stop} — with no event at all or cut after some:
     * a malformed response, the kind the OpenAI and Gemini adapters report for the same fault.
     *
     * @return the exception to throw
     */
    static MalformedResponseException streamEndedEarly() {
        return new MalformedResponseException(PROVIDER, -1, "Anthropic stream ended before message_stop", null);
    }
}
