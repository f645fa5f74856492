package io.q2o.llm;

/**
 * Token counts of one call, normalised across providers.
 *
 * <p>{@code inputTokens} is the whole prompt, <em>including</em> the cached and cache-write parts;
 * {@code outputTokens} is everything billed as output, <em>including</em> reasoning/thinking
 * tokens. Adapters normalise their provider's counts to these meanings (for example Anthropic
 * reports cache reads separately from {@code input_tokens}; Gemini reports thoughts separately
 * from candidates).
 *
 * @param inputTokens           all prompt tokens, &ge; 0
 * @param outputTokens          all billed output tokens, &ge; 0
 * @param cachedInputTokens     prompt tokens read from the provider's prompt cache, part of inputTokens
 * @param cacheWriteInputTokens prompt tokens written to the provider's prompt cache (Anthropic), part of inputTokens
 * @param reasoningTokens       reasoning/thinking tokens, part of outputTokens
 */
public record TokenCounts(long inputTokens, long outputTokens, long cachedInputTokens,
                          long cacheWriteInputTokens, long reasoningTokens) {

    /** No tokens at all. */
    public static final TokenCounts ZERO = new TokenCounts(0, 0, 0, 0, 0);

    /** Validates that counts are non-negative and that the parts fit in their wholes. */
    public TokenCounts {
        if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0
                || cacheWriteInputTokens < 0 || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0: " + inputTokens + "/"
                    + outputTokens + "/" + cachedInputTokens + "/" + cacheWriteInputTokens + "/" + reasoningTokens);
        }
        if (cachedInputTokens > inputTokens - cacheWriteInputTokens) { // no overflow: both are >= 0
            throw new IllegalArgumentException("cached (" + cachedInputTokens + ") + cache-write ("
                    + cacheWriteInputTokens + ") input tokens exceed input tokens (" + inputTokens + ")");
        }
        if (reasoningTokens > outputTokens) {
            throw new IllegalArgumentException("reasoning tokens (" + reasoningTokens
                    + ") exceed output tokens (" + outputTokens + ")");
        }
    }

    /**
     * Plain input/output counts with no caching and no reasoning.
     *
     * @param input  prompt tokens
     * @param output output tokens
     * @return the counts
     */
    public static TokenCounts of(long input, long output) {
        return new TokenCounts(input, output, 0, 0, 0);
    }

    /** @return prompt tokens billed at the full input rate (neither cache read nor cache write) */
    public long uncachedInputTokens() {
        return inputTokens - cachedInputTokens - cacheWriteInputTokens;
    }

    /** @return input plus output tokens */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
