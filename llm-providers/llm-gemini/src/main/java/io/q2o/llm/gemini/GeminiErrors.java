package io.q2o.llm.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
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
import io.q2o.llm.spi.ServerErrorException;
import io.q2o.llm.spi.Throwables;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Maps everything the Gemini SDK throws to the core's provider-neutral exceptions:
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>SDK failure</th><th>exception</th></tr>
 *   <tr><td>429 / {@code RESOURCE_EXHAUSTED}</td><td>{@link RateLimitedException} with the captured delay</td></tr>
 *   <tr><td>408 / {@code DEADLINE_EXCEEDED}, IO timeout</td><td>{@link ProviderTimeoutException}</td></tr>
 *   <tr><td>401, 403, 400 "API key not valid"</td><td>{@link AuthenticationException} naming {@code GOOGLE_API_KEY}</td></tr>
 *   <tr><td>404</td><td>{@link ModelNotFoundException}</td></tr>
 *   <tr><td>400 "input token count … exceeds", "too long", …</td><td>{@link ContextLengthExceededException}</td></tr>
 *   <tr><td>other 4xx</td><td>{@link InvalidRequestException} with the provider's message</td></tr>
 *   <tr><td>5xx</td><td>{@link ServerErrorException} with the captured delay</td></tr>
 *   <tr><td>unparseable body / stream event</td><td>{@link MalformedResponseException}</td></tr>
 *   <tr><td>other IO failure</td><td>{@link ProviderConnectionException}</td></tr>
 *   <tr><td>anything else</td><td>{@link ProviderException} of kind {@link ErrorKind#INTERNAL}</td></tr>
 * </table>
 *
 * <p>{@link CompletionException}, {@link ExecutionException} and {@link UncheckedIOException}
 * wrappers are removed first. Every message is scrubbed of the API key, and an SDK exception
 * whose cause chain mentions the key is attached only as a redacted stand-in
 * ({@link KeyRedactor#safeCause}).
 */
final class GeminiErrors {

    private final String provider;
    private final KeyRedactor redactor;

    /**
     * @param provider the provider name
     * @param apiKey   the raw key, used only to scrub it from messages
     */
    GeminiErrors(String provider, String apiKey) {
        this.provider = provider;
        this.redactor = KeyRedactor.of(apiKey);
    }

    /**
     * @param failure    anything thrown by the SDK (possibly wrapped)
     * @param model      the requested model, for the message
     * @param retryAfter the delay captured from the HTTP response, or {@code null}
     * @return the classified exception (the same instance if it already is a {@link ProviderException})
     */
    ProviderException map(Throwable failure, String model, Duration retryAfter) {
        Throwable t = unwrap(failure);
        if (t instanceof ProviderException) {
            return (ProviderException) t;
        }
        if (t instanceof ApiException) {
            ApiException api = (ApiException) t;
            return fromStatus(api.code(), api.status(), api.message(), model, retryAfter, api);
        }
        Throwable cause = redactor.safeCause(t);
        if (Throwables.findCause(t, JsonProcessingException.class).isPresent()) {
            return new MalformedResponseException(provider, -1,
                    "Gemini sent a response that could not be parsed (model " + model + "): " + describe(t), cause);
        }
        Optional<InterruptedIOException> timeout = Throwables.findCause(t, InterruptedIOException.class);
        if (timeout.isPresent()) {
            return new ProviderTimeoutException(provider, -1,
                    "Gemini call timed out (model " + model + "): " + describe(timeout.get()), cause);
        }
        Optional<IOException> io = Throwables.findCause(t, IOException.class);
        if (io.isPresent()) {
            return new ProviderConnectionException(provider, -1,
                    "Gemini connection failed (model " + model + "): " + describe(io.get()), cause);
        }
        if (t instanceof GenAiIOException) {
            return new MalformedResponseException(provider, -1,
                    "Gemini response could not be read (model " + model + "): " + describe(t), cause);
        }
        return new ProviderException(ErrorKind.INTERNAL, provider, -1, null,
                "unexpected failure in the Gemini SDK (model " + model + "): " + describe(t), cause);
    }

    /**
     * Classifies an HTTP error reported by the API.
     *
     * @param code       the HTTP status
     * @param status     the Google RPC status ({@code RESOURCE_EXHAUSTED}, …), possibly {@code null}
     * @param message    the provider's message, possibly {@code null}
     * @param model      the requested model
     * @param retryAfter the delay asked for, or {@code null}
     * @param sdkCause   the SDK exception, or {@code null}; attached as the cause, as a redacted
     *                   stand-in if a message in its chain mentions the API key
     * @return the classified exception
     */
    ProviderException fromStatus(int code, String status, String message, String model, Duration retryAfter,
                                 Throwable sdkCause) {
        Throwable cause = redactor.safeCause(sdkCause);
        String rpc = status == null ? "" : status.strip().toUpperCase(Locale.ROOT);
        String text = redactor.redact(message == null || message.isBlank() ? "(no message)" : message.strip());
        String lower = text.toLowerCase(Locale.ROOT);
        String head = "Gemini HTTP " + code + (rpc.isEmpty() ? "" : " " + rpc) + " (model " + model + "): ";

        if (code == 429 || "RESOURCE_EXHAUSTED".equals(rpc)) {
            return new RateLimitedException(provider, code, retryAfter, head + text, cause);
        }
        if (code == 408 || "DEADLINE_EXCEEDED".equals(rpc)) {
            return new ProviderTimeoutException(provider, code, head + text, cause);
        }
        if (code == 401 || code == 403 || "UNAUTHENTICATED".equals(rpc) || "PERMISSION_DENIED".equals(rpc)
                || (code == 400 && isBadKey(lower))) {
            return new AuthenticationException(provider, code, head + "the API key was rejected; check "
                    + GeminiProviderFactory.API_KEY_VARIABLE + ". Provider message: " + text, cause);
        }
        if (code == 404 || "NOT_FOUND".equals(rpc)) {
            return new ModelNotFoundException(provider, code, head + text, cause);
        }
        if (code >= 500) {
            return new ServerErrorException(provider, code, retryAfter, head + text, cause);
        }
        if (code >= 400 && isContextTooLong(lower)) {
            return new ContextLengthExceededException(provider, code, head + text, cause);
        }
        if (code >= 400) {
            return new InvalidRequestException(provider, code, head + text, cause);
        }
        return new MalformedResponseException(provider, code, head + "unexpected HTTP status; " + text, cause);
    }

    private static boolean isBadKey(String lower) {
        return lower.contains("api key not valid") || lower.contains("api_key_invalid")
                || lower.contains("api key expired") || lower.contains("api key not found")
                || lower.contains("api key is missing") || lower.contains("missing api key");
    }

    private static boolean isContextTooLong(String lower) {
        return lower.contains("exceeds the maximum number of tokens") || lower.contains("input token count")
                || lower.contains("too long") || lower.contains("context length")
                || lower.contains("context window") || lower.contains("too many tokens");
    }

    private String describe(Throwable t) {
        String m = t.getMessage();
        String own = t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        Throwable root = Throwables.rootCause(t);
        if (root != t) {
            String rm = root.getMessage();
            own += " (" + root.getClass().getSimpleName() + (rm == null ? "" : ": " + firstLine(rm)) + ")";
        }
        return redactor.redact(own);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * @param t a throwable, may be {@code null}
     * @return {@code t} without its async wrappers ({@link Throwables#unwrapAsync}) and
     *         {@link UncheckedIOException}s, in any order
     */
    static Throwable unwrap(Throwable t) {
        Throwable cur = Throwables.unwrapAsync(t);
        while (cur instanceof UncheckedIOException && cur.getCause() != null) {
            cur = Throwables.unwrapAsync(cur.getCause());
        }
        return cur;
    }
}
