package io.q2o.llm.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.ToolCall;

import java.util.ArrayList;
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
 *
 * <p>Streamed turns ({@link #stream}) arrive the way each provider streams calls: OpenAI
 * {@code delta.tool_calls[]} fragments by {@code index} (id and name in the first), Anthropic a
 * {@code tool_use} {@code content_block_start} per call followed by {@code input_json_delta}
 * fragments, Gemini whole {@code functionCall} parts, one chunk per call.
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

    /** The size of the argument fragments of a streamed turn, in characters. */
    static final int FRAGMENT = 7;

    /**
     * A streamed model turn with tool calls; the arguments arrive in fragments of
     * {@value #FRAGMENT} characters where the provider fragments them (OpenAI, Anthropic).
     *
     * @param provider the provider
     * @param model    the model the request names and the answer reports
     * @param calls    the calls, at least one; arguments must be JSON objects
     * @param tokens   the counts to report at the end
     * @return the recording
     * @throws IllegalArgumentException naming the call if its arguments are not a JSON object
     */
    public static Recording stream(WireProvider provider, String model, List<ToolCall> calls, TokenCounts tokens) {
        Objects.requireNonNull(tokens, "tokens");
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("a tool-call turn needs at least one call");
        }
        List<String> events = new ArrayList<>();
        switch (provider) {
            case OPENAI: {
                events.add(CannedAnswers.data(CannedAnswers.openAiChunk(model, d -> d.put("role", "assistant").putNull("content"), null)));
                for (int i = 0; i < calls.size(); i++) {
                    ToolCall c = calls.get(i);
                    int index = i;
                    String args = arguments(c).toString();
                    events.add(CannedAnswers.data(CannedAnswers.openAiChunk(model, d -> {
                        ObjectNode call = d.putArray("tool_calls").addObject().put("index", index)
                                .put("id", c.id()).put("type", "function");
                        call.putObject("function").put("name", c.name()).put("arguments", "");
                    }, null)));
                    for (String fragment : CannedAnswers.chunks(args, FRAGMENT)) {
                        events.add(CannedAnswers.data(CannedAnswers.openAiChunk(model, d -> d.putArray("tool_calls").addObject()
                                .put("index", index).putObject("function").put("arguments", fragment), null)));
                    }
                }
                events.add(CannedAnswers.data(CannedAnswers.openAiChunk(model, d -> { }, "tool_calls")));
                ObjectNode last = CannedAnswers.openAiHeader("chat.completion.chunk", model);
                last.putArray("choices");
                last.set("usage", CannedAnswers.openAiUsage(tokens));
                events.add(CannedAnswers.data(last));
                events.add("data: [DONE]");
                break;
            }
            case ANTHROPIC: {
                ObjectNode start = F.objectNode().put("type", "message_start");
                ObjectNode msg = start.putObject("message");
                msg.put("id", "msg_canned-tools").put("type", "message").put("role", "assistant").put("model", model);
                msg.putArray("content");
                msg.putNull("stop_reason");
                msg.putNull("stop_sequence");
                msg.set("usage", CannedAnswers.anthropicUsage(tokens, Math.min(1, tokens.outputTokens())));
                events.add(CannedAnswers.event("message_start", start));
                for (int i = 0; i < calls.size(); i++) {
                    ToolCall c = calls.get(i);
                    ObjectNode blockStart = F.objectNode().put("type", "content_block_start").put("index", i);
                    blockStart.putObject("content_block").put("type", "tool_use").put("id", c.id()).put("name", c.name())
                            .putObject("input");
                    events.add(CannedAnswers.event("content_block_start", blockStart));
                    for (String fragment : CannedAnswers.chunks(arguments(c).toString(), FRAGMENT)) {
                        ObjectNode delta = F.objectNode().put("type", "content_block_delta").put("index", i);
                        delta.putObject("delta").put("type", "input_json_delta").put("partial_json", fragment);
                        events.add(CannedAnswers.event("content_block_delta", delta));
                    }
                    events.add(CannedAnswers.event("content_block_stop", F.objectNode().put("type", "content_block_stop").put("index", i)));
                }
                ObjectNode md = F.objectNode().put("type", "message_delta");
                md.putObject("delta").put("stop_reason", "tool_use").putNull("stop_sequence");
                md.putObject("usage").put("output_tokens", tokens.outputTokens());
                events.add(CannedAnswers.event("message_delta", md));
                events.add(CannedAnswers.event("message_stop", F.objectNode().put("type", "message_stop")));
                break;
            }
            default: {
                for (int i = 0; i < calls.size(); i++) {
                    boolean last = i == calls.size() - 1;
                    ToolCall c = calls.get(i);
                    ObjectNode chunk = F.objectNode();
                    ObjectNode candidate = chunk.putArray("candidates").addObject();
                    ObjectNode content = candidate.putObject("content");
                    content.putArray("parts").addObject().putObject("functionCall").put("name", c.name())
                            .set("args", arguments(c));
                    content.put("role", "model");
                    if (last) {
                        candidate.put("finishReason", "STOP");
                    }
                    candidate.put("index", 0);
                    if (last) {
                        chunk.set("usageMetadata", CannedAnswers.geminiUsage(tokens));
                    } else {
                        chunk.putObject("usageMetadata").put("promptTokenCount", tokens.inputTokens())
                                .put("totalTokenCount", tokens.inputTokens());
                    }
                    chunk.put("modelVersion", model);
                    chunk.put("responseId", "canned-tools");
                    events.add(CannedAnswers.data(chunk));
                }
                break;
            }
        }
        return CannedAnswers.sse(provider, model, events);
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
