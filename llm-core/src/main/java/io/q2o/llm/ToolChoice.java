package io.q2o.llm;

import java.util.Objects;

/**
 * Whether and which tool the model must call. The default (a request with tools and no choice)
 * is {@link #AUTO}.
 *
 * @param mode     the mode
 * @param toolName the tool to call for {@link Mode#NAMED}, otherwise {@code null}
 */
public record ToolChoice(Mode mode, String toolName) {
    /** The model decides whether to call tools. */
    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
    /** The model must not call tools. */
    public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
    /** The model must call at least one tool (Anthropic and Gemini: "any"). */
    public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

    /** The kinds of tool choice. */
    public enum Mode {
        /** The model decides. */
        AUTO,
        /** No tool calls. */
        NONE,
        /** At least one tool call. */
        REQUIRED,
        /** A call of the one named tool. */
        NAMED
    }

    /** Validates the components. */
    public ToolChoice {
        Objects.requireNonNull(mode, "tool choice mode");
        if (mode == Mode.NAMED) {
            Objects.requireNonNull(toolName, "tool choice tool name");
            if (!ToolDefinition.NAME.matcher(toolName).matches()) {
                throw new IllegalArgumentException("tool choice names an invalid tool name '" + toolName + "'");
            }
        } else if (toolName != null) {
            throw new IllegalArgumentException("tool choice " + mode + " takes no tool name, got '" + toolName + "'");
        }
    }

    /**
     * @param toolName the tool the model must call
     * @return a named choice
     */
    public static ToolChoice named(String toolName) {
        return new ToolChoice(Mode.NAMED, toolName);
    }
}
