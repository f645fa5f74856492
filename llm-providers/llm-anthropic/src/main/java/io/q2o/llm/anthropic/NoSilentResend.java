package io.q2o.llm.anthropic;

import com.anthropic.core.RequestOptions;
import com.anthropic.core.http.HttpClient;
import com.anthropic.core.http.HttpRequest;
import com.anthropic.core.http.HttpRequestBody;
import com.anthropic.core.http.HttpResponse;
import com.anthropic.core.http.Interceptor;

import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An SDK interceptor that keeps OkHttp, inside the SDK's HTTP client, from re-sending a request
 * on its own. OkHttp repeats a request once after a {@code 503} carrying {@code Retry-After: 0},
 * whatever the SDK's {@code maxRetries}, and the SDK builder exposes no OkHttp interceptor to stop
 * it. What the SDK does pass through is whether a body is repeatable (as OkHttp's
 * {@code RequestBody.isOneShot()}), and OkHttp never re-sends a one-shot body: not after a 503,
 * nor after a 408, an auth challenge or a 307/308. So every body is handed on as one-shot.
 *
 * <p>This is safe because nothing below the pipeline re-sends anyway: the SDK's retries are off
 * ({@code maxRetries(0)}) and its client already has {@code retryOnConnectionFailure(false)}.
 * The interceptor sits below the SDK's authorizing and retrying layers, which still see the
 * original, repeatable body. Stateless and thread-safe.
 */
final class NoSilentResend implements Interceptor {

    @Override
    public HttpClient intercept(HttpClient next) {
        return new HttpClient() {
            @Override
            public HttpResponse execute(HttpRequest request, RequestOptions options) {
                return next.execute(oneShot(request), options);
            }

            @Override
            public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions options) {
                return next.executeAsync(oneShot(request), options);
            }

            @Override
            public void close() {
                next.close();
            }
        };
    }

    /**
     * @param request a request about to be sent
     * @return the same request with its body, if any, marked as not repeatable
     */
    static HttpRequest oneShot(HttpRequest request) {
        Optional<HttpRequestBody> body = request.body();
        if (body.isEmpty() || !body.get().repeatable()) {
            return request;
        }
        return request.toBuilder().body(new OneShotBody(body.get())).build();
    }

    /** Delegates everything to the SDK's body but says it cannot be written twice. */
    static final class OneShotBody implements HttpRequestBody {
        private final HttpRequestBody body;

        OneShotBody(HttpRequestBody body) {
            this.body = body;
        }

        @Override
        public void writeTo(OutputStream out) {
            body.writeTo(out);
        }

        @Override
        public String contentType() {
            return body.contentType();
        }

        @Override
        public long contentLength() {
            return body.contentLength();
        }

        @Override
        public boolean repeatable() {
            return false;
        }

        @Override
        public void close() {
            body.close();
        }
    }
}
