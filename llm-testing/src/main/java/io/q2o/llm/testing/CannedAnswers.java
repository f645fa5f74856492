package io.q2o.llm.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.q2o.llm.TokenCounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds {@link Recording}s in each provider's own wire format from plain values, for tests and
 * bundled offline answers that were not captured with a {@link RecordingProxy}: a JSON answer, a
 * server-sent-event stream, or an error with its status code. Token counts use llm-core's
 * normalised meaning ({@link TokenCounts}) and are written the way each provider reports them, so
 * that the adapter reading them back arrives at the same counts (and so the same cost).
 *
 * <p>The recordings answer any request body of their provider, model and mode; call
 * {@link Recording#withRequestBody} or build with {@link Recording#of} to require a body hash.
 */
public final class CannedAnswers {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String ID = "canned-1";
    private static final long CREATED = 1_700_000_000L;

    private CannedAnswers() {
    }

    /**
     * A complete (non-streamed) answer.
     *
     * @param provider the provider
     * @param model    the model the request names and the answer reports
     * @param text     the answer text
     * @param tokens   the counts to report
     * @return the recording
     */
    public static Recording text(WireProvider provider, String model, String text, TokenCounts tokens) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(tokens, "tokens");
        ObjectNode body;
        switch (provider) {
            case OPENAI: {
                body = openAiHeader("chat.completion", model);
                ObjectNode choice = body.putArray("choices").addObject();
                choice.put("index", 0);
                ObjectNode message = choice.putObject("message");
                message.put("role", "assistant");
                message.put("content", text);
                message.putNull("refusal");
                choice.putNull("logprobs");
                choice.put("finish_reason", "stop");
                body.set("usage", openAiUsage(tokens));
                break;
            }
            case ANTHROPIC: {
                body = F.objectNode();
                body.put("id", "msg_" + ID);
                body.put("type", "message");
                body.put("role", "assistant");
                body.put("model", model);
                ObjectNode block = body.putArray("content").addObject();
                block.put("type", "text");
                block.put("text", text);
                body.put("stop_reason", "end_turn");
                body.putNull("stop_sequence");
                body.set("usage", anthropicUsage(tokens, tokens.outputTokens()));
                break;
            }
            default: {
                body = geminiChunk(text, "STOP", model);
                body.set("usageMetadata", geminiUsage(tokens));
                break;
            }
        }
        return Recording.of(provider, provider.path(model, false), model, false, null, 200,
                Map.of("Content-Type", "application/json"), body.toString());
    }

    /**
     * A streamed answer: the chunks in order, then the final usage the way the provider sends it.
     *
     * @param provider the provider
     * @param model    the model
     * @param chunks   the text deltas, not empty
     * @param tokens   the counts to report at the end
     * @return the recording
     */
    public static Recording stream(WireProvider provider, String model, List<String> chunks, TokenCounts tokens) {
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("a stream needs at least one chunk");
        }
        List<String> events = new ArrayList<>();
        switch (provider) {
            case OPENAI: {
                events.add(data(openAiChunk(model, d -> d.put("role", "assistant").put("content", ""), null)));
                for (String c : chunks) {
                    events.add(data(openAiChunk(model, d -> d.put("content", c), null)));
                }
                events.add(data(openAiChunk(model, d -> { }, "stop")));
                ObjectNode last = openAiHeader("chat.completion.chunk", model);
                last.putArray("choices");
                last.set("usage", openAiUsage(tokens));
                events.add(data(last));
                events.add("data: [DONE]");
                break;
            }
            case ANTHROPIC: {
                ObjectNode start = F.objectNode();
                start.put("type", "message_start");
                ObjectNode msg = start.putObject("message");
                msg.put("id", "msg_" + ID);
                msg.put("type", "message");
                msg.put("role", "assistant");
                msg.put("model", model);
                msg.putArray("content");
                msg.putNull("stop_reason");
                msg.putNull("stop_sequence");
                msg.set("usage", anthropicUsage(tokens, Math.min(1, tokens.outputTokens())));
                events.add(event("message_start", start));
                ObjectNode blockStart = F.objectNode();
                blockStart.put("type", "content_block_start");
                blockStart.put("index", 0);
                blockStart.putObject("content_block").put("type", "text").put("text", "");
                events.add(event("content_block_start", blockStart));
                for (String c : chunks) {
                    ObjectNode delta = F.objectNode();
                    delta.put("type", "content_block_delta");
                    delta.put("index", 0);
                    delta.putObject("delta").put("type", "text_delta").put("text", c);
                    events.add(event("content_block_delta", delta));
                }
                ObjectNode blockStop = F.objectNode();
                blockStop.put("type", "content_block_stop");
                blockStop.put("index", 0);
                events.add(event("content_block_stop", blockStop));
                ObjectNode md = F.objectNode();
                md.put("type", "message_delta");
                md.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
                md.putObject("usage").put("output_tokens", tokens.outputTokens());
                events.add(event("message_delta", md));
                ObjectNode stop = F.objectNode();
                stop.put("type", "message_stop");
                events.add(event("message_stop", stop));
                break;
            }
            default: {
                for (int i = 0; i < chunks.size(); i++) {
                    boolean last = i == chunks.size() - 1;
                    ObjectNode chunk = geminiChunk(chunks.get(i), last ? "STOP" : null, model);
                    if (last) {
                        chunk.set("usageMetadata", geminiUsage(tokens));
                    } else {
                        ObjectNode u = chunk.putObject("usageMetadata");
                        u.put("promptTokenCount", tokens.inputTokens());
                        u.put("totalTokenCount", tokens.inputTokens());
                    }
                    events.add(data(chunk));
                }
                break;
            }
        }
        return sse(provider, model, events);
    }

    /** A 200 event stream of {@code events} (each one {@code data:} line or an event block) for {@code model}. */
    static Recording sse(WireProvider provider, String model, List<String> events) {
        StringBuilder body = new StringBuilder();
        events.forEach(e -> body.append(e).append("\n\n"));
        return Recording.of(provider, provider.path(model, true), model, true, null, 200,
                Map.of("Content-Type", "text/event-stream"), body.toString());
    }

    /**
     * An error answer in the provider's format.
     *
     * @param provider the provider
     * @param model    the model
     * @param stream   whether it answers a streaming request
     * @param status   the HTTP status, e.g. 401, 429, 503
     * @param message  the provider's message
     * @param headers  extra headers, e.g. {@code Retry-After}
     * @return the recording
     */
    public static Recording error(WireProvider provider, String model, boolean stream, int status, String message,
                                  Map<String, String> headers) {
        Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.put("Content-Type", "application/json");
        return Recording.of(provider, provider.path(model, stream), model, stream, null, status, h,
                provider.errorBody(status, message).toString());
    }

    /**
     * Splits text into chunks of at most {@code size} characters (never inside a surrogate pair).
     *
     * @param text the text
     * @param size the chunk size, &gt; 0
     * @return the chunks
     */
    public static List<String> chunks(String text, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be > 0");
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int end = Math.min(text.length(), i + size);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            out.add(text.substring(i, end));
            i = end;
        }
        if (out.isEmpty()) {
            out.add("");
        }
        return out;
    }

    // ------------------------------------------------------------------ parts

    static String data(ObjectNode node) {
        return "data: " + node;
    }

    static String event(String name, ObjectNode node) {
        return "event: " + name + "\ndata: " + node;
    }

    static ObjectNode openAiHeader(String object, String model) {
        ObjectNode root = F.objectNode();
        root.put("id", "chatcmpl-" + ID);
        root.put("object", object);
        root.put("created", CREATED);
        root.put("model", model);
        return root;
    }

    interface DeltaFiller {
        void fill(ObjectNode delta);
    }

    static ObjectNode openAiChunk(String model, DeltaFiller filler, String finishReason) {
        ObjectNode root = openAiHeader("chat.completion.chunk", model);
        ArrayNode choices = root.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        filler.fill(choice.putObject("delta"));
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return root;
    }

    static ObjectNode openAiUsage(TokenCounts t) {
        ObjectNode u = F.objectNode();
        u.put("prompt_tokens", t.inputTokens());
        u.put("completion_tokens", t.outputTokens());
        u.put("total_tokens", t.totalTokens());
        u.putObject("prompt_tokens_details").put("cached_tokens", t.cachedInputTokens()).put("audio_tokens", 0);
        u.putObject("completion_tokens_details").put("reasoning_tokens", t.reasoningTokens()).put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        return u;
    }

    static ObjectNode anthropicUsage(TokenCounts t, long output) {
        ObjectNode u = F.objectNode();
        u.put("input_tokens", t.uncachedInputTokens());
        u.put("output_tokens", output);
        u.put("cache_creation_input_tokens", t.cacheWriteInputTokens());
        u.put("cache_read_input_tokens", t.cachedInputTokens());
        if (t.reasoningTokens() > 0) {
            u.putObject("output_tokens_details").put("thinking_tokens", t.reasoningTokens());
        }
        return u;
    }

    private static ObjectNode geminiChunk(String text, String finishReason, String model) {
        ObjectNode root = F.objectNode();
        ObjectNode cand = root.putArray("candidates").addObject();
        ObjectNode content = cand.putObject("content");
        content.putArray("parts").addObject().put("text", text);
        content.put("role", "model");
        if (finishReason != null) {
            cand.put("finishReason", finishReason);
        }
        cand.put("index", 0);
        root.put("modelVersion", model);
        root.put("responseId", "resp-" + ID);
        return root;
    }

    static ObjectNode geminiUsage(TokenCounts t) {
        ObjectNode u = F.objectNode();
        u.put("promptTokenCount", t.inputTokens());
        u.put("candidatesTokenCount", t.outputTokens() - t.reasoningTokens());
        u.put("totalTokenCount", t.totalTokens());
        if (t.cachedInputTokens() > 0) {
            u.put("cachedContentTokenCount", t.cachedInputTokens());
        }
        if (t.reasoningTokens() > 0) {
            u.put("thoughtsTokenCount", t.reasoningTokens());
        }
        return u;
    }
}
