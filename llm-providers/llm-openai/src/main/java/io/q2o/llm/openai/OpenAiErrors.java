package io.q2o.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.openai.core.JsonField;
import com.openai.core.JsonValue;
import com.openai.core.http.Headers;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.SseException;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.spi.AuthenticationException;
import io.q2o.llm.spi.ContextLengthExceededException;
import io.q2o.llm.spi.InvalidRequestException;
import io.q2o.llm.spi.KeyRedactor;
import io.q2o.llm.spi.MalformedResponseException;
import io.q2o.llm.spi.ModelNotFoundException;
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
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Maps everything the OpenAI SDK can throw to the provider-neutral exceptions of llm-core
 * (DESIGN.md §2). Stateless apart from the clock (for HTTP-date Retry-After values) and the key
 * (to keep it out of every message).
 */
final class OpenAiErrors {

    /** Longest provider message carried into an exception message. */
    static final int MAX_MESSAGE_CHARS = 500;

    /** Anything that looks like an OpenAI key ({@code sk-…}), also the masked form OpenAI echoes in 401s. */
    private static final Pattern KEY_LIKE = Pattern.compile("sk-[A-Za-z0-9_\\-*.]{4,}");

    /** Lower-case fragments of the messages OpenAI and compatible servers send when the prompt is too long. */
    private static final List<String> CONTEXT_MARKERS = List.of(
            "context_length_exceeded", "maximum context length", "context length exceeded",
            "exceeds the context", "context window", "too many tokens", "prompt is too long",
            "input is too long", "reduce the length of the messages");

    private final String provider;
    private final Clock clock;
    private final KeyRedactor redactor;
    private final String displayBaseUrl;

    /**
     * @param provider       the provider name used in the exceptions
     * @param clock          the clock for HTTP-date Retry-After values
     * @param secret         the raw API key to keep out of messages, or {@code null}
     * @param displayBaseUrl the base URL as shown in messages (no credentials)
     */
    OpenAiErrors(String provider, Clock clock, String secret, String displayBaseUrl) {
        this.provider = provider;
        this.clock = clock;
        this.redactor = KeyRedactor.of(secret);
        this.displayBaseUrl = displayBaseUrl;
    }

    /**
     * Classifies any failure. Never throws.
     *
     * @param failure what the SDK (or the mapping of its answer) threw, possibly wrapped in a
     *                {@link CompletionException} / {@link ExecutionException}
     * @param model   the model that was asked for, for messages
     * @return the classified failure
     */
    ProviderException map(Throwable failure, String model) {
        Throwable e = Throwables.unwrapAsync(failure);
        if (e instanceof ProviderException) {
            return (ProviderException) e;
        }
        if (e instanceof OpenAIServiceException) {
            return fromService((OpenAIServiceException) e, model);
        }
        if (e instanceof OpenAIIoException || e instanceof IOException || e instanceof UncheckedIOException
                || e instanceof TimeoutException) {
            return fromIo(e);
        }
        if (e instanceof OpenAIInvalidDataException) {
            return new MalformedResponseException(provider, -1, "OpenAI returned a response that could not be read: "
                    + clean(describe(e)), redactor.safeCause(e));
        }
        if (e instanceof CancellationException) {
            return new ProviderConnectionException(provider, -1, "the OpenAI call was cancelled",
                    redactor.safeCause(e));
        }
        if (e instanceof OpenAIException) {
            return new MalformedResponseException(provider, -1, "unexpected failure in the OpenAI SDK: "
                    + clean(e.getClass().getSimpleName() + ": " + describe(e)), redactor.safeCause(e));
        }
        if (e instanceof Exception) {
            return new MalformedResponseException(provider, -1, "unexpected failure while handling the OpenAI "
                    + "response: " + clean(e.getClass().getName() + ": " + describe(e)), redactor.safeCause(e));
        }
        return new ProviderException(ErrorKind.INTERNAL, provider, -1, null, "unexpected error in the OpenAI SDK "
                + "(check the jackson/kotlin/okhttp versions on the classpath): "
                + clean(e.getClass().getName() + ": " + describe(e)), redactor.safeCause(e));
    }

