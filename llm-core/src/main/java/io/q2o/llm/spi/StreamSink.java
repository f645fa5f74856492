package io.q2o.llm.spi;

import io.q2o.llm.ToolCallDelta;

/**
 * Receives deltas from {@link LlmProvider#stream}: text, and tool-call fragments. The returned
 * {@link ProviderResponse} still carries the complete text and the assembled tool calls.
 */
@FunctionalInterface
public interface StreamSink {
    /**
     * @param text the next delta; adapters skip empty deltas
     */
    void onText(String text);

    /**
     * A fragment of a tool call, in the order received. The default ignores it.
     *
     * @param delta the fragment
     */
    default void onToolCallDelta(ToolCallDelta delta) {
    }
}
