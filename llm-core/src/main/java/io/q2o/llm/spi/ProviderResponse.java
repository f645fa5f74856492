package io.q2o.llm.spi;

import io.q2o.llm.FinishReason;
import io.q2o.llm.ProviderExtra;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.ToolCall;

import java.util.List;
import java.util.Objects;

/**
 * An adapter's answer, before costs are applied.
 *
 * @param content      the generated text (empty if the model produced none)
 * @param model        the model as reported by the provider (may be a dated snapshot name)
 * @param finishReason the normalised finish reason ({@link FinishReason#TOOL_CALLS} when the model called tools)
 * @param tokens       the normalised token counts (see {@link TokenCounts} for their meaning)
 * @param toolCalls    the tool calls of the model turn, in order; ids unique (adapters generate
 *                     them where the provider sends none); possibly empty
 * @param extras       opaque values of this provider the next request must send back with the
 *                     turn (see {@link ProviderExtra}); possibly empty
 */
public record ProviderResponse(String content, String model, FinishReason finishReason, TokenCounts tokens,
                               List<ToolCall> toolCalls, List<ProviderExtra> extras) {
    /** Validates and copies the components. */
    public ProviderResponse {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(tokens, "tokens");
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        extras = extras == null ? List.of() : List.copyOf(extras);
    }

    /**
     * A text answer without tool calls.
     *
     * @param content      the generated text
     * @param model        the model as reported
     * @param finishReason the normalised finish reason
     * @param tokens       the token counts
     */
    public ProviderResponse(String content, String model, FinishReason finishReason, TokenCounts tokens) {
        this(content, model, finishReason, tokens, List.of(), List.of());
    }
}
