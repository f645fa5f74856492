package io.q2o.llm;

import java.util.List;
import java.util.Objects;

/**
 * A model turn: text, tool calls, or both. Put the model's answer back into the conversation
 * with {@link LlmResponse#toMessage()} so tool calls and provider extras are kept.
 *
 * @param text      the text, possibly empty when the model only called tools
 * @param toolCalls the tool calls, possibly empty; ids unique
 * @param extras    opaque provider values for this turn (see {@link ProviderExtra}), possibly empty
 */
public record AssistantMessage(String text, List<ToolCall> toolCalls, List<ProviderExtra> extras) implements ChatMessage {
    /** Validates and copies the components. */
    public AssistantMessage {
        text = text == null ? "" : text;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        extras = extras == null ? List.of() : List.copyOf(extras);
        if (text.isEmpty() && toolCalls.isEmpty()) {
            throw new IllegalArgumentException("an assistant message needs text or at least one tool call");
        }
        if (toolCalls.stream().map(ToolCall::id).distinct().count() != toolCalls.size()) {
            throw new IllegalArgumentException("tool call ids of an assistant message must be unique, were "
                    + toolCalls.stream().map(ToolCall::id).toList());
        }
    }

    /**
     * @param text the answer text, not empty
     * @return an assistant message without tool calls
     */
    public static AssistantMessage of(String text) {
        Objects.requireNonNull(text, "assistant text");
        return new AssistantMessage(text, List.of(), List.of());
    }

    @Override
    public Role role() {
        return Role.ASSISTANT;
    }

    /** @return whether the model asked for tools in this turn */
    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }

    /** @return a summary without the text */
    @Override
    public String toString() {
        return "AssistantMessage{chars=" + text.length() + ", toolCalls=" + toolCalls + "}";
    }
}
