package io.q2o.llm.internal;

import io.q2o.llm.AssistantMessage;
import io.q2o.llm.ChatMessage;
import io.q2o.llm.ResponseSchema;
import io.q2o.llm.SystemMessage;
import io.q2o.llm.ToolCall;
import io.q2o.llm.ToolChoice;
import io.q2o.llm.ToolDefinition;
import io.q2o.llm.ToolResultMessage;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules a conversation must follow for every provider to accept it, checked when a request is
 * built so a mistake fails at once with a message naming the message index, not as a provider
 * HTTP 400 after fallback: system messages first; at least one user message; every tool result
 * answers a call of an earlier assistant turn, once; every call of a turn is answered directly
 * after it, before the next user or assistant message; tool names unique; a named tool choice
 * names a defined tool.
 */
public final class ConversationRules {
    private ConversationRules() {
    }

    /**
     * @param messages   the conversation
     * @param tools      the tool definitions
     * @param toolChoice the tool choice, or {@code null}
     * @param schema     the response schema, or {@code null}
     * @throws IllegalArgumentException naming the first broken rule
     */
    public static void check(List<ChatMessage> messages, List<ToolDefinition> tools, ToolChoice toolChoice,
                             ResponseSchema schema) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("the conversation is empty: add at least one user message");
        }
        boolean seenOther = false;
        boolean seenUser = false;
        Set<String> allCallIds = new HashSet<>();
        Map<String, ToolCall> open = new LinkedHashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (m == null) {
                throw new IllegalArgumentException("message " + i + " is null");
            }
            if (m instanceof SystemMessage) {
                if (seenOther) {
                    throw new IllegalArgumentException("message " + i + " is a system message after other messages; "
                            + "system messages must come first");
                }
                continue;
            }
            seenOther = true;
            if (m instanceof ToolResultMessage r) {
                ToolCall call = open.remove(r.toolCallId());
                if (call == null) {
                    throw new IllegalArgumentException("message " + i + " is a tool result for call id '" + r.toolCallId()
                            + "', which " + (allCallIds.contains(r.toolCallId()) ? "was already answered or does not belong to the turn just before"
                            : "no earlier assistant message made") + "; tool results must directly follow the assistant turn that made the calls");
                }
                if (!call.name().equals(r.toolName())) {
                    throw new IllegalArgumentException("message " + i + " answers call '" + r.toolCallId() + "' of tool '"
                            + call.name() + "' but names tool '" + r.toolName() + "'");
                }
                continue;
            }
            requireAnswered(open, i);
            if (m instanceof AssistantMessage a) {
                for (ToolCall c : a.toolCalls()) {
                    if (!allCallIds.add(c.id())) {
                        throw new IllegalArgumentException("message " + i + " reuses tool call id '" + c.id()
                                + "'; call ids must be unique in a conversation");
                    }
                    open.put(c.id(), c);
                }
            } else {
                seenUser = true;
            }
        }
        if (!seenUser) {
            throw new IllegalArgumentException("the conversation has no user message");
        }
        requireAnswered(open, -1);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            ToolDefinition t = tools.get(i);
            if (t == null) {
                throw new IllegalArgumentException("tool " + i + " is null");
            }
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("tool name '" + t.name() + "' is defined twice");
            }
        }
        if (toolChoice != null && toolChoice.mode() != ToolChoice.Mode.AUTO && toolChoice.mode() != ToolChoice.Mode.NONE
                && tools.isEmpty()) {
            throw new IllegalArgumentException("tool choice " + toolChoice.mode() + " needs at least one tool definition");
        }
        if (toolChoice != null && toolChoice.mode() == ToolChoice.Mode.NAMED && !names.contains(toolChoice.toolName())) {
            throw new IllegalArgumentException("tool choice names tool '" + toolChoice.toolName()
                    + "', which is not among the defined tools " + names);
        }
        if (schema != null && toolChoice != null && toolChoice.mode() != ToolChoice.Mode.NONE && !tools.isEmpty()
                && toolChoice.mode() != ToolChoice.Mode.AUTO) {
            throw new IllegalArgumentException("a response schema cannot be combined with tool choice "
                    + toolChoice.mode() + ": the model must be free to answer");
        }
    }

    private static void requireAnswered(Map<String, ToolCall> open, int index) {
        if (!open.isEmpty()) {
            ToolCall c = open.values().iterator().next();
            throw new IllegalArgumentException((index < 0 ? "at the end of the conversation: " : "before message " + index + ": ")
                    + "tool call '" + c.id() + "' (tool '" + c.name() + "') has no tool result; every call of an "
                    + "assistant turn needs a tool result directly after that turn");
        }
    }
}