    private ProviderException fromIo(Throwable e) {
        if (Throwables.findCause(e, JsonProcessingException.class).isPresent()) {
            return new MalformedResponseException(provider, -1, "OpenAI sent a body that is not valid JSON: "
                    + clean(rootMessage(e)), redactor.safeCause(e));
        }
        if (Throwables.findCause(e, InterruptedIOException.class).isPresent()
                || Throwables.findCause(e, TimeoutException.class).isPresent()) {
            return new ProviderTimeoutException(provider, -1, "the OpenAI call at " + displayBaseUrl
                    + " timed out (" + clean(rootMessage(e)) + ")", redactor.safeCause(e));
        }
        return new ProviderConnectionException(provider, -1, "could not talk to OpenAI at " + displayBaseUrl + ": "
                + clean(rootMessage(e)), redactor.safeCause(e));
    }

    private ProviderException fromService(OpenAIServiceException e, String model) {
        int status = e.statusCode();
        String message = providerMessage(e);
        String code = lower(safe(() -> e.code()));
        String type = lower(safe(() -> e.type()));
        Duration retryAfter = retryAfter(safeHeaders(e));
        Throwable cause = redactor.safeCause(e);

        if (e instanceof SseException && status < 400) {
            return fromStreamError(status, message, code, type, retryAfter, cause, model);
        }
        if (status == 429) {
            if (code.equals("insufficient_quota") || type.equals("insufficient_quota")) {
                return new AuthenticationException(provider, status, "OpenAI quota exhausted (HTTP 429 insufficient_quota):"
                        + " check the plan and billing of the account behind " + OpenAiProviderFactory.API_KEY_VARIABLE
                        + ". OpenAI said: " + message, cause);
            }
            return new RateLimitedException(provider, status, retryAfter, "OpenAI rate limit (HTTP 429): " + message, cause);
        }
        if (status >= 500 && status <= 599) {
            return new ServerErrorException(provider, status, retryAfter,
                    "OpenAI server error (HTTP " + status + "): " + message, cause);
        }
        if (status == 401) {
            return new AuthenticationException(provider, status, "OpenAI rejected the API key (HTTP 401): check "
                    + OpenAiProviderFactory.API_KEY_VARIABLE + ". OpenAI said: " + message, cause);
        }
        if (status == 403) {
            return new AuthenticationException(provider, status, "OpenAI denied access (HTTP 403): the key in "
                    + OpenAiProviderFactory.API_KEY_VARIABLE + " may not use model '" + model
                    + "' or this region/project. OpenAI said: " + message, cause);
        }
        if (status == 402) {
            return new AuthenticationException(provider, status, "payment required (HTTP 402) by " + displayBaseUrl
                    + ": check the billing of the account behind " + OpenAiProviderFactory.API_KEY_VARIABLE
                    + ". Server said: " + message, cause);
        }
        if (status == 404) {
            return new ModelNotFoundException(provider, status, "OpenAI model '" + model + "' not found (HTTP 404)"
                    + " at " + displayBaseUrl + " (unknown model, or " + OpenAiProviderFactory.BASE_URL_VARIABLE
                    + " points at the wrong path): " + message, cause);
        }
        if (status == 408) {
            return new ProviderTimeoutException(provider, status, "OpenAI request timed out (HTTP 408): " + message, cause);
        }
        if (status == 409) {
            // The SDK itself treats 409 (lock conflict) as retryable; so does the pipeline via SERVER_ERROR.
            return new ServerErrorException(provider, status, retryAfter, "OpenAI conflict (HTTP 409): " + message, cause);
        }
        if (status >= 300 && status <= 399) {
            String location = header(safeHeaders(e), "location");
            return new ProviderConnectionException(provider, status, "the server at " + displayBaseUrl
                    + " answered with a redirect (HTTP " + status + ")"
                    + (location == null ? "" : " to " + clean(location.replaceFirst("[?#].*$", "")))
                    + "; redirects are not followed: set " + OpenAiProviderFactory.BASE_URL_VARIABLE
                    + " to the final URL", cause);
        }
        if ((status == 400 || status == 422 || status == 413) && isContextTooLong(message, code)) {
            return new ContextLengthExceededException(provider, status, "OpenAI context length exceeded for model '"
                    + model + "' (HTTP " + status + "): " + message, cause);
        }
        if (status >= 400 && status <= 499) {
            return new InvalidRequestException(provider, status,
                    "OpenAI rejected the request (HTTP " + status + "): " + message, cause);
        }
        return new ServerErrorException(provider, status, retryAfter,
                "unexpected HTTP status " + status + " from OpenAI: " + message, cause);
    }

