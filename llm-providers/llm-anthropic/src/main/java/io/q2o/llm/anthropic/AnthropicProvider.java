package io.q2o.llm.anthropic;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.RequestOptions;
import com.anthropic.core.Timeout;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawContentBlockDelta;
import com.anthropic.models.messages.RawMessageStreamEvent;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.ResponseFormat;
import io.q2o.llm.Secret;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.MalformedResponseException;
import io.q2o.llm.spi.ProviderException;
import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.spi.StreamSink;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Anthropic Messages API ({@code POST {baseUrl}/v1/messages}) as an {@link LlmProvider},
 * over the official {@code com.anthropic:anthropic-java} SDK. Create it with
 * {@link AnthropicProviderFactory} (found by {@link java.util.ServiceLoader}).
 *
 * <p><b>Client.</b> One OkHttp-based SDK client per provider, shared by all calls. The SDK's own
 * retries are off ({@code maxRetries(0)}) and OkHttp's silent re-send of a 503 with
 * {@code Retry-After: 0} is stopped ({@link NoSilentResend}): the core pipeline's retry loop is
 * the only one, and every attempt is exactly one request. The
 * client's default timeout is {@link io.q2o.llm.spi.ProviderConfig#requestTimeout()}; every call
 * overrides it with {@link ProviderRequest#timeout()}, applied to connect, read, write and the
 * whole call (for a stream: until its last event), so no call outlives its timeout. The base URL
 * defaults to the SDK's {@code https://api.anthropic.com}; the SDK appends {@code /v1/messages}.
 * The SDK (3.14.0) sends the key as {@code Authorization: Bearer …} and sets {@code anthropic-version}.
 *
 * <p><b>Request.</b> The system messages go in the top-level {@code system} field (omitted when
 * empty), the conversation as alternating user/assistant messages with text, image,
 * {@code tool_use} and {@code tool_result} blocks, the tools as {@code tools[].input_schema} with
 * {@code tool_choice}, and a response schema as forced use of a synthetic tool: see
 * {@link AnthropicRequestMapper}. {@code max_tokens} from
 * {@link ProviderRequest#maxTokens()}, {@code stop_sequences} when there are any. The SDK has no
 * temperature setter, so {@code temperature} is added as an extra body property, clamped to
 * Anthropic's range [0, 1] (values above 1, valid for OpenAI and Gemini, are sent as 1 instead
 * of failing a fallback call with HTTP 400).
 *
 * <p><b>JSON.</b> Anthropic has no JSON mode. For {@link ResponseFormat#JSON} without a schema the
 * adapter appends {@link #JSON_INSTRUCTION} to the system prompt (or sends it as the system
 * prompt); the answer is returned unchanged, so callers should still validate it. With a schema,
 * the input of the synthetic tool is returned as the answer text.
 *
 * <p><b>Answer.</b> Text blocks are concatenated; {@code tool_use} blocks become tool calls and
 * thinking blocks provider extras ({@link AnthropicToolCalls}). Stop
 * reasons: {@code end_turn}, {@code stop_sequence} → STOP; {@code max_tokens},
 * {@code model_context_window_exceeded} → LENGTH; {@code tool_use} → TOOL_CALLS;
 * {@code refusal} → CONTENT_FILTER; others → OTHER. Usage is normalised: Anthropic's
 * {@code input_tokens} excludes cache reads and writes, so inputTokens = input_tokens +
 * cache_read_input_tokens + cache_creation_input_tokens, cachedInputTokens = cache reads,
 * cacheWriteInputTokens = cache writes, reasoningTokens =
 * {@code output_tokens_details.thinking_tokens} when reported (part of outputTokens).
 *
 * <p><b>Failures.</b> Every failure is a {@link ProviderException}: 429 → rate limited with the
 * delay of {@code retry-after-ms} or {@code Retry-After} (seconds or HTTP date); 529 or
 * {@code overloaded_error} → overloaded; other 5xx → server error; 408 → timeout; 401/403 →
 * authentication (the message names {@code ANTHROPIC_API_KEY}, never the key); 404 → model not
 * found; 400/413/422 saying the prompt is too long → context length exceeded, otherwise invalid
 * request with Anthropic's message; client timeouts → timeout; other I/O → connection;
 * unparseable bodies → malformed response. An {@code error} event inside a stream is mapped by
 * its Anthropic error type in the same way.
 *
 * <p>Thread-safe. {@link #close()} releases the client's connections and threads.
 */
public final class AnthropicProvider implements LlmProvider {

    /** The instruction added to the system prompt when {@link ResponseFormat#JSON} is requested. */
    public static final String JSON_INSTRUCTION =
            "Respond with a single valid JSON object and nothing else: no prose before or after it and no Markdown code fences.";

    /** Idle connections kept for reuse: the default in-flight limit per provider. */
    private static final int IDLE_CONNECTIONS = 512;

    private final AnthropicClient client;
    private final AnthropicClientAsync asyncClient;
    private final AnthropicErrors errors;
    private final String baseUrl;
    private final Duration defaultTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param apiKey         the API key
     * @param baseUrl        the base URL without {@code /v1}, or empty for the SDK default
     * @param defaultTimeout the client's default timeout
     * @param clock          the clock HTTP-date {@code Retry-After} values are compared with
     */
    AnthropicProvider(Secret apiKey, Optional<String> baseUrl, Duration defaultTimeout, Clock clock) {
        Objects.requireNonNull(apiKey, "apiKey");
        this.baseUrl = baseUrl.orElse("default");
        this.defaultTimeout = Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        this.errors = new AnthropicErrors(apiKey.reveal(), clock);
        AnthropicOkHttpClient.Builder builder = AnthropicOkHttpClient.builder()
                .apiKey(apiKey.reveal())
                .maxRetries(0)
                .addInterceptor(new NoSilentResend())
                // keep as many idle connections as calls may be in flight (the default limit of
                // ANTHROPIC_MAX_CONCURRENT_REQUESTS): OkHttp's default of 5 would reconnect under load
                .maxIdleConnections(IDLE_CONNECTIONS)
                .keepAliveDuration(Duration.ofMinutes(5))
                .timeout(timeout(defaultTimeout));
        baseUrl.ifPresent(builder::baseUrl);
        this.client = builder.build();
        this.asyncClient = client.async();
    }

    /** @return {@code "anthropic"} */
    @Override
    public String name() {
        return AnthropicProviderFactory.NAME;
    }

    /**
     * Makes one blocking call; see the class documentation for the request and answer mapping.
     *
     * @param request the request
     * @return the answer
     * @throws ProviderException any failure, classified
     */
    @Override
    public ProviderResponse complete(ProviderRequest request) {
        try {
            ensureOpen();
            return answer(client.messages().create(params(request), options(request)), request);
        } catch (RuntimeException e) {
            throw errors.map(e, request.model());
        }
    }

    /** Maps a whole answer; a 200 whose body is JSON {@code null} is a malformed response, as in the other adapters. */
    private static ProviderResponse answer(Message message, ProviderRequest request) {
        if (message == null) {
            throw new MalformedResponseException(AnthropicProviderFactory.NAME, 200,
                    "Anthropic answered 200 without a message (the body was null)", null);
        }
        return AnthropicToolCalls.toResponse(message, request, MessageMapper.tokens(message.usage()));
    }

    /**
     * Makes one call with the SDK's asynchronous client: no thread is blocked while the call is
     * in flight, so {@code blockingExecutor} is not used.
     *
     * @param request          the request
     * @param blockingExecutor unused
     * @return the answer, or a future completed exceptionally with a {@link ProviderException}
     */
    @Override
    public CompletableFuture<ProviderResponse> completeAsync(ProviderRequest request, Executor blockingExecutor) {
        CompletableFuture<Message> call;
        try {
            ensureOpen();
            call = asyncClient.messages().create(params(request), options(request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(errors.map(e, request.model()));
        }
        CompletableFuture<ProviderResponse> result = new CompletableFuture<>();
        call.whenComplete((message, failure) -> {
            if (failure != null) {
                result.completeExceptionally(errors.map(failure, request.model()));
                return;
            }
            try {
                result.complete(answer(message, request));
            } catch (RuntimeException e) {
                result.completeExceptionally(errors.map(e, request.model()));
            }
        });
        // a caller giving up (deadline, cancellation) also gives up the HTTP call
        result.whenComplete((response, failure) -> {
            if (result.isCancelled()) {
                call.cancel(true);
            }
        });
        return result;
    }

    /**
     * Streams one call over server-sent events, blocking until {@code message_stop}. Non-empty
     * text deltas go to {@code sink} in order, {@code tool_use} blocks and their
     * {@code input_json_delta} fragments to {@link StreamSink#onToolCallDelta} (the structured
     * answer's fragments as text); the answer is accumulated with the SDK's
     * {@link MessageAccumulator}; usage comes from {@code message_start} (input and cache counts)
     * and the cumulative counts of {@code message_delta}. A stream that ends before
     * {@code message_stop} (an empty one included) and a malformed event fail with a malformed
     * response error (as in the other adapters), an {@code error} event as its Anthropic error type maps; a stalled stream
     * fails when {@link ProviderRequest#timeout()} runs out. An exception thrown by {@code sink}
     * propagates unchanged.
     *
     * @param request the request
     * @param sink    receives text deltas
     * @return the complete answer with usage
     * @throws ProviderException any failure, classified (before or after chunks were emitted)
     */
    @Override
    public ProviderResponse stream(ProviderRequest request, StreamSink sink) {
        Objects.requireNonNull(sink, "sink");
        MessageAccumulator accumulator = MessageAccumulator.create();
        MessageMapper.StreamUsage usage = new MessageMapper.StreamUsage();
        AnthropicToolCalls toolCalls = new AnthropicToolCalls(request);
        boolean stopped = false;
        ensureOpen();
        try (StreamResponse<RawMessageStreamEvent> events =
                     client.messages().createStreaming(params(request), streamOptions(request))) {
            for (RawMessageStreamEvent event : events) {
                accumulator.accumulate(event);
                if (event.isMessageStart()) {
                    usage.start(event.asMessageStart().message().usage());
                } else if (event.isMessageDelta()) {
                    usage.delta(event.asMessageDelta().usage());
                } else if (event.isContentBlockDelta()) {
                    RawContentBlockDelta delta = event.asContentBlockDelta().delta();
                    if (delta.isText()) {
                        emit(sink, delta.asText().text());
                    }
                    emit(sink, toolCalls.delta(event.asContentBlockDelta()));
                } else if (event.isContentBlockStart()) {
                    emit(sink, toolCalls.start(event.asContentBlockStart()));
                } else if (event.isMessageStop()) {
                    stopped = true;
                    break;
                }
            }
            if (!stopped) {
                throw AnthropicErrors.streamEndedEarly();
            }
            return toolCalls.toResponse(accumulator.message(), request.model(), usage.tokens());
        } catch (SinkFailure e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            throw errors.map(e, request.model());
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new ProviderException(ErrorKind.INTERNAL, AnthropicErrors.PROVIDER, -1, null,
                    "the Anthropic provider is closed", null);
        }
    }

    private static void emit(StreamSink sink, AnthropicToolCalls.Emitted emitted) {
        emit(sink, emitted.text());
        try {
            emitted.deltas().forEach(sink::onToolCallDelta);
        } catch (RuntimeException e) {
            throw new SinkFailure(e);
        }
    }

    private static void emit(StreamSink sink, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        try {
            sink.onText(text);
        } catch (RuntimeException e) {
            throw new SinkFailure(e);
        }
    }

    /**
     * Closes the SDK client (connection pool and dispatcher threads). Idempotent; later calls
     * fail with an {@link ErrorKind#INTERNAL} {@link ProviderException}.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            client.close();
        }
    }

    /** @return a summary with the base URL and default timeout; never the key */
    @Override
    public String toString() {
        return "AnthropicProvider{baseUrl=" + baseUrl + ", timeout=" + defaultTimeout + "}";
    }

    static MessageCreateParams params(ProviderRequest request) {
        MessageCreateParams.Builder params = MessageCreateParams.builder()
                .model(request.model())
                .maxTokens(request.maxTokens())
                .putAdditionalBodyProperty("temperature", JsonValue.from(clampTemperature(request.temperature())));
        AnthropicRequestMapper.apply(params, request);
        if (!request.stopSequences().isEmpty()) {
            params.stopSequences(request.stopSequences());
        }
        return params.build();
    }

    static String systemPrompt(ProviderRequest request) {
        return AnthropicRequestMapper.system(request);
    }

    static double clampTemperature(double temperature) {
        if (Double.isNaN(temperature)) {
            return 1.0;
        }
        return Math.max(0.0, Math.min(1.0, temperature));
    }

    private static RequestOptions options(ProviderRequest request) {
        return RequestOptions.builder().timeout(timeout(request.timeout())).build();
    }

    private static Timeout timeout(Duration d) {
        return Timeout.builder().connect(d).read(d).write(d).request(d).build();
    }

    /**
     * A stream's timeouts: the attempt timeout bounds connecting, the wait for the first event and
     * every gap between events (OkHttp's read timeout), not the whole stream, so a stalled stream
     * fails within it while a long, lively one is not cut; the service ends a stream at its deadline.
     */
    private static RequestOptions streamOptions(ProviderRequest request) {
        Duration d = request.timeout();
        return RequestOptions.builder().timeout(Timeout.builder().connect(d).read(d).write(d)
                .request(STREAM_CALL_TIMEOUT).build()).build();
    }

    /** A stream's whole-exchange bound: none in practice; its idle gaps are bounded instead. */
    private static final Duration STREAM_CALL_TIMEOUT = Duration.ofDays(24);

    /** Carries an exception thrown by the caller's sink past the SDK-error mapping. */
    private static final class SinkFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SinkFailure(RuntimeException cause) {
            super(cause);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }
}
