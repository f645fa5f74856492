package io.q2o.llm;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The unified answer of {@link LlmService}. Check {@link #success()} or call {@link #orThrow()}.
 *
 * <p>On failure, {@link #content()} is empty unless the failure is a stream interrupted after
 * text had reached the caller ({@link #partial()} is then {@code true}) or an answer in the wrong
 * shape ({@link ErrorKind#STRUCTURED_OUTPUT_INVALID}: the raw answer), and {@link #usage()} is
 * {@code null} when no provider produced an answer. Instances are immutable.
 */
public final class LlmResponse {
    private final String content;
    private final LlmUsage usage;
    private final String provider;
    private final String model;
    private final boolean success;
    private final LlmError error;
    private final List<Attempt> attempts;
    private final boolean cacheHit;
    private final FinishReason finishReason;
    private final boolean simulated;
    private final boolean partial;
    /** Set only on copies made by {@link #withMaxTokensClamped}; 0 when the limit was not lowered. */
    private int clampedMaxTokens;
    private final List<ToolCall> toolCalls;
    private final List<ProviderExtra> extras;

    private LlmResponse(String content, LlmUsage usage, String provider, String model, boolean success,
                        LlmError error, List<Attempt> attempts, boolean cacheHit, FinishReason finishReason,
                        boolean simulated, boolean partial) {
        this(content, usage, provider, model, success, error, attempts, cacheHit, finishReason, simulated, partial,
                List.of(), List.of());
    }

    private LlmResponse(String content, LlmUsage usage, String provider, String model, boolean success,
                        LlmError error, List<Attempt> attempts, boolean cacheHit, FinishReason finishReason,
                        boolean simulated, boolean partial, List<ToolCall> toolCalls, List<ProviderExtra> extras) {
        this.toolCalls = List.copyOf(toolCalls);
        this.extras = List.copyOf(extras);
        this.content = Objects.requireNonNull(content, "content");
        this.usage = usage;
        this.provider = provider == null ? "" : provider;
        this.model = model == null ? "" : model;
        this.success = success;
        this.error = error;
        this.attempts = List.copyOf(attempts);
        this.cacheHit = cacheHit;
        this.finishReason = finishReason == null ? FinishReason.UNKNOWN : finishReason;
        this.simulated = simulated;
        this.partial = partial;
        if (success == (error != null)) {
            throw new IllegalArgumentException("a response has an error exactly when it failed");
        }
    }

    /**
     * A successful answer.
     *
     * @param content      the text
     * @param usage        tokens and cost
     * @param finishReason why the model stopped
     * @param attempts     the steps taken
     * @param cacheHit     whether it came from the cache
     * @param simulated    whether it is a dry-run simulation
     * @return the response
     */
    public static LlmResponse success(String content, LlmUsage usage, FinishReason finishReason,
                                      List<Attempt> attempts, boolean cacheHit, boolean simulated) {
        Objects.requireNonNull(usage, "usage");
        return new LlmResponse(content, usage, usage.provider(), usage.model(), true, null, attempts,
                cacheHit, finishReason, simulated, false);
    }

    /**
     * A failed call.
     *
     * @param error    the typed error
     * @param attempts the steps taken
     * @return the response
     */
    public static LlmResponse failure(LlmError error, List<Attempt> attempts) {
        Objects.requireNonNull(error, "error");
        return new LlmResponse("", null, error.provider(), "", false, error, attempts, false,
                FinishReason.UNKNOWN, false, false);
    }

    /**
     * A stream that failed after text reached the caller.
     *
     * @param partialContent the text delivered before the failure
     * @param error          the typed error ({@link ErrorKind#STREAM_INTERRUPTED})
     * @param provider       the provider that was streaming
     * @param model          the model that was streaming
     * @param attempts       the steps taken
     * @return the response, marked {@link #partial()}
     */
    public static LlmResponse partialFailure(String partialContent, LlmError error, String provider,
                                             String model, List<Attempt> attempts) {
        return new LlmResponse(partialContent, null, provider, model, false, error, attempts, false,
                FinishReason.UNKNOWN, false, true);
    }

    /**
     * An answer the model gave in the wrong shape ({@link ErrorKind#STRUCTURED_OUTPUT_INVALID}): a
     * failure that still carries the raw text and the usage it cost.
     *
     * @param rawContent   the answer as the model wrote it
     * @param error        the typed error
     * @param usage        tokens and cost of the call
     * @param finishReason why the model stopped
     * @param attempts     the steps taken
     * @return the response
     */
    public static LlmResponse invalidAnswer(String rawContent, LlmError error, LlmUsage usage,
                                            FinishReason finishReason, List<Attempt> attempts) {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(usage, "usage");
        return new LlmResponse(rawContent, usage, usage.provider(), usage.model(), false, error, attempts, false,
                finishReason, false, false);
    }

    /**
     * A copy of this successful response marked as served from the cache, with zero cost.
     *
     * @param cachedUsage the usage to report for the hit
     * @return the copy
     */
    public LlmResponse asCacheHit(LlmUsage cachedUsage) {
        LlmResponse hit = new LlmResponse(content, cachedUsage, provider, model, success, error, List.of(), true,
                finishReason, simulated, partial, toolCalls, extras);
        hit.clampedMaxTokens = clampedMaxTokens;
        return hit;
    }

    /**
     * A copy of this response noting that a hard budget lowered the call's output token limit.
     *
     * @param maxTokens the limit the call was sent with
     * @return the copy
     */
    public LlmResponse withMaxTokensClamped(int maxTokens) {
        LlmResponse copy = new LlmResponse(content, usage, provider, model, success, error, attempts, cacheHit,
                finishReason, simulated, partial, toolCalls, extras);
        copy.clampedMaxTokens = maxTokens;
        return copy;
    }

    /**
     * @return the output token limit the call was sent with when a hard budget lowered it to what
     *         the remaining budget affords ({@code Q2O_LLM_DAILY_COST_LIMIT}, {@code Q2O_LLM_MONTHLY_BUDGET});
     *         empty when the requested limit was used
     */
    public OptionalInt maxTokensClamped() {
        return clampedMaxTokens > 0 ? OptionalInt.of(clampedMaxTokens) : OptionalInt.empty();
    }

    // ------------------------------------------------------------------ conversations and tools

    /**
     * A copy of this successful response carrying the model's tool calls and provider extras.
     *
     * @param toolCalls the tool calls, possibly empty
     * @param extras    opaque provider values of the model turn, possibly empty
     * @return the copy
     * @throws IllegalStateException if this response failed
     */
    public LlmResponse withToolCalls(List<ToolCall> toolCalls, List<ProviderExtra> extras) {
        if (!success) {
            throw new IllegalStateException("a failed response carries no tool calls");
        }
        LlmResponse copy = new LlmResponse(content, usage, provider, model, success, error, attempts, cacheHit,
                finishReason, simulated, partial, toolCalls, extras);
        copy.clampedMaxTokens = clampedMaxTokens;
        return copy;
    }

    /**
     * A copy of this response with other content, e.g. a repaired structured answer.
     *
     * @param content the new text
     * @return the copy
     */
    public LlmResponse withContent(String content) {
        LlmResponse copy = new LlmResponse(content, usage, provider, model, success, error, attempts, cacheHit,
                finishReason, simulated, partial, toolCalls, extras);
        copy.clampedMaxTokens = clampedMaxTokens;
        return copy;
    }

    /** @return the tool calls the model asked for, in order; empty if none (see {@link FinishReason#TOOL_CALLS}) */
    public List<ToolCall> toolCalls() { return toolCalls; }

    /** @return whether the model asked for at least one tool call */
    public boolean hasToolCalls() { return !toolCalls.isEmpty(); }

    /** @return opaque provider values of the model turn (see {@link ProviderExtra}); usually empty */
    public List<ProviderExtra> extras() { return extras; }

    /**
     * The model's turn as a message to append to the conversation, with its tool calls and
     * provider extras, so the next request continues it.
     *
     * @return the assistant message
     * @throws IllegalStateException if the response failed or holds neither text nor tool calls
     */
    public AssistantMessage toMessage() {
        if (!success) {
            throw new IllegalStateException("a failed response is not a model turn: " + error);
        }
        if (content.isEmpty() && toolCalls.isEmpty()) {
            throw new IllegalStateException("the response has neither text nor tool calls");
        }
        return new AssistantMessage(content, toolCalls, extras);
    }

    /** @return the generated text; empty on failure unless {@link #partial()} */
    public String content() { return content; }

    /** @return tokens and cost, or {@code null} when no answer was produced */
    public LlmUsage usage() { return usage; }

    /** @return the provider that answered (or failed last); empty if none was reached */
    public String provider() { return provider; }

    /** @return the model that answered; empty on failure */
    public String model() { return model; }

    /** @return whether the call produced a complete answer */
    public boolean success() { return success; }

    /** @return the typed error, or {@code null} on success */
    public LlmError error() { return error; }

    /** @return every attempt and skip, in order; empty for cache hits */
    public List<Attempt> attempts() { return attempts; }

    /** @return whether the answer came from the response cache */
    public boolean cacheHit() { return cacheHit; }

    /** @return why the model stopped */
    public FinishReason finishReason() { return finishReason; }

    /** @return whether this is a dry-run simulation ({@code Q2O_LLM_DRY_RUN=true}); no provider was called */
    public boolean simulated() { return simulated; }

    /** @return whether {@link #content()} is the partial text of an interrupted stream */
    public boolean partial() { return partial; }

    /**
     * @return this response if it succeeded
     * @throws LlmException carrying the error otherwise
     */
    public LlmResponse orThrow() {
        if (!success) {
            throw new LlmException(this);
        }
        return this;
    }

    /** @return a summary without the content */
    @Override
    public String toString() {
        return "LlmResponse{success=" + success + ", provider=" + provider + ", model=" + model
                + ", chars=" + content.length() + (toolCalls.isEmpty() ? "" : ", toolCalls=" + toolCalls.size())
                + ", cacheHit=" + cacheHit + ", simulated=" + simulated
                + (clampedMaxTokens > 0 ? ", maxTokensClamped=" + clampedMaxTokens : "")
                + (error == null ? "" : ", error=" + error) + ", attempts=" + attempts.size() + "}";
    }
}
