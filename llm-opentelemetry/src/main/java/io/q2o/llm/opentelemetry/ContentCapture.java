package io.q2o.llm.opentelemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.q2o.llm.FinishReason;
import io.q2o.llm.LlmRequest;

/**
 * Prompt and answer text in the JSON shapes of the GenAI semantic conventions
 * ({@code gen_ai.system_instructions}, {@code gen_ai.input.messages},
 * {@code gen_ai.output.messages}): lists of messages with a role and text parts. Used only when
 * content capture is switched on. Thread-safe (Jackson's mapper is).
 */
final class ContentCapture {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ContentCapture() {
    }

    /** @return {@code [{"type":"text","content":SYSTEM}]}, or {@code null} when the request has no system prompt */
    static String systemInstructions(LlmRequest request) {
        String system = request.systemPrompt();
        if (system == null || system.isEmpty()) {
            return null;
        }
        ArrayNode parts = JSON.createArrayNode();
        parts.add(textPart(system));
        return write(parts);
    }

    /** @return {@code [{"role":"user","parts":[{"type":"text","content":USER}]}]} */
    static String inputMessages(LlmRequest request) {
        ArrayNode messages = JSON.createArrayNode();
        messages.add(message("user", request.userPrompt() == null ? "" : request.userPrompt()));
        return write(messages);
    }

    /** @return {@code [{"role":"assistant","parts":[…],"finish_reason":REASON}]} */
    static String outputMessages(String content, FinishReason reason) {
        ObjectNode message = message("assistant", content);
        String mapped = CallTrace.finishReason(reason);
        message.put("finish_reason", mapped == null ? "unknown" : mapped);
        ArrayNode messages = JSON.createArrayNode();
        messages.add(message);
        return write(messages);
    }

    private static ObjectNode message(String role, String text) {
        ObjectNode m = JSON.createObjectNode();
        m.put("role", role);
        m.putArray("parts").add(textPart(text));
        return m;
    }

    private static ObjectNode textPart(String text) {
        ObjectNode part = JSON.createObjectNode();
        part.put("type", "text");
        part.put("content", text);
        return part;
    }

    private static String write(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // a tree of strings always serialises; keep the span usable if it ever does not
            return "[]";
        }
    }
}
