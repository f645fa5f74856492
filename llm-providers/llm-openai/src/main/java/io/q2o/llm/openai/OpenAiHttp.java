package io.q2o.llm.openai;

import com.openai.core.RequestOptions;
import com.openai.core.Timeout;
import io.q2o.llm.spi.ProviderRequest;
import okhttp3.ConnectionPool;
import java.util.concurrent.TimeUnit;

import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;

/**
 * The OkHttp client the SDK borrows (its {@code okHttpClient(…)} option), built here so that no
 * layer below the {@code LlmService} pipeline ever re-sends a request:
 * <ul>
 *   <li>{@code retryOnConnectionFailure(false)} — no silent re-send after a broken connection;</li>
 *   <li>OkHttp re-sends a 503 that carries {@code Retry-After: 0} once, on its own, whatever the
 *       SDK's {@code maxRetries}; a network interceptor rewrites that header to the equivalent
 *       {@code retry-after-ms: 0}, which OkHttp ignores and the adapter still reads;</li>
 *   <li>{@code followRedirects(false)} — an API call has no business being redirected, and the
 *       bearer key must not follow one;</li>
 *   <li>sized for the provider's in-flight limit ({@code OPENAI_MAX_CONCURRENT_REQUESTS}, default
 *       512): the connection pool keeps that many idle connections (OkHttp's default of 5 would
 *       close and reopen a connection for most calls under load), and the dispatcher's limits,
 *       which only async calls use, are raised to it (OkHttp's default is 64).</li>
 * </ul>
 * Because the client is borrowed, the SDK does not release it: {@link #release} does. The
 * per-call timeouts (a call's {@link #options}, a stream's {@link #streamOptions}) are set here too.
 */
final class OpenAiHttp {

    /** OkHttp rejects timeouts above {@code Integer.MAX_VALUE} milliseconds; longer ones are capped here. */
    static final Duration MAX_TIMEOUT = Duration.ofDays(24);

    private OpenAiHttp() {
    }

    /**
     * @param timeout       connect, read, write and whole-call timeout (per-call request options override it)
     * @param maxConcurrent the most calls in flight at once: idle connections kept, dispatcher limits
     * @return a new client with its own dispatcher and connection pool
     */
    static OkHttpClient newClient(Duration timeout, int maxConcurrent) {
        OkHttpClient client = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(maxConcurrent, 5, TimeUnit.MINUTES))
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .callTimeout(timeout)
                .addNetworkInterceptor(new NoSilentResend())
                .build();
        client.dispatcher().setMaxRequests(maxConcurrent);
        client.dispatcher().setMaxRequestsPerHost(maxConcurrent);
        return client;
    }

    /**
     * Stops the dispatcher threads and closes idle connections.
     *
     * @param client a client from {@link #newClient}
     */
    static void release(OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /** @return the options of one call: every timeout is the request's attempt timeout */
    static RequestOptions options(ProviderRequest request) {
        return RequestOptions.builder().timeout(timeout(clamp(request.timeout()))).build();
    }

    /** @return {@code d} as the connect, read, write and whole-call timeout */
    static Timeout timeout(Duration d) {
        return Timeout.builder().connect(d).read(d).write(d).request(d).build();
    }

    /**
     * A stream's timeouts: the attempt timeout bounds connecting, the wait for the first event and
     * every gap between events (OkHttp's read timeout), not the whole stream, so a stalled stream
     * fails within it while a long, lively one is not cut; the service ends a stream at its deadline.
     */
    static RequestOptions streamOptions(ProviderRequest request) {
        Duration d = clamp(request.timeout());
        return RequestOptions.builder().timeout(Timeout.builder().connect(d).read(d).write(d).request(MAX_TIMEOUT)
                .build()).build();
    }

    /** @return {@code d} within 1 ms .. {@link #MAX_TIMEOUT} */
    static Duration clamp(Duration d) {
        if (d.compareTo(Duration.ofMillis(1)) < 0) {
            return Duration.ofMillis(1);
        }
        return d.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : d;
    }

    /** Turns {@code 503 + Retry-After: 0} into {@code 503 + retry-after-ms: 0} so OkHttp does not re-send it. */
    static final class NoSilentResend implements Interceptor {
        @Override
        public Response intercept(Chain chain) throws IOException {
            Response response = chain.proceed(chain.request());
            if (response.code() != 503) {
                return response;
            }
            String retryAfter = response.header("Retry-After");
            if (retryAfter == null || !isZeroSeconds(retryAfter)) {
                return response;
            }
            Response.Builder rewritten = response.newBuilder().removeHeader("Retry-After");
            if (response.header("retry-after-ms") == null) {
                rewritten.header("retry-after-ms", "0");
            }
            return rewritten.build();
        }

        private static boolean isZeroSeconds(String value) {
            String v = value.strip();
            return !v.isEmpty() && v.chars().allMatch(c -> c == '0');
        }
    }
}
