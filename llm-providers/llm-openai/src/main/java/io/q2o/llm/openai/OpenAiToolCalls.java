package io.q2o.llm.openai;

import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import io.q2o.llm.ToolCall;
import io.q2o.llm.ToolCallDelta;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads tool calls from OpenAI answers: whole calls from a message, and — one instance per
 * stream — the fragments of {@code delta.tool_calls[]}, addressed by {@code index} (id and name
 * only in a call's first fragment), reassembled in index order. Calls without an id (some
 * compatible servers) get {@code call_<index>}; custom (non-function) tool calls are ignored.
 * A stream instance is confined to the thread reading the stream.
 */
final class OpenAiToolCalls {
    private final Map<Integer, Partial> partials = new TreeMap<>();

    private static final class Partial {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }

    /**
     * @param message a non-streamed answer message
     * @return its function tool calls, in order
     */
    static List<ToolCall> fromMessage(ChatCompletionMessage message) {
        List<ChatCompletionMessageToolCall> calls = message._toolCalls().asKnown().orElse(List.of());
        List<ToolCall> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < calls.size(); i++) {
            ChatCompletionMessageToolCall c = calls.get(i);
            if (!c.isFunction()) {
                continue;
            }
            var f = c.asFunction();
            String name = f._function().asKnown().flatMap(fn -> fn._name().asKnown()).orElse("");
            String args = f._function().asKnown().flatMap(fn -> fn._arguments().asKnown()).orElse("{}");
            out.add(new ToolCall(uniqueId(f._id().asKnown().orElse(""), i, ids), name.isBlank() ? "unnamed" : name, args));
        }
        return out;
    }

    /**
     * Accepts the tool-call fragments of one streamed delta.
     *
     * @param delta a chunk's delta of choice 0
     * @return the fragments, in order, for the stream sink
     */
    List<ToolCallDelta> accept(ChatCompletionChunk.Choice.Delta delta) {
        List<ChatCompletionChunk.Choice.Delta.ToolCall> calls = delta._toolCalls().asKnown().orElse(List.of());
        List<ToolCallDelta> out = new ArrayList<>(calls.size());
        for (ChatCompletionChunk.Choice.Delta.ToolCall c : calls) {
            int index = (int) Math.max(0, Math.min(Integer.MAX_VALUE, c._index().asKnown().orElse(0L)));
            Partial p = partials.computeIfAbsent(index, i -> new Partial());
            String id = c._id().asKnown().filter(s -> !s.isBlank()).orElse(null);
            String name = c._function().asKnown().flatMap(f -> f._name().asKnown()).filter(s -> !s.isBlank()).orElse(null);
            String args = c._function().asKnown().flatMap(f -> f._arguments().asKnown()).orElse("");
            if (id != null && p.id == null) {
                p.id = id;
            }
            if (name != null && p.name == null) {
                p.name = name;
            }
            p.arguments.append(args);
            out.add(new ToolCallDelta(index, id, name, args));
        }
        return out;
    }

    /** @return whether any fragment arrived */
    boolean any() {
        return !partials.isEmpty();
    }

    /** @return the assembled calls in index order */
    List<ToolCall> finish() {
        List<ToolCall> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Map.Entry<Integer, Partial> e : partials.entrySet()) {
            Partial p = e.getValue();
            out.add(new ToolCall(uniqueId(p.id == null ? "" : p.id, e.getKey(), ids),
                    p.name == null ? "unnamed" : p.name, p.arguments.toString()));
        }
        return out;
    }

    private static String uniqueId(String id, int index, Set<String> seen) {
        String candidate = id.isBlank() ? "call_" + index : id;
        while (!seen.add(candidate)) {
            candidate = candidate + "_" + index;
        }
        return candidate;
    }
}
