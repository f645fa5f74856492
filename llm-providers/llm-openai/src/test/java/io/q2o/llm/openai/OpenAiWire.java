package io.q2o.llm.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.q2o.llm.TokenCounts;

import java.util.List;

/** Bodies in OpenAI's Chat Completions wire format (see shared/WIRE-FORMATS.md), built with Jackson so text is escaped. */
final class OpenAiWire {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiWire() {
    }

    static String success(String text, TokenCounts tokens) {
        return success(text, "stop", "gpt-4o-mini-2024-07-18", tokens);
    }

    static String success(String text, String finishReason, String model, TokenCounts tokens) {
        ObjectNode root = header("chat.completion", model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", text);
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        if (tokens != null) {
            root.set("usage", usage(tokens));
        }
        return root.toString();
    }

    static String stream(List<String> chunks, TokenCounts tokens) {
        return stream(chunks, "stop", tokens, true);
    }

    static String stream(List<String> chunks, String finishReason, TokenCounts tokens, boolean withUsage) {
        StringBuilder sse = new StringBuilder();
        sse.append(event(chunk(d -> d.put("role", "assistant").put("content", ""), null)));
        for (String c : chunks) {
            sse.append(event(chunk(d -> d.put("content", c), null)));
        }
        sse.append(event(chunk(d -> { }, finishReason)));
        if (withUsage) {
            ObjectNode last = header("chat.completion.chunk", "gpt-4o-mini-2024-07-18");
            last.putArray("choices");
            last.set("usage", usage(tokens));
            sse.append(event(last.toString()));
        }
        sse.append("data: [DONE]\n\n");
        return sse.toString();
    }

    static String error(String message, String type, String code) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return root.toString();
    }

    private interface DeltaFiller {
        void fill(ObjectNode delta);
    }

    private static String chunk(DeltaFiller filler, String finishReason) {
        ObjectNode root = header("chat.completion.chunk", "gpt-4o-mini-2024-07-18");
        ArrayNode choices = root.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        filler.fill(choice.putObject("delta"));
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return root.toString();
    }

    private static String event(String json) {
        return "data: " + json + "\n\n";
    }

    private static ObjectNode header(String object, String model) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-1");
        root.put("object", object);
        root.put("created", 1700000000L);
        root.put("model", model);
        return root;
    }

    private static ObjectNode usage(TokenCounts t) {
        ObjectNode u = JSON.createObjectNode();
        u.put("prompt_tokens", t.inputTokens());
        u.put("completion_tokens", t.outputTokens());
        u.put("total_tokens", t.inputTokens() + t.outputTokens());
        ObjectNode p = u.putObject("prompt_tokens_details");
        p.put("cached_tokens", t.cachedInputTokens());
        p.put("audio_tokens", 0);
        ObjectNode c = u.putObject("completion_tokens_details");
        c.put("reasoning_tokens", t.reasoningTokens());
        c.put("audio_tokens", 0);
        c.put("accepted_prediction_tokens", 0);
        c.put("rejected_prediction_tokens", 0);
        return u;
    }
}