    /** An {@code error} event inside a 200 stream: classify by its type/code. */
    private ProviderException fromStreamError(int status, String message, String code, String type,
                                              Duration retryAfter, Throwable cause, String model) {
        String what = "OpenAI stream error (" + (type.isEmpty() ? "no type" : type) + "): " + message;
        if (isContextTooLong(message, code)) {
            return new ContextLengthExceededException(provider, status, "OpenAI context length exceeded for model '"
                    + model + "': " + message, cause);
        }
        if (type.contains("rate_limit") || code.contains("rate_limit")) {
            return new RateLimitedException(provider, status, retryAfter, what, cause);
        }
        if (type.equals("invalid_request_error")) {
            return new InvalidRequestException(provider, status, what, cause);
        }
        return new ServerErrorException(provider, status, retryAfter, what, cause);
    }

    private static boolean isContextTooLong(String message, String code) {
        if (code.equals("context_length_exceeded")) {
            return true;
        }
        String m = message.toLowerCase(Locale.ROOT);
        for (String marker : CONTEXT_MARKERS) {
            if (m.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /** @return the provider's own error message, cleaned; never empty */
    private String providerMessage(OpenAIServiceException e) {
        String m = null;
        JsonField<?> body = safe(e::body);
        if (body != null) {
            Optional<Map<String, JsonValue>> object = body.asObject();
            if (object.isPresent()) {
                Map<String, JsonValue> o = object.get();
                m = stringField(o, "message");
                JsonField<?> error = o.get("error");
                if (m == null && error != null) {
                    m = error.asObject().map(inner -> stringField(inner, "message"))
                            .orElseGet(() -> error.asString().orElse(null));
                }
                if (m == null) {
                    m = stringField(o, "detail");
                }
            } else {
                m = body.asString().orElse(null);
            }
            if (m == null && !body.isMissing() && !body.isNull()) {
                m = String.valueOf(body);
            }
        }
        if (m == null || m.isBlank()) {
            m = "(no error message in the response)";
        }
        return clean(m);
    }

    private static String stringField(Map<String, JsonValue> object, String name) {
        JsonField<?> v = object.get(name);
        return v == null ? null : v.asString().filter(s -> !s.isBlank()).orElse(null);
    }

    /**
     * Reads the server's requested delay with llm-core's {@link RetryAfter}: {@code retry-after-ms}
     * (preferred, as the SDK does), else {@code Retry-After} as seconds or an HTTP date.
     *
     * @param headers the response headers, or {@code null}
     * @return the delay (never negative), or {@code null} if the headers name none or cannot be read
     */
    Duration retryAfter(Headers headers) {
        if (headers == null) {
            return null;
        }
        return RetryAfter.fromHeaders(name -> Optional.ofNullable(header(headers, name)), clock.instant()).orElse(null);
    }

    private static String header(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        for (String n : headers.names()) {
            if (n.equalsIgnoreCase(name)) {
                List<String> values = headers.values(n);
                if (!values.isEmpty()) {
                    return values.get(0);
                }
            }
        }
        return null;
    }

    private static Headers safeHeaders(OpenAIServiceException e) {
        return safe(e::headers);
    }

    /**
     * @param text any text headed for an exception message
     * @return it on one line, at most {@link #MAX_MESSAGE_CHARS} characters, with the API key and
     *         anything key-like masked
     */
    String clean(String text) {
        if (text == null) {
            return "";
        }
        String s = redactor.redact(text);
        s = KEY_LIKE.matcher(s).replaceAll("sk-****");
        s = s.replaceAll("\\s+", " ").strip();
        if (s.length() > MAX_MESSAGE_CHARS) {
            s = s.substring(0, MAX_MESSAGE_CHARS) + "…";
        }
        return s;
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = Throwables.rootCause(e);
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static String lower(Optional<String> value) {
        return value == null ? "" : value.map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
    }

    private static <T> T safe(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
