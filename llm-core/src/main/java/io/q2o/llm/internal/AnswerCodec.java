package io.q2o.llm.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.q2o.llm.FinishReason;
import io.q2o.llm.ProviderExtra;
import io.q2o.llm.ToolCall;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmUsage;
import io.q2o.llm.TokenCounts;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Serializes successful answers for a {@link io.q2o.llm.spi.CacheTier}: versioned JSON, key included;
 * tool calls and provider extras are kept (absent in entries written before them: none).
 */
public final class AnswerCodec {
    private static final int VERSION = 1;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /**
     * @param key      the cache key, stored so a misplaced or foreign entry is detected
     * @param response a successful answer
     * @return the bytes
     */
    public byte[] encode(String key, LlmResponse response) {
        LlmUsage u = response.usage();
        ObjectNode n = json.createObjectNode();
        n.put("v", VERSION).put("key", key).put("content", response.content())
                .put("provider", u.provider()).put("model", u.model())
                .put("finish_reason", response.finishReason().name())
                .put("input_tokens", u.inputTokens()).put("output_tokens", u.outputTokens())
                .put("cached_input_tokens", u.cachedInputTokens())
                .put("cache_write_input_tokens", u.tokens().cacheWriteInputTokens())
                .put("reasoning_tokens", u.reasoningTokens())
                .put("timestamp", u.timestamp().toString())
                .put("duration_ms", u.duration().toMillis());
        u.inputCost().ifPresent(c -> n.put("input_cost", c));
        u.outputCost().ifPresent(c -> n.put("output_cost", c));
        if (response.hasToolCalls()) {
            ArrayNode calls = n.putArray("tool_calls");
            for (ToolCall c : response.toolCalls()) {
                ObjectNode call = calls.addObject().put("id", c.id()).put("name", c.name()).put("arguments", c.arguments());
                writeExtras(call, c.extras());
            }
        }
        writeExtras(n, response.extras());
        try {
            return json.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a cached answer", e);
        }
    }

    private static void writeExtras(ObjectNode target, List<ProviderExtra> extras) {
        if (extras.isEmpty()) {
            return;
        }
        ArrayNode out = target.putArray("extras");
        for (ProviderExtra e : extras) {
            out.addObject().put("provider", e.provider()).put("name", e.name()).put("value", e.value());
        }
    }

    private static List<ProviderExtra> readExtras(JsonNode source) {
        List<ProviderExtra> out = new ArrayList<>();
        for (JsonNode e : source.path("extras")) {
            out.add(new ProviderExtra(e.path("provider").asText(), e.path("name").asText(), e.path("value").asText()));
        }
        return out;
    }

    /**
     * @param key   the key the bytes were stored under
     * @param bytes the stored bytes
     * @return the answer, or empty if the bytes are not a valid entry for this key
     */
    public Optional<LlmResponse> decode(String key, byte[] bytes) {
        try {
            JsonNode n = json.readTree(bytes);
            if (n == null || n.path("v").asInt() != VERSION || !key.equals(n.path("key").asText())
                    || !n.path("content").isTextual()) {
                return Optional.empty();
            }
            TokenCounts tokens = new TokenCounts(n.path("input_tokens").asLong(), n.path("output_tokens").asLong(),
                    n.path("cached_input_tokens").asLong(), n.path("cache_write_input_tokens").asLong(),
                    n.path("reasoning_tokens").asLong());
            Optional<BigDecimal> in = n.hasNonNull("input_cost") ? Optional.of(n.get("input_cost").decimalValue()) : Optional.empty();
            Optional<BigDecimal> out = n.hasNonNull("output_cost") ? Optional.of(n.get("output_cost").decimalValue()) : Optional.empty();
            if (in.isPresent() != out.isPresent()) {
                return Optional.empty();
            }
            LlmUsage usage = new LlmUsage(n.path("provider").asText(), n.path("model").asText(), tokens, in, out,
                    Instant.parse(n.path("timestamp").asText()), Duration.ofMillis(n.path("duration_ms").asLong()),
                    false, false);
            LlmResponse r = LlmResponse.success(n.get("content").asText(), usage,
                    FinishReason.valueOf(n.path("finish_reason").asText()), List.of(), false, false);
            List<ToolCall> calls = new ArrayList<>();
            for (JsonNode c : n.path("tool_calls")) {
                calls.add(new ToolCall(c.path("id").asText(), c.path("name").asText(), c.path("arguments").asText(),
                        readExtras(c)));
            }
            List<ProviderExtra> extras = readExtras(n);
            return Optional.of(calls.isEmpty() && extras.isEmpty() ? r : r.withToolCalls(calls, extras));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
