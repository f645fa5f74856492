package io.q2o.llm;

import java.util.List;
import java.util.Objects;

/**
 * A tool call the model asked for.
 *
 * @param id        the call's id, unique within the conversation; a {@link ToolResultMessage}
 *                  answers it by this id (adapters generate ids where the provider sends none)
 * @param name      the tool's name
 * @param arguments the arguments as the model wrote them, normally a JSON object; kept verbatim
 *                  (even when it is not valid JSON) so a tool loop can send the problem back
 * @param extras    opaque provider values attached to this call (e.g. Gemini's thought
 *                  signature), possibly empty
 */
public record ToolCall(String id, String name, String arguments, List<ProviderExtra> extras) {
    /** Validates and copies the components; a {@code null} arguments string becomes {@code "{}"}. */
    public ToolCall {
        Objects.requireNonNull(id, "tool call id");
        Objects.requireNonNull(name, "tool call name");
        if (id.isBlank()) {
            throw new IllegalArgumentException("tool call id must not be blank (tool '" + name + "')");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("tool call name must not be blank (call '" + id + "')");
        }
        arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
        extras = extras == null ? List.of() : List.copyOf(extras);
    }

    /**
     * @param id        the call id
     * @param name      the tool name
     * @param arguments the arguments JSON
     */
    public ToolCall(String id, String name, String arguments) {
        this(id, name, arguments, List.of());
    }

    /** @return a summary without the arguments */
    @Override
    public String toString() {
        return "ToolCall{id=" + id + ", name=" + name + ", argumentChars=" + arguments.length() + "}";
    }
}
