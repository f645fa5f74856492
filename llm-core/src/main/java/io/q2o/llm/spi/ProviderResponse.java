package io.q2o.llm.spi;

import io.q2o.llm.FinishReason;
import io.q2o.llm.TokenCounts;

import java.util.Objects;

/**
 * An adapter's answer, before costs are applied.
 *
 * @param content      the generated text (empty if the model produced none)
 * @param model        the model as reported by the provider (may be a dated snapshot name)
 * @param finishReason the normalised finish reason
 * @param tokens       the normalised token counts (see {@link TokenCounts} for their meaning)
 */
public record ProviderResponse(String content, String model, FinishReason finishReason, TokenCounts tokens) {
    /** Validates the components. */
    public ProviderResponse {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(tokens, "tokens");
    }
}
