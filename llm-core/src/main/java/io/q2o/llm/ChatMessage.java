package io.q2o.llm;

import java.util.List;

/**
 * One message of a provider-neutral conversation: {@link SystemMessage}, {@link UserMessage},
 * {@link AssistantMessage} (text and/or tool calls) or {@link ToolResultMessage}.
 *
 * <p>A conversation is plain data, so a call that falls back from one provider to another
 * continues the same conversation there: each adapter translates it to its provider's shape.
 * All implementations are immutable, thread-safe values with content-based {@code equals}.
 */
public sealed interface ChatMessage permits SystemMessage, UserMessage, AssistantMessage, ToolResultMessage {

    /** @return the role of this message */
    Role role();

    /** The author of a message. */
    enum Role {
        /** Instructions for the model. */
        SYSTEM,
        /** The user (text and images). */
        USER,
        /** The model (text and tool calls). */
        ASSISTANT,
        /** The result of a tool call, sent back to the model. */
        TOOL
    }

    /**
     * @param text the instructions, not blank
     * @return a system message
     */
    static SystemMessage system(String text) {
        return new SystemMessage(text);
    }

    /**
     * @param text the user's text, not blank
     * @return a user message with one text part
     */
    static UserMessage user(String text) {
        return UserMessage.of(text);
    }

    /**
     * @param parts text and image parts, at least one
     * @return a user message
     */
    static UserMessage user(ContentPart... parts) {
        return new UserMessage(List.of(parts));
    }

    /**
     * @param text the model's answer text
     * @return an assistant message without tool calls
     */
    static AssistantMessage assistant(String text) {
        return AssistantMessage.of(text);
    }

    /**
     * @param text      the model's text, may be empty
     * @param toolCalls the tool calls the model made
     * @return an assistant message
     */
    static AssistantMessage assistant(String text, List<ToolCall> toolCalls) {
        return new AssistantMessage(text, toolCalls, List.of());
    }

    /**
     * @param call    the call this answers
     * @param content the tool's output (usually JSON)
     * @return a successful tool result
     */
    static ToolResultMessage toolResult(ToolCall call, String content) {
        return new ToolResultMessage(call.id(), call.name(), content, false);
    }

    /**
     * @param call  the call this answers
     * @param error what went wrong, for the model to read
     * @return a tool result marked as an error
     */
    static ToolResultMessage toolError(ToolCall call, String error) {
        return new ToolResultMessage(call.id(), call.name(), error, true);
    }
}
