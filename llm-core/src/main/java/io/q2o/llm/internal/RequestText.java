package io.q2o.llm.internal;

import io.q2o.llm.AssistantMessage;
import io.q2o.llm.ChatMessage;
import io.q2o.llm.ContentPart;
import io.q2o.llm.ImagePart;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.SystemMessage;
import io.q2o.llm.TextPart;
import io.q2o.llm.ToolCall;
import io.q2o.llm.ToolDefinition;
import io.q2o.llm.ToolResultMessage;
import io.q2o.llm.UserMessage;

/**
 * Everything a request sends as text, for token estimates (dry run, budget reservations): every
 * message's text, tool calls (names and arguments), tool results, tool definitions (name,
 * description, schema) and the response schema — not just the last user message. Images are not
 * text: {@link #images} lists them for their own allowance.
 */
public final class RequestText {
    private RequestText() {
    }

    /**
     * @param request the request
     * @return all its text, one piece per line
     */
    public static String forEstimate(LlmRequest request) {
        StringBuilder sb = new StringBuilder();
        for (ChatMessage m : request.messages()) {
            if (m instanceof SystemMessage s) {
                line(sb, s.text());
            } else if (m instanceof UserMessage u) {
                for (ContentPart p : u.parts()) {
                    if (p instanceof TextPart t) {
                        line(sb, t.text());
                    }
                }
            } else if (m instanceof AssistantMessage a) {
                line(sb, a.text());
                for (ToolCall c : a.toolCalls()) {
                    line(sb, c.name());
                    line(sb, c.arguments());
                }
            } else if (m instanceof ToolResultMessage r) {
                line(sb, r.toolName());
                line(sb, r.content());
            }
        }
        for (ToolDefinition t : request.tools()) {
            line(sb, t.name());
            line(sb, t.description());
            line(sb, t.parametersJson());
        }
        if (request.responseSchema() != null) {
            line(sb, request.responseSchema().schemaJson());
        }
        return sb.toString();
    }

    /**
     * @param request the request
     * @return the images its user messages carry, in order
     */
    public static java.util.List<ImagePart> images(LlmRequest request) {
        java.util.List<ImagePart> out = new java.util.ArrayList<>();
        for (ChatMessage m : request.messages()) {
            if (m instanceof UserMessage u) {
                for (ContentPart p : u.parts()) {
                    if (p instanceof ImagePart i) {
                        out.add(i);
                    }
                }
            }
        }
        return out;
    }

    private static void line(StringBuilder sb, String s) {
        if (!s.isEmpty()) {
            sb.append(s).append('\n');
        }
    }
}
