package io.q2o.llm.gemini;

import io.q2o.llm.spi.RetryAfter;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ties each SDK call to the OkHttp exchange that carries it, because the SDK's
 * {@code ClientException}/{@code ServerException} keep the status and message but drop the
 * response headers.
 *
 * <p>The adapter opens a {@link TrackedCall} per attempt and sends its id in the per-request
 * header {@value #CALL_ID_HEADER} (through the request's {@code HttpOptions}). This interceptor,
 * installed first on the custom OkHttp client handed to the SDK (so it sees the final response,
 * outside the SDK's retry interceptor), removes that header before the request goes on the wire,
 * remembers the OkHttp {@link okhttp3.Call} (so an async attempt can be cancelled) and, for error
 * responses, records the requested delay: the {@code Retry-After} header (seconds or HTTP date, read
 * by llm-core's {@link RetryAfter}), else a {@code google.rpc.RetryInfo.retryDelay} ("37s") found in
 * the JSON error body.
 *
 * <p>Thread-safe; one instance per provider.
 */
final class CallTracker implements Interceptor {

    /** The internal header correlating an exchange with its attempt; never sent to the server. */
    static final String CALL_ID_HEADER = "x-q2o-call-id";
    /** Where {@link #NO_IMMEDIATE_RESEND} keeps a {@code Retry-After} it hid from OkHttp. */
    static final String HIDDEN_RETRY_AFTER_HEADER = "x-q2o-retry-after";

    /**
     * A network interceptor that stops OkHttp from silently re-sending a 503 whose
     * {@code Retry-After} is 0 (its follow-up logic does that regardless of
     * {@code retryOnConnectionFailure}): the header is moved to {@value #HIDDEN_RETRY_AFTER_HEADER},
     * where {@link CallTracker} still reads it.
     */
    static final Interceptor NO_IMMEDIATE_RESEND = chain -> {
        Response response = chain.proceed(chain.request());
        String retryAfter = response.header("Retry-After");
        if (response.code() == 503 && retryAfter != null) {
            return response.newBuilder().removeHeader("Retry-After")
                    .header(HIDDEN_RETRY_AFTER_HEADER, retryAfter).build();
        }
        return response;
    };

    private static final long MAX_PEEKED_BYTES = 64 * 1024;
    private static final Pattern RETRY_DELAY =
            Pattern.compile("\"retryDelay\"\\s*:\\s*\"(\\d{1,9}(?:\\.\\d{1,9})?)s\"");

    private final ConcurrentHashMap<String, TrackedCall> calls = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Clock clock;

    /** @param clock the clock used to turn an HTTP-date {@code Retry-After} into a delay */
    CallTracker(Clock clock) {
        this.clock = clock;
    }

    /** @return a new tracked attempt; {@link #close} it when the attempt ends */
    TrackedCall open() {
        TrackedCall call = new TrackedCall(Long.toString(ids.incrementAndGet()));
        calls.put(call.id(), call);
        return call;
    }

    /** @param call an attempt that ended; forgets it */
    void close(TrackedCall call) {
        calls.remove(call.id());
    }

    /** @return attempts currently open (for tests: nothing may leak) */
    int openCalls() {
        return calls.size();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String id = request.header(CALL_ID_HEADER);
        TrackedCall tracked = null;
        if (id != null) {
            tracked = calls.get(id);
            request = request.newBuilder().removeHeader(CALL_ID_HEADER).build();
        }
        if (tracked != null) {
            tracked.attach(chain.call());
            Duration idle = tracked.readTimeout();
            if (idle != null) {
                chain = chain.withReadTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, idle.toMillis())),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
        Response response = chain.proceed(request);
        if (tracked != null && response.code() >= 400) {
            tracked.retryAfter(retryAfter(response));
        }
        return response;
    }

    /**
     * @param response an error response
     * @return the delay it asks for, or {@code null}
     */
    Duration retryAfter(Response response) {
        String header = response.header("Retry-After");
        if (header == null) {
            header = response.header(HIDDEN_RETRY_AFTER_HEADER);
        }
        Duration fromHeader = RetryAfter.parse(header, clock.instant()).orElse(null);
        if (fromHeader != null) {
            return fromHeader;
        }
        MediaType type = response.body() == null ? null : response.body().contentType();
        if (type != null && !"json".equalsIgnoreCase(type.subtype())) {
            return null;
        }
        try {
            return parseRetryDelay(response.peekBody(MAX_PEEKED_BYTES).string());
        } catch (IOException | RuntimeException e) {
            return null; // the SDK reads the body again and reports the real failure
        }
    }

    /**
     * @param body a Google API error body
     * @return the {@code RetryInfo.retryDelay} it carries, or {@code null}
     */
    static Duration parseRetryDelay(String body) {
        if (body == null) {
            return null;
        }
        Matcher m = RETRY_DELAY.matcher(body);
        if (!m.find()) {
            return null;
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(m.group(1)) * 1000));
    }

    /** One attempt: its id, its OkHttp call once started, and the delay the server asked for. */
    static final class TrackedCall {
        private final String id;
        private volatile okhttp3.Call call;
        private volatile boolean cancelled;
        private volatile Duration retryAfter;

        private volatile Duration readTimeout;

        TrackedCall(String id) {
            this.id = id;
        }

        String id() {
            return id;
        }

        /** @return the longest wait for the next bytes of this exchange (a stream's idle bound), or {@code null} */
        Duration readTimeout() {
            return readTimeout;
        }

        /** @param timeout the longest wait for the next bytes of this exchange */
        void readTimeout(Duration timeout) {
            this.readTimeout = timeout;
        }

        /** @return the delay from the last error response of this attempt, or {@code null} */
        Duration retryAfter() {
            return retryAfter;
        }

        void retryAfter(Duration delay) {
            this.retryAfter = delay;
        }

        void attach(okhttp3.Call c) {
            this.call = c;
            if (cancelled) {
                c.cancel();
            }
        }

        /** Cancels the exchange, now or as soon as it starts. */
        void cancel() {
            cancelled = true;
            okhttp3.Call c = call;
            if (c != null) {
                c.cancel();
            }
        }

        @Override
        public String toString() {
            return "TrackedCall[" + id + "]";
        }
    }
}
