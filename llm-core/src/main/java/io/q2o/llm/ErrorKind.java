package io.q2o.llm;

/**
 * Provider-neutral classification of everything that can go wrong in a call. The pipeline decides
 * on retries and fallback from this kind alone; see {@link #isRetryable()}.
 */
public enum ErrorKind {
    /** HTTP 429 or a local limit (daily call limit, rate limiter); retryable at the provider. */
    RATE_LIMITED(true),
    /** The provider is overloaded (Anthropic 529); retryable. */
    OVERLOADED(true),
    /** HTTP 5xx; retryable. */
    SERVER_ERROR(true),
    /** The call, or the overall deadline, took too long (HTTP 408 included); retryable. */
    TIMEOUT(true),
    /** The connection failed or was reset; retryable. */
    CONNECTION(true),
    /** The provider answered with a body that could not be understood; retryable. */
    MALFORMED_RESPONSE(true),
    /** HTTP 401/403: the API key is missing, wrong or lacks permission; never retried. */
    AUTHENTICATION(false),
    /** HTTP 404: the model does not exist for this key; the next model is tried. */
    MODEL_NOT_FOUND(false),
    /** HTTP 400 because the prompt is too long for the model's context window. */
    CONTEXT_LENGTH_EXCEEDED(false),
    /** Any other HTTP 400/422: the request itself is wrong; fails fast by default. */
    INVALID_REQUEST(false),
    /** A hard cost budget ({@code Q2O_LLM_DAILY_COST_LIMIT}, {@code Q2O_LLM_MONTHLY_BUDGET}) would be exceeded. */
    BUDGET_EXCEEDED(false),
    /** No provider in the chain is configured or usable. */
    NO_PROVIDER(false),
    /** The LLM integration is switched off ({@code Q2O_USE_LLM=false}). */
    DISABLED(false),
    /** A stream failed after text had already reached the caller; the partial text is kept. */
    STREAM_INTERRUPTED(false),
    /**
     * The model answered, but not in the requested shape: not JSON in JSON mode, or not matching the
     * response schema (after the repair round of a typed call). {@link LlmResponse#content()} holds
     * the raw answer and {@link LlmResponse#usage()} its cost; never retried.
     */
    STRUCTURED_OUTPUT_INVALID(false),
    /** An unexpected failure inside an adapter or the library itself. */
    INTERNAL(false);

    private final boolean retryable;

    ErrorKind(boolean retryable) {
        this.retryable = retryable;
    }

    /** @return whether the same model may be tried again after a backoff */
    public boolean isRetryable() {
        return retryable;
    }
}
