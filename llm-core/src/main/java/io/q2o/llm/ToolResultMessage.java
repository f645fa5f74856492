package io.q2o.llm;

import java.util.Objects;

/**
 * The result of one tool call, sent back to the model. It must follow the assistant message that
 * made the call (all results of one turn directly after it).
 *
 * @param toolCallId the id of the {@link ToolCall} this answers
 * @param toolName   the tool's name (Gemini matches results by name)
 * @param content    the tool's output, usually JSON; may be empty
 * @param error      whether the tool failed and {@code content} describes the failure
 */
public record ToolResultMessage(String toolCallId, String toolName, String content, boolean error) implements ChatMessage {
    /** Validates the components; {@code null} content becomes empty. */
    public ToolResultMessage {
        Objects.requireNonNull(toolCallId, "tool result call id");
        Objects.requireNonNull(toolName, "tool result tool name");
        if (toolCallId.isBlank() || toolName.isBlank()) {
            throw new IllegalArgumentException("a tool result needs the call id and the tool name");
        }
        content = content == null ? "" : content;
    }

    @Override
    public Role role() {
        return Role.TOOL;
    }

    /** @return a summary without the content */
    @Override
    public String toString() {
        return "ToolResultMessage{toolCallId=" + toolCallId + ", toolName=" + toolName + ", chars="
                + content.length() + ", error=" + error + "}";
    }
}
