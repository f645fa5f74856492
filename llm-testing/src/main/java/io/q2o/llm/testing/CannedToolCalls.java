package io.q2o.llm.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.ToolCall;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Canned model turns that call tools, in each provider's wire format (see WIRE-FORMATS.md):
 * OpenAI {@code message.tool_calls[]} with {@code finish_reason: "tool_calls"}, Anthropic
 * {@code tool_use} content blocks with {@code stop_reason: "tool_use"}, Gemini
 * {@code functionCall} parts (no ids: Gemini's Developer API sends none). Parallel calls are one
 * turn with several calls. Like {@link CannedAnswers}, the recordings answer any request body of
 * their provider, model and mode, in the order they are given.
 */
public final class CannedToolCalls {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private CannedToolCalls() {
    }

    /**
     * A complete (non-streamed) model turn with tool calls.
     *
     * @param provider the provider
     * @param model    the model the request names and the answer reports
     * @param calls    the calls, at least one; arguments must be JSON objects
     * @param tokens   the counts to report
     * @return the recording
     * @throws IllegalArgumentException naming the call if its arguments are not a JSON object
     */
    public static Recording turn(WireProvider provider, String model, List<ToolCall> calls, TokenCounts tokens) {
        Objects.requireNonNull(tokens, "tokens");
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("a tool-call turn needs at least one call");
        }
        ObjectNode body;
        switch (provider) {
            case OPENAI: {
                body = CannedAnswers.openAiHeader("chat.completion", model);
                ObjectNode choice = body.putArray("choices").addObject();
                choice.put("index", 0);
                ObjectNode message = choice.putObject("message");
                message.put("role", "assistant");
                message.putNull("content");
                message.putNull("refusal");
                ArrayNode out = message.putArray("tool_calls");
                for (ToolCall c : calls) {
                    ObjectNode call = out.addObject().put("id", c.id()).put("type", "function");
                    call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
                }
                choice.putNull("logprobs");
                choice.put("finish_reason", "tool_calls");
                body.set("usage", CannedAnswers.openAiUsage(tokens));
                break;
            }
            case ANTHROPIC: {
                body = F.objectNode();
                body.put("id", "msg_canned-tools");
                body.put("type", "message");
                body.put("role", "assistant");
                body.put("model", model);
                ArrayNode content = body.putArray("content");
                for (ToolCall c : calls) {
                    content.addObject().put("type", "tool_use").put("id", c.id()).put("name", c.name())
                            .set("input", arguments(c));
                }
                body.put("stop_reason", "tool_use");
                body.putNull("stop_sequence");
                body.set("usage", CannedAnswers.anthropicUsage(tokens, tokens.outputTokens()));
                break;
            }
            default: {
                body = F.objectNode();
                ObjectNode candidate = body.putArray("candidates").addObject();
                ObjectNode content = candidate.putObject("content");
                ArrayNode parts = content.putArray("parts");
                for (ToolCall c : calls) {
                    parts.addObject().putObject("functionCall").put("name", c.name()).set("args", arguments(c));
                }
                content.put("role", "model");
                candidate.put("finishReason", "STOP");
                candidate.put("index", 0);
                body.set("usageMetadata", CannedAnswers.geminiUsage(tokens));
                body.put("modelVersion", model);
                body.put("responseId", "canned-tools");
                break;
            }
        }
        return Recording.of(provider, provider.path(model, false), model, false, null, 200,
                Map.of("Content-Type", "application/json"), body.toString());
    }

    private static JsonNode arguments(ToolCall c) {
        try {
            JsonNode n = Recording.JSON.readTree(c.arguments());
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("tool call '" + c.id() + "' arguments must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tool call '" + c.id() + "' arguments are not valid JSON", e);
        }
    }
}
