package io.q2o.llm.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.ResponseFormat;
import io.q2o.llm.Secret;
import io.q2o.llm.ToolCallDelta;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.MalformedResponseException;
import io.q2o.llm.spi.ProviderConfig;
import io.q2o.llm.spi.ProviderException;
import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.spi.ProviderTimeoutException;
import io.q2o.llm.spi.StreamSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The OpenAI adapter: one Chat Completions call ({@code POST {base}/chat/completions}) per
 * {@link #complete}, {@link #completeAsync} or {@link #stream} over the official
 * {@code com.openai:openai-java} SDK. Works with any OpenAI-compatible server (Ollama, vLLM,
 * LM Studio, …) through the base URL.
 *
 * <p>Defaults and behaviour:
 * <ul>
 *   <li>Base URL: {@code https://api.openai.com/v1}; {@code OPENAI_BASE_URL} overrides it. A URL
 *       without a path gets {@code /v1} appended, a URL with a path is used as given (trailing
 *       slashes dropped): {@code http://localhost:11434} and {@code http://localhost:11434/v1/}
 *       both become {@code http://localhost:11434/v1}.</li>
 *   <li>API key: {@code OPENAI_API_KEY}, sent as {@code Authorization: Bearer …}. Optional when a
 *       base URL is configured; a placeholder is then sent (local servers ignore it).</li>
 *   <li>SDK retries: off ({@code maxRetries(0)}), and the OkHttp client underneath never re-sends
 *       either (no retry on connection failure, no redirects, no silent re-send of a 503 with
 *       {@code Retry-After: 0}); the {@code LlmService} pipeline is the only retry loop.</li>
 *   <li>Timeout: {@link ProviderConfig#requestTimeout()} on the client; every call is bounded by
 *       {@link ProviderRequest#timeout()} (connect, read, write and the whole call — for streams,
 *       the whole stream).</li>
 *   <li>Request: the conversation, tools, tool choice, parallel tool calls and answer format as
 *       {@code OpenAiRequestMapper} describes (system messages first, omitted when there are none;
 *       a shorthand request is one system and one user message); {@code temperature}; the token limit as {@code max_completion_tokens} for
 *       {@code api.openai.com} and {@code max_tokens} for other servers (override with
 *       {@code OPENAI_MAX_TOKENS_FIELD}); {@code stop}; a response schema as
 *       {@code response_format: json_schema}, plain {@link ResponseFormat#JSON} as
 *       {@code response_format: {"type": "json_object"}} — OpenAI rejects JSON mode unless a message
 *       mentions JSON, so when none does, the sentence {@value #JSON_INSTRUCTION} is
 *       appended to the first system message.</li>
 *   <li>Answer: text of the first choice (its refusal text if the model refused), its function tool
 *       calls ({@code OpenAiToolCalls}; any tool call makes the finish reason TOOL_CALLS), finish reason
 *       ({@code stop}→STOP, {@code length}→LENGTH, {@code content_filter}→CONTENT_FILTER,
 *       {@code tool_calls}/{@code function_call}→TOOL_CALLS, other→OTHER, none→UNKNOWN), the model
 *       as reported (the requested one if the server reports none), and usage:
 *       {@code prompt_tokens} (includes cached), {@code completion_tokens} (includes reasoning),
 *       {@code prompt_tokens_details.cached_tokens}, {@code completion_tokens_details.reasoning_tokens};
 *       missing usage counts as zero; an answer without choices is a {@link MalformedResponseException}.</li>
 *   <li>Streaming: {@code stream_options.include_usage=true}; usage comes in the last chunk; tool-call
 *       argument fragments go to {@link StreamSink#onToolCallDelta} and are assembled into the answer. A stream
 *       that ends before a finish reason arrived is a {@link MalformedResponseException}, never a
 *       short answer. Against {@code api.openai.com} a stream without its usage chunk is one too;
 *       other servers may not send usage, which then counts as zero (logged at WARN).</li>
 *   <li>Errors: every failure is a {@link ProviderException} subclass (see {@code OpenAiErrors}
 *       and the module README for the table). Messages never contain the key.</li>
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} releases the SDK client (its connection pool and dispatcher).
 */
public final class OpenAiProvider implements LlmProvider {

    /** Appended to the system message for {@link ResponseFormat#JSON} when no prompt mentions JSON. */
    public static final String JSON_INSTRUCTION = "Respond with a single valid JSON object.";

    /** Sent as the key when none is configured but a base URL is (keyless local servers). */
    static final String PLACEHOLDER_KEY = "no-key-required";


    private static final Logger LOG = LoggerFactory.getLogger(OpenAiProvider.class);
    /** The in-flight limit unless {@code OPENAI_MAX_CONCURRENT_REQUESTS} says otherwise, as in llm-core. */
    private static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 512;

    private final OpenAIClient client;
    private final okhttp3.OkHttpClient http;
    private final String displayBaseUrl;
    private final Duration requestTimeout;
    private final MaxTokensField maxTokensField;
    private final boolean requireStreamUsage;
    private final boolean keyless;
    private final OpenAiErrors errors;
    private final OpenAiResponses responses;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean warnedNoStreamUsage = new AtomicBoolean();

    /**
     * Builds the SDK client from configuration.
     *
     * @param config the resolved configuration: {@code apiKey} ({@code OPENAI_API_KEY}; may be empty
     *               only when {@code baseUrl} is set), {@code baseUrl} ({@code OPENAI_BASE_URL};
     *               default, also when blank, {@code https://api.openai.com/v1}), {@code requestTimeout}, and the
     *               setting {@code OPENAI_MAX_TOKENS_FIELD} ({@code max_completion_tokens} or
     *               {@code max_tokens}; default depends on the base URL, see the class comment),
     *               and the optional settings {@code OPENAI_ORG_ID} / {@code OPENAI_PROJECT_ID}
     *               (default: not sent)
     * @throws IllegalArgumentException naming the variable if the key is missing, the base URL is
     *                                  not an http(s) URL, or a setting has an unknown value
     */
    public OpenAiProvider(ProviderConfig config) {
        this(config, Clock.systemUTC());
    }

    /**
     * @param config see {@link #OpenAiProvider(ProviderConfig)}
     * @param clock  the clock used to read HTTP-date Retry-After headers
     */
    OpenAiProvider(ProviderConfig config, Clock clock) {
        this(config, clock, null);
    }

    /**
     * @param config             see {@link #OpenAiProvider(ProviderConfig)}
     * @param clock              the clock used to read HTTP-date Retry-After headers
     * @param requireStreamUsage whether a stream without its usage chunk is malformed; {@code null}:
     *                           only for {@code api.openai.com}
     */
    OpenAiProvider(ProviderConfig config, Clock clock, Boolean requireStreamUsage) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Optional<String> override = config.baseUrl().filter(url -> !url.isBlank());
        String baseUrl = override.map(OpenAiEndpoint::normalize).orElse(OpenAiEndpoint.DEFAULT_BASE_URL);
        boolean official = OpenAiEndpoint.isOfficial(baseUrl);
        Optional<Secret> key = config.apiKey();
        if (key.isEmpty() && override.isEmpty()) {
            throw new IllegalArgumentException(OpenAiProviderFactory.API_KEY_VARIABLE + " is not set: set it, or set "
                    + OpenAiProviderFactory.BASE_URL_VARIABLE + " to use an OpenAI-compatible server that needs no key");
        }
        this.keyless = key.isEmpty();
        this.displayBaseUrl = OpenAiEndpoint.display(baseUrl);
        this.requestTimeout = OpenAiHttp.clamp(config.requestTimeout());
        this.maxTokensField = config.setting(OpenAiProviderFactory.MAX_TOKENS_FIELD_VARIABLE)
                .filter(v -> !v.isBlank())
                .map(MaxTokensField::parse)
                .orElse(MaxTokensField.defaultFor(official));
        this.requireStreamUsage = requireStreamUsage == null ? official : requireStreamUsage;
        String rawKey = key.map(Secret::reveal).orElse(PLACEHOLDER_KEY);
        this.errors = new OpenAiErrors(OpenAiProviderFactory.NAME, clock, key.map(Secret::reveal).orElse(null),
                displayBaseUrl);
        this.responses = new OpenAiResponses(errors);
        this.http = OpenAiHttp.newClient(requestTimeout, maxConcurrent(config));
        OpenAIOkHttpClient.Builder builder = OpenAIOkHttpClient.builder()
                .okHttpClient(http)
                .baseUrl(baseUrl)
                .apiKey(rawKey)
                .timeout(OpenAiHttp.timeout(requestTimeout))
                .maxRetries(0);
        config.setting(OpenAiProviderFactory.ORGANIZATION_VARIABLE).filter(v -> !v.isBlank()).map(String::strip)
                .ifPresent(builder::organization);
        config.setting(OpenAiProviderFactory.PROJECT_VARIABLE).filter(v -> !v.isBlank()).map(String::strip)
                .ifPresent(builder::project);
        try {
            this.client = builder.build();
        } catch (RuntimeException e) {
            OpenAiHttp.release(http);
            throw e;
        }
        LOG.debug("OpenAI provider ready: {}", this);
    }

    /** @return {@code "openai"} */
    @Override
    public String name() {
        return OpenAiProviderFactory.NAME;
    }

    /**
     * Makes one blocking Chat Completions call, bounded by {@link ProviderRequest#timeout()}.
     *
     * @param request the request
     * @return the answer
     * @throws ProviderException every failure, classified
     */
    @Override
    public ProviderResponse complete(ProviderRequest request) {
        Objects.requireNonNull(request, "request");
        ChatCompletion completion;
        try {
            ensureUsable(request);
            completion = client.chat().completions().create(params(request, false), OpenAiHttp.options(request));
        } catch (RuntimeException e) {
            throw mapOnCallerThread(e, request.model());
        }
        try {
            return responses.toResponse(completion, request.model());
        } catch (RuntimeException e) {
            throw errors.map(e, request.model());
        }
    }

    /**
     * Makes one non-blocking call on the SDK's async client ({@code client.async()}): no thread is
     * blocked while the call is in flight, so {@code blockingExecutor} is not used. Cancelling the
     * returned future cancels the HTTP call.
     *
     * @param request          the request
     * @param blockingExecutor unused
     * @return a future of the answer, completed exceptionally with a {@link ProviderException} on failure
     */
    @Override
    public CompletableFuture<ProviderResponse> completeAsync(ProviderRequest request, Executor blockingExecutor) {
        Objects.requireNonNull(request, "request");
        String model = request.model();
        CompletableFuture<ChatCompletion> call;
        try {
            ensureUsable(request);
            call = client.async().chat().completions().create(params(request, false), OpenAiHttp.options(request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(errors.map(e, model));
        }
        CompletableFuture<ProviderResponse> result = new CompletableFuture<>();
        call.whenComplete((completion, failure) -> {
            try {
                if (failure != null) {
                    result.completeExceptionally(errors.map(failure, model));
                } else {
                    result.complete(responses.toResponse(completion, model));
                }
            } catch (Throwable t) {
                result.completeExceptionally(t instanceof ProviderException ? t : errors.map(t, model));
            }
        });
        result.whenComplete((ignored, failure) -> {
            if (failure instanceof CancellationException) {
                call.cancel(true);
            }
        });
        return result;
    }

    /**
     * Streams one call with {@code stream_options.include_usage=true}, blocking until the stream
     * ends or {@link ProviderRequest#timeout()} passes. Non-empty text deltas go to {@code sink}
     * in order; an exception thrown by {@code sink} propagates unchanged (and closes the stream).
     *
     * @param request the request
     * @param sink    receives text deltas
     * @return the complete answer with the usage of the final chunk
     * @throws ProviderException every failure, classified, before or after deltas were emitted; a
     *                           stream cut before the finish reason is a {@link MalformedResponseException}
     */
    @Override
    public ProviderResponse stream(ProviderRequest request, StreamSink sink) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(sink, "sink");
        String model = request.model();
        StreamResponse<ChatCompletionChunk> response;
        Iterator<ChatCompletionChunk> chunks;
        try {
            ensureUsable(request);
            response = client.chat().completions().createStreaming(params(request, true), OpenAiHttp.streamOptions(request));
        } catch (RuntimeException e) {
            throw mapOnCallerThread(e, model);
        }
        try {
            try {
                chunks = response.stream().iterator();
            } catch (RuntimeException e) {
                throw errors.map(e, model);
            }
            OpenAiStreamState state = new OpenAiStreamState(model, requireStreamUsage, warnedNoStreamUsage, displayBaseUrl);
            while (true) {
                String delta;
                try {
                    if (!chunks.hasNext()) {
                        break;
                    }
                    delta = state.accept(chunks.next());
                } catch (RuntimeException e) {
                    throw mapOnCallerThread(e, model);
                }
                if (!delta.isEmpty()) {
                    sink.onText(delta);
                }
                for (ToolCallDelta d : state.drainToolDeltas()) {
                    sink.onToolCallDelta(d);
                }
            }
            return state.finish();
        } finally {
            closeQuietly(response);
        }
    }

    /** Closes the SDK client and its HTTP client (dispatcher threads, connection pool). Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                client.close();
            } finally {
                OpenAiHttp.release(http);
            }
        }
    }

    /** @return the HTTP client the SDK borrows (for tests) */
    okhttp3.OkHttpClient httpClient() {
        return http;
    }

    /** @return the base URL (without credentials), timeout and token-limit field; never the key */
    @Override
    public String toString() {
        return "OpenAiProvider{baseUrl=" + displayBaseUrl + ", apiKey=" + (keyless ? "none" : "set")
                + ", requestTimeout=" + requestTimeout + ", maxTokensField=" + maxTokensField.wireName() + "}";
    }

    /**
     * Maps a failure of a blocking call. OkHttp turns an interrupt of the calling thread into an
     * {@code InterruptedIOException("interrupted")} and clears the flag; it is set again here so the
     * caller still sees the interrupt.
     */
    private ProviderException mapOnCallerThread(RuntimeException e, String model) {
        for (Throwable c = e; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof InterruptedIOException && "interrupted".equals(c.getMessage())) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return errors.map(e, model);
    }

    // ---------------------------------------------------------------- request

    private void ensureUsable(ProviderRequest request) {
        if (closed.get()) {
            throw new ProviderException(ErrorKind.INTERNAL, name(), -1, null, "the OpenAI provider is closed", null);
        }
        if (request.timeout().isZero() || request.timeout().isNegative()) {
            throw new ProviderTimeoutException(name(), -1, "no time left for the OpenAI call (timeout "
                    + request.timeout() + ")", null);
        }
    }

    ChatCompletionCreateParams params(ProviderRequest request, boolean stream) {
        return OpenAiRequestMapper.params(request, maxTokensField, stream);
    }

    /** {@code OPENAI_MAX_CONCURRENT_REQUESTS} as checked by llm-core's configuration (default 512). */
    private static int maxConcurrent(ProviderConfig config) {
        return config.setting("OPENAI_MAX_CONCURRENT_REQUESTS").map(String::strip).filter(v -> v.matches("[0-9]{1,6}"))
                .map(Integer::parseInt).filter(n -> n >= 1).orElse(DEFAULT_MAX_CONCURRENT_REQUESTS);
    }

    // ---------------------------------------------------------------- helpers

    private static void closeQuietly(StreamResponse<?> response) {
        try {
            response.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the OpenAI stream failed", e);
        }
    }
}
