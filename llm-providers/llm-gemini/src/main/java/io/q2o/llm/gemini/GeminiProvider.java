package io.q2o.llm.gemini;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.ClientOptions;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.spi.InvalidRequestException;
import io.q2o.llm.spi.KeyRedactor;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.MalformedResponseException;
import io.q2o.llm.spi.ProviderConfig;
import io.q2o.llm.spi.ProviderException;
import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.spi.ProviderTimeoutException;
import io.q2o.llm.spi.StreamSink;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Google Gemini provider: one attempt per call over the official
 * {@code com.google.genai:google-genai} 2.0.0 SDK against the Gemini Developer API
 * ({@code x-goog-api-key} authentication, never Vertex AI). Create it with
 * {@link GeminiProviderFactory}.
 *
 * <h2>Defaults</h2>
 * <ul>
 *   <li>Base URL {@value #DEFAULT_BASE_URL} ({@code GEMINI_BASE_URL} overrides it; give the server
 *       root, a trailing {@code /v1beta} is tolerated), API version {@value #DEFAULT_API_VERSION}
 *       ({@code GEMINI_API_VERSION}; the SDK's own default would be {@code v1}).</li>
 *   <li>The SDK's retries are off ({@code HttpRetryOptions.attempts(1)}, {@code initialDelay(0.0)},
 *       no retryable status codes), and so is the back-off sleep the SDK would otherwise take even
 *       with one attempt; OkHttp's own silent re-sends (after a connection failure, a 408, or a 503
 *       with {@code Retry-After: 0}) are off as well: the service's retry loop is the only one. The SDK's automatic stream/answer continuation is
 *       off too, so one call is exactly one HTTP request.</li>
 *   <li>Always a timeout: the client's call timeout is {@link ProviderConfig#requestTimeout()}
 *       (the SDK has none by default), and every call sets {@link ProviderRequest#timeout()} as its
 *       per-request {@code HttpOptions.timeout}, which the SDK applies as that call's OkHttp call
 *       timeout (connect, send, wait and read). A stream instead gets it as a read timeout: it
 *       bounds the wait for the first event and every gap between events, so a stalled stream fails
 *       within it while a long, lively one is not cut (the service ends a stream at its deadline). Async calls are also guarded by a timer that fails them at the
 *       deadline even if they are still queued in the dispatcher.</li>
 *   <li>At most {@value #DEFAULT_MAX_CONCURRENT_REQUESTS} in-flight HTTP requests per provider
 *       ({@code GEMINI_MAX_CONCURRENT_REQUESTS}; OkHttp's own default would be 5 per host).</li>
 * </ul>
 *
 * <h2>Request</h2>
 * The system messages go in {@code systemInstruction} (omitted when there are none), the rest of
 * the conversation as {@code contents} with roles {@code user}/{@code model} (images, function
 * calls and function responses included), and the tools, tool choice and response schema as
 * {@code tools}, {@code toolConfig} and {@code responseJsonSchema}: see {@link GeminiRequestMapper}.
 * {@code generationConfig} carries {@code temperature}, {@code maxOutputTokens} (when &gt; 0),
 * {@code stopSequences} (when any) and, for {@link io.q2o.llm.ResponseFormat#JSON},
 * {@code responseMimeType: application/json}. {@code functionCall} parts of the answer become
 * tool calls with finish reason TOOL_CALLS ({@link GeminiToolCalls}); when streaming, each call
 * (Gemini sends them whole) also reaches {@link StreamSink#onToolCallDelta} once.
 *
 * <h2>Errors</h2>
 * Every failure is a {@link ProviderException} (see the mapping in the module README). The SDK's
 * exceptions carry no headers, so {@code Retry-After} (and Google's {@code RetryInfo.retryDelay})
 * is captured by an OkHttp interceptor on the custom HTTP client handed to the SDK and attached to
 * {@link io.q2o.llm.spi.RateLimitedException} and {@link io.q2o.llm.spi.ServerErrorException}.
 * A response without candidates is an {@link InvalidRequestException} naming the block reason when
 * the prompt was blocked, otherwise a {@link MalformedResponseException}.
 *
 * <h2>Async and streaming</h2>
 * {@link #completeAsync} uses the SDK's async client ({@code client.async.models}), which enqueues
 * the OkHttp call: neither the caller's thread nor {@code blockingExecutor} is used. OkHttp performs
 * blocking socket I/O on its dispatcher threads, so each in-flight exchange still occupies one of
 * this provider's dispatcher threads (daemon, cached), and the SDK reads and parses the body on
 * {@code ForkJoinPool.commonPool()}. {@link #stream} reads the SSE stream on the calling thread and
 * treats a stream that ends without a finish reason as cut ({@link MalformedResponseException}).
 *
 * <p>Thread-safe. The API key never appears in logs, messages or {@link #toString()}.
 *
 * <p>Length: a quarter of this file is the contract above (defaults, mapping, errors, threads);
 * the code is the client's setup and the three call styles, with mapping, answers, errors and call
 * tracking already in their own classes.
 */
public final class GeminiProvider implements LlmProvider {

    /** The Gemini Developer API root, {@value}. */
    public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";
    /** The API version used unless {@code GEMINI_API_VERSION} says otherwise, {@value}. */
    public static final String DEFAULT_API_VERSION = "v1beta";
    /** In-flight HTTP requests per provider unless {@code GEMINI_MAX_CONCURRENT_REQUESTS} says otherwise, {@value}. */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 512;

    private static final Logger LOG = LoggerFactory.getLogger(GeminiProvider.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A stream's whole-exchange bound: none in practice; its idle gaps are bounded instead. */
    private static final Duration STREAM_CALL_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);
    private static final long ASYNC_GUARD_GRACE_MS = 250;
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /**
     * The SDK's retry interceptor, disarmed. {@code attempts(1)} alone is not enough: after the
     * last attempt on a retryable status (408, 429, 5xx) it still sleeps
     * {@code initialDelay × (1 ± jitter)}, by default a random 0–2 s, before returning. With no
     * retryable status codes it hands every response straight back; the zero delays make sure
     * of it even if the status list were ignored.
     */
    private static final HttpRetryOptions SDK_RETRIES_OFF = HttpRetryOptions.builder()
            .attempts(1).initialDelay(0.0).maxDelay(0.0).jitter(0.0).httpStatusCodes(List.of()).build();

    private final String name;
    private final String baseUrl;
    private final String apiVersion;
    private final Duration requestTimeout;
    private final int maxConcurrentRequests;
    private final CallTracker tracker;
    private final GeminiErrors errors;
    private final GeminiResponses responses;
    private final ExecutorService httpExecutor;
    private final OkHttpClient httpClient;
    private final Client client;
    private final ScheduledThreadPoolExecutor timer;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param config the resolved configuration
     * @throws IllegalArgumentException naming the setting if the key is missing or a setting is unusable
     */
    GeminiProvider(ProviderConfig config) {
        this.name = GeminiProviderFactory.NAME;
        String key = config.apiKey()
                .orElseThrow(() -> new IllegalArgumentException("Gemini needs an API key: set "
                        + GeminiProviderFactory.API_KEY_VARIABLE))
                .reveal();
        this.baseUrl = GeminiSettings.baseUrl(config);
        this.apiVersion = GeminiSettings.apiVersion(config);
        this.requestTimeout = config.requestTimeout();
        if (requestTimeout.isZero() || requestTimeout.isNegative()) {
            throw new IllegalArgumentException("the Gemini request timeout must be positive, got " + requestTimeout);
        }
        this.maxConcurrentRequests = GeminiSettings.maxConcurrentRequests(config);
        this.tracker = new CallTracker(Clock.systemUTC());
        this.errors = new GeminiErrors(name, key);
        this.responses = new GeminiResponses(name);

        int instance = INSTANCES.incrementAndGet();
        this.httpExecutor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemonThreads("q2o-gemini-" + instance + "-http-"));
        Dispatcher dispatcher = new Dispatcher(httpExecutor);
        dispatcher.setMaxRequests(maxConcurrentRequests);
        dispatcher.setMaxRequestsPerHost(maxConcurrentRequests);
        // The SDK builds on this client (newBuilder) and adds its retry interceptor after ours, so
        // ours is outermost and sees the final response. No read/write timeout: the call timeout
        // (set by the SDK from HttpOptions.timeout, per request) bounds the whole exchange.
        // OkHttp's own silent re-sends are off too: after a connection failure or a 408 (both via
        // retryOnConnectionFailure) and after a 503 with "Retry-After: 0" (NO_IMMEDIATE_RESEND).
        this.httpClient = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                // as many idle connections as calls in flight: OkHttp's default of 5 would reconnect under load
                .connectionPool(new okhttp3.ConnectionPool(maxConcurrentRequests, 5, TimeUnit.MINUTES))
                .addInterceptor(tracker)
                .addNetworkInterceptor(CallTracker.NO_IMMEDIATE_RESEND)
                .retryOnConnectionFailure(false)
                .connectTimeout(CONNECT_TIMEOUT)
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .callTimeout(requestTimeout)
                .build();
        HttpOptions httpOptions = HttpOptions.builder()
                .baseUrl(baseUrl)
                .apiVersion(apiVersion)
                .timeout(millis(requestTimeout))
                .retryOptions(SDK_RETRIES_OFF)
                .build();
        try {
            this.client = Client.builder()
                    .apiKey(key)
                    .vertexAI(false)
                    .httpOptions(httpOptions)
                    .clientOptions(ClientOptions.builder().customHttpClient(httpClient).build())
                    .build();
        } catch (RuntimeException e) {
            httpExecutor.shutdownNow();
            throw new IllegalArgumentException("could not create the Gemini client: "
                    + KeyRedactor.of(key).redact(e.getMessage()));
        }
        this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("q2o-gemini-" + instance + "-deadline-"));
        timer.setRemoveOnCancelPolicy(true);
    }

    /** @return {@code "gemini"} */
    @Override
    public String name() {
        return name;
    }

    /**
     * Makes one blocking {@code generateContent} call, bounded by {@link ProviderRequest#timeout()}.
     *
     * @param request the request
     * @return the answer
     * @throws ProviderException any classified failure; nothing else escapes
     */
    @Override
    public ProviderResponse complete(ProviderRequest request) {
        check(request);
        CallTracker.TrackedCall call = tracker.open();
        try {
            GenerateContentResponse response =
                    client.models.generateContent(request.model(), contents(request), config(request, call, request.timeout()));
            return responses.toResponse(response, request.model());
        } catch (RuntimeException e) {
            throw errors.map(e, request.model(), call.retryAfter());
        } finally {
            tracker.close(call);
        }
    }

    /**
     * Makes one non-blocking call through the SDK's async client; {@code blockingExecutor} is not
     * used. The future completes exceptionally with a {@link ProviderException} (never wrapped by
     * this method) at the latest shortly after {@link ProviderRequest#timeout()}; cancelling it
     * cancels the HTTP exchange.
     *
     * @param request          the request
     * @param blockingExecutor ignored: no blocking work is needed
     * @return the future answer
     */
    @Override
    public CompletableFuture<ProviderResponse> completeAsync(ProviderRequest request, Executor blockingExecutor) {
        try {
            check(request);
        } catch (ProviderException e) {
            return CompletableFuture.failedFuture(e);
        }
        String model = request.model();
        CallTracker.TrackedCall call = tracker.open();
        CompletableFuture<ProviderResponse> result = new CompletableFuture<>();
        ScheduledFuture<?> guard;
        try {
            // Also covers time spent queued in the dispatcher, which OkHttp's call timeout does not.
            long guardMs = request.timeout().toMillis() + ASYNC_GUARD_GRACE_MS;
            guard = timer.schedule(() -> {
                if (result.completeExceptionally(new ProviderTimeoutException(name, -1,
                        "Gemini call timed out after " + request.timeout().toMillis() + " ms (model " + model + ")",
                        null))) {
                    call.cancel();
                }
            }, guardMs, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) { // rejected: closed concurrently
            tracker.close(call);
            return CompletableFuture.failedFuture(errors.map(e, model, null));
        }
        CompletableFuture<GenerateContentResponse> sdk;
        try {
            sdk = client.async.models.generateContent(model, contents(request), config(request, call, request.timeout()));
        } catch (RuntimeException e) {
            guard.cancel(false);
            tracker.close(call);
            return CompletableFuture.failedFuture(errors.map(e, model, call.retryAfter()));
        }
        sdk.whenComplete((response, failure) -> {
            try {
                if (failure != null) {
                    result.completeExceptionally(errors.map(failure, model, call.retryAfter()));
                } else {
                    result.complete(responses.toResponse(response, model));
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(errors.map(e, model, call.retryAfter()));
            }
        });
        result.whenComplete((response, failure) -> {
            guard.cancel(false);
            if (result.isCancelled()) {
                call.cancel();
            }
            tracker.close(call);
        });
        return result;
    }

    /**
     * Streams one {@code streamGenerateContent?alt=sse} call on the calling thread, bounded as a
     * whole by {@link ProviderRequest#timeout()}. Non-empty text deltas reach {@code sink} in order;
     * an exception thrown by the sink propagates unchanged (and the stream is closed). A stream
     * that breaks, carries a malformed event or ends without a finish reason throws a
     * {@link ProviderException}, whether or not text was already delivered.
     *
     * @param request the request
     * @param sink    receives text deltas
     * @return the complete answer with the usage of the last chunk that reported it
     * @throws ProviderException any classified failure
     */
    @Override
    public ProviderResponse stream(ProviderRequest request, StreamSink sink) {
        check(request);
        String model = request.model();
        CallTracker.TrackedCall call = tracker.open();
        ResponseStream<GenerateContentResponse> stream = null;
        try {
            Iterator<GenerateContentResponse> chunks;
            try {
                // the attempt timeout bounds the wait for the first event and each gap between events
                // (read timeout), not the whole stream; the service ends a stream at its deadline
                call.readTimeout(request.timeout());
                stream = client.models.generateContentStream(model, contents(request), config(request, call, STREAM_CALL_TIMEOUT));
                chunks = stream.iterator();
            } catch (RuntimeException e) {
                throw errors.map(e, model, call.retryAfter());
            }
            GeminiStreamState state = new GeminiStreamState(name, model, responses);
            while (true) {
                String delta;
                try {
                    if (!chunks.hasNext()) {
                        break;
                    }
                    delta = state.add(chunks.next());
                } catch (RuntimeException e) {
                    throw errors.map(e, model, call.retryAfter());
                }
                if (!delta.isEmpty()) {
                    sink.onText(delta);
                }
                state.toolCallDeltas().forEach(sink::onToolCallDelta);
            }
            return state.finish();
        } finally {
            if (stream != null) {
                try {
                    stream.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing the Gemini stream failed: {}", e.getClass().getName());
                }
            }
            tracker.close(call);
        }
    }

    /** Closes the SDK client, cancels pending deadline timers and stops the HTTP threads. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            client.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the Gemini client failed: {}", e.getClass().getName());
        } finally {
            timer.shutdownNow();
            httpExecutor.shutdown();
            httpClient.connectionPool().evictAll();
        }
    }

    /** @return a summary: base URL, API version, timeout; never the key */
    @Override
    public String toString() {
        return "GeminiProvider{baseUrl=" + baseUrl + ", apiVersion=" + apiVersion + ", requestTimeout="
                + requestTimeout + ", maxConcurrentRequests=" + maxConcurrentRequests + ", sdkRetries=off}";
    }

    /** @return the interceptor that correlates calls (tests check that nothing leaks) */
    CallTracker tracker() {
        return tracker;
    }

    private void check(ProviderRequest request) {
        if (closed.get()) {
            throw new ProviderException(ErrorKind.INTERNAL, name, -1, null, "the Gemini provider is closed", null);
        }
        if (request.model().isBlank()) {
            throw new InvalidRequestException(name, -1, "no Gemini model given", null);
        }
        if (request.timeout().isZero() || request.timeout().isNegative()) {
            throw new ProviderTimeoutException(name, -1, "no time left for the Gemini call (timeout "
                    + request.timeout() + ", model " + request.model() + ")", null);
        }
    }

    private static List<Content> contents(ProviderRequest request) {
        return GeminiRequestMapper.contents(request);
    }

    /** The request's generation config, plus this call's timeout and tracking header; one HTTP request, no continuation. */
    private GenerateContentConfig config(ProviderRequest request, CallTracker.TrackedCall call, Duration callTimeout) {
        return GeminiRequestMapper.config(request)
                .automaticContinuation(false)
                .httpOptions(HttpOptions.builder()
                        .timeout(millis(callTimeout))
                        .headers(Map.of(CallTracker.CALL_ID_HEADER, call.id())))
                .build();
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
