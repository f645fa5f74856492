package io.q2o.llm.mcp.server;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a tool call's arguments; anything missing or of the wrong type is a JSON-RPC
 * {@code -32602 invalid params} error naming the tool and the argument. Immutable.
 */
final class ToolArguments {
    private final String tool;
    private final Map<String, Object> args;

    ToolArguments(String tool, Map<String, Object> args) {
        this.tool = tool;
        this.args = args == null ? Map.of() : args;
    }

    String required(String name) {
        Object v = args.get(name);
        if (!(v instanceof String s) || s.isBlank()) {
            throw invalid("argument '" + name + "' is required and must be a non-empty string"
                    + (v == null ? "" : ", was " + kind(v)));
        }
        return s;
    }

    String optional(String name, String fallback) {
        Object v = args.get(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw invalid("argument '" + name + "' must be a string, was " + kind(v));
        }
        return s.isBlank() ? fallback : s;
    }

    List<String> strings(String name) {
        Object v = args.get(name);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw invalid("argument '" + name + "' must be an array of strings, was " + kind(v));
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s) || s.isBlank()) {
                throw invalid("argument '" + name + "' must hold non-empty strings only, found " + kind(o));
            }
            out.add(s);
        }
        return out;
    }

    McpError invalid(String message) {
        return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message("tool '" + tool + "': " + message).build();
    }

    private static String kind(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Number) {
            return "a number";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof List) {
            return "an array";
        }
        return v instanceof Map ? "an object" : v.getClass().getSimpleName();
    }
}
