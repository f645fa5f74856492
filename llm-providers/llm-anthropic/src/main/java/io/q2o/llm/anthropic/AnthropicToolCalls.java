package io.q2o.llm.anthropic;

import com.anthropic.core.JsonValue;
import com.anthropic.core.ObjectMappers;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.RawContentBlockDelta;
import com.anthropic.models.messages.RawContentBlockDeltaEvent;
import com.anthropic.models.messages.RawContentBlockStartEvent;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.q2o.llm.FinishReason;
import io.q2o.llm.ProviderExtra;
import io.q2o.llm.ResponseSchema;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.ToolCall;
import io.q2o.llm.ToolCallDelta;
import io.q2o.llm.spi.MalformedResponseException;
import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.spi.ProviderResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads tool calls from Anthropic answers.
 *
 * <p><b>Whole answers.</b> Every {@code tool_use} block becomes a {@link ToolCall} (id, name,
 * {@code input} as a JSON string), in block order, and the finish reason is
 * {@link FinishReason#TOOL_CALLS}. The block of the synthetic structured-output tool (named after
 * the request's {@link ResponseSchema}, see {@link AnthropicRequestMapper}) is not a tool call:
 * its input is the answer, returned as the content text with finish reason STOP (when the model
 * called no real tool besides).
 *
 * <p><b>Thinking.</b> {@code thinking} blocks become {@code anthropic}/{@value #THINKING} extras of
 * the response (JSON with the text and the signature), {@code redacted_thinking} blocks
 * {@code anthropic}/{@value #REDACTED_THINKING} extras (their data), so the turn can be sent back
 * unchanged (see {@link AnthropicRequestMapper}).
 *
 * <p><b>Streams.</b> One instance per stream, confined to the reading thread: a {@code tool_use}
 * {@code content_block_start} opens a call (numbered 0, 1, … in order of appearance, which is the
 * {@link ToolCallDelta#index()}) and yields a delta with id and name; its
 * {@code input_json_delta.partial_json} fragments are assembled per content block index and
 * yielded as argument deltas. Fragments of the structured-output block are answer text instead.
 */
final class AnthropicToolCalls {
    /** {@link ProviderExtra} name of a thinking block: {@code {"thinking": …, "signature": …}} as JSON. */
    static final String THINKING = "thinking";
    /** {@link ProviderExtra} name of a redacted thinking block: its {@code data}. */
    static final String REDACTED_THINKING = "redacted_thinking";

    private final String answerTool;
    private final Map<Long, Block> blocks = new HashMap<>();
    private int calls;

    private static final class Block {
        final int ordinal;
        final boolean answer;
        final StringBuilder json = new StringBuilder();

        Block(int ordinal, boolean answer) {
            this.ordinal = ordinal;
            this.answer = answer;
        }
    }

    /** What one stream event yields: answer text (possibly empty) and tool-call deltas. */
    record Emitted(String text, List<ToolCallDelta> deltas) {
    }

    /** @param request the request (its schema, if any, names the structured-output tool) */
    AnthropicToolCalls(ProviderRequest request) {
        this.answerTool = answerTool(request);
    }

    private static String answerTool(ProviderRequest request) {
        return request.responseSchema() == null ? null : request.responseSchema().name();
    }

    /**
     * @param event a {@code content_block_start} event
     * @return the opening delta of a tool call, if the block is one
     */
    Emitted start(RawContentBlockStartEvent event) {
        if (!event.contentBlock().isToolUse()) {
            return new Emitted("", List.of());
        }
        var use = event.contentBlock().asToolUse();
        boolean answer = use.name().equals(answerTool);
        Block block = new Block(answer ? -1 : calls++, answer);
        blocks.put(event.index(), block);
        return new Emitted("", answer ? List.of() : List.of(new ToolCallDelta(block.ordinal, use.id(), use.name(), "")));
    }

    /**
     * @param event a {@code content_block_delta} event
     * @return the argument delta or answer text of an {@code input_json_delta}; nothing otherwise
     */
    Emitted delta(RawContentBlockDeltaEvent event) {
        RawContentBlockDelta delta = event.delta();
        Block block = blocks.get(event.index());
        if (!delta.isInputJson() || block == null) {
            return new Emitted("", List.of());
        }
        String fragment = delta.asInputJson().partialJson();
        block.json.append(fragment);
        if (block.answer) {
            return new Emitted(fragment, List.of());
        }
        return new Emitted("", fragment.isEmpty() ? List.of() : List.of(new ToolCallDelta(block.ordinal, null, null, fragment)));
    }

    /**
     * @param message the accumulated stream
     * @param model   the requested model
     * @param tokens  the stream's usage
     * @return the response, with tool inputs and the answer as streamed
     */
    ProviderResponse toResponse(Message message, String model, TokenCounts tokens) {
        Map<Integer, String> streamed = new HashMap<>();
        blocks.forEach((index, block) -> streamed.put(index.intValue(), block.json.toString()));
        return toResponse(message, model, tokens, answerTool, streamed);
    }

    /**
     * @param message the answer
     * @param request the request
     * @param tokens  the normalised counts
     * @return the response with tool calls (or the structured answer as text)
     */
    static ProviderResponse toResponse(Message message, ProviderRequest request, TokenCounts tokens) {
        return toResponse(message, request.model(), tokens, answerTool(request), Map.of());
    }

    private static ProviderResponse toResponse(Message message, String requestedModel, TokenCounts tokens,
                                               String answerTool, Map<Integer, String> streamed) {
        ProviderResponse plain = MessageMapper.toResponse(message, requestedModel, tokens);
        List<ToolCall> toolCalls = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String answer = null;
        List<ProviderExtra> extras = new ArrayList<>();
        List<ContentBlock> content = message.content();
        for (int i = 0; i < content.size(); i++) {
            ContentBlock block = content.get(i);
            if (block.isThinking()) {
                Map<String, String> thinking = new LinkedHashMap<>();
                thinking.put("thinking", block.asThinking().thinking());
                thinking.put("signature", block.asThinking().signature());
                extras.add(new ProviderExtra(AnthropicErrors.PROVIDER, THINKING, json(JsonValue.from(thinking))));
            } else if (block.isRedactedThinking()) {
                extras.add(new ProviderExtra(AnthropicErrors.PROVIDER, REDACTED_THINKING, block.asRedactedThinking().data()));
            }
            if (!block.isToolUse()) {
                continue;
            }
            ToolUseBlock use = content.get(i).asToolUse();
            String input = streamed.containsKey(i) ? streamed.get(i) : json(use._input());
            if (input.isBlank()) {
                input = "{}";
            }
            if (use.name().equals(answerTool)) {
                answer = input;
                continue;
            }
            String id = use.id().isBlank() ? "toolu_" + i : use.id();
            while (!ids.add(id)) {
                id = id + "_" + i;
            }
            toolCalls.add(new ToolCall(id, use.name(), input));
        }
        FinishReason finish = plain.finishReason();
        if (!toolCalls.isEmpty()) {
            finish = FinishReason.TOOL_CALLS;
        } else if (answer != null && finish == FinishReason.TOOL_CALLS) {
            finish = FinishReason.STOP;
        }
        String text = answer != null && toolCalls.isEmpty() ? answer : plain.content();
        return new ProviderResponse(text, plain.model(), finish, plain.tokens(), toolCalls, extras);
    }

    private static String json(JsonValue value) {
        try {
            return ObjectMappers.jsonMapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new MalformedResponseException(AnthropicErrors.PROVIDER, -1,
                    "Anthropic sent a tool_use input that cannot be written as JSON", e);
        }
    }
}
