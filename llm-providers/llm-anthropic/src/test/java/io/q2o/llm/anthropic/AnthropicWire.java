package io.q2o.llm.anthropic;

import io.q2o.llm.Secret;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.ProviderConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Bodies in Anthropic's real wire format (Messages API, SSE stream, errors), as the
 * anthropic-java 3.14.0 SDK parses them (see WIRE-FORMATS.md), plus a provider factory for tests.
 */
final class AnthropicWire {

    /** A fake key; tests assert it never shows up in messages. */
    static final String API_KEY = "sk-ant-test-S3CR3T-0123456789abcdef";

    private AnthropicWire() {
    }

    static LlmProvider provider(String baseUrl, Duration timeout) {
        return provider(baseUrl, timeout, Clock.systemUTC());
    }

    static LlmProvider provider(String baseUrl, Duration timeout, Clock clock) {
        return new AnthropicProviderFactory(clock).create(config(baseUrl, timeout));
    }

    static ProviderConfig config(String baseUrl, Duration timeout) {
        return new ProviderConfig("anthropic", Optional.of(Secret.of(API_KEY)), List.of("contract-model"),
                OptionalDouble.empty(), Optional.of(baseUrl), timeout, name -> Optional.empty());
    }

    /** Wire usage for normalised counts: {@code input_tokens} excludes cache reads and writes. */
    static String usage(TokenCounts t) {
        return "{\"input_tokens\": " + t.uncachedInputTokens() + ", \"output_tokens\": " + t.outputTokens()
                + ", \"cache_creation_input_tokens\": " + t.cacheWriteInputTokens()
                + ", \"cache_read_input_tokens\": " + t.cachedInputTokens()
                + ", \"output_tokens_details\": {\"thinking_tokens\": " + t.reasoningTokens() + "}}";
    }

    static String message(String model, String contentBlocksJson, String stopReason, String usageJson) {
        return "{\"id\": \"msg_1\", \"type\": \"message\", \"role\": \"assistant\", \"model\": " + json(model)
                + ", \"content\": [" + contentBlocksJson + "], \"stop_reason\": "
                + (stopReason == null ? "null" : json(stopReason)) + ", \"stop_sequence\": null, \"usage\": "
                + usageJson + "}";
    }

    static String textBlock(String text) {
        return "{\"type\": \"text\", \"text\": " + json(text) + "}";
    }

    static String success(String text, TokenCounts tokens) {
        return message("claude-sonnet-4-5", textBlock(text), "end_turn", usage(tokens));
    }

    static String event(String type, String data) {
        return "event: " + type + "\ndata: " + data + "\n\n";
    }

    static String messageStart(String usageJson) {
        return event("message_start", "{\"type\": \"message_start\", \"message\": {\"id\": \"msg_1\", \"type\": \"message\","
                + " \"role\": \"assistant\", \"model\": \"claude-sonnet-4-5\", \"content\": [], \"stop_reason\": null,"
                + " \"stop_sequence\": null, \"usage\": " + usageJson + "}}");
    }

    static String blockStart(int index) {
        return event("content_block_start", "{\"type\": \"content_block_start\", \"index\": " + index
                + ", \"content_block\": {\"type\": \"text\", \"text\": \"\"}}");
    }

    static String textDelta(int index, String text) {
        return event("content_block_delta", "{\"type\": \"content_block_delta\", \"index\": " + index
                + ", \"delta\": {\"type\": \"text_delta\", \"text\": " + json(text) + "}}");
    }

    static String blockStop(int index) {
        return event("content_block_stop", "{\"type\": \"content_block_stop\", \"index\": " + index + "}");
    }

    static String ping() {
        return event("ping", "{\"type\": \"ping\"}");
    }

    static String messageDelta(String stopReason, String usageJson) {
        return event("message_delta", "{\"type\": \"message_delta\", \"delta\": {\"stop_reason\": " + json(stopReason)
                + ", \"stop_sequence\": null}, \"usage\": " + usageJson + "}");
    }

    static String messageStop() {
        return event("message_stop", "{\"type\": \"message_stop\"}");
    }

    static String errorEvent(String type, String message) {
        return event("error", errorJson(type, message));
    }

    /**
     * A complete stream: message_start carries input and cache counts (output 1), message_delta
     * the cumulative output count and thinking tokens.
     */
    static String stream(List<String> chunks, TokenCounts t) {
        StringBuilder sse = new StringBuilder();
        sse.append(messageStart("{\"input_tokens\": " + t.uncachedInputTokens() + ", \"output_tokens\": 1"
                + ", \"cache_creation_input_tokens\": " + t.cacheWriteInputTokens()
                + ", \"cache_read_input_tokens\": " + t.cachedInputTokens() + "}"));
        sse.append(blockStart(0)).append(ping());
        for (String chunk : chunks) {
            sse.append(textDelta(0, chunk));
        }
        sse.append(blockStop(0));
        sse.append(messageDelta("end_turn", "{\"output_tokens\": " + t.outputTokens()
                + ", \"output_tokens_details\": {\"thinking_tokens\": " + t.reasoningTokens() + "}}"));
        sse.append(messageStop());
        return sse.toString();
    }

    static String errorType(int status) {
        switch (status) {
            case 400:
            case 422:
                return "invalid_request_error";
            case 401:
                return "authentication_error";
            case 402:
                return "billing_error";
            case 403:
                return "permission_error";
            case 404:
                return "not_found_error";
            case 413:
                return "request_too_large";
            case 429:
                return "rate_limit_error";
            case 504:
                return "timeout_error";
            case 529:
                return "overloaded_error";
            default:
                return "api_error";
        }
    }

    static String error(int status, String message) {
        return errorJson(errorType(status), message);
    }

    static String errorJson(String type, String message) {
        return "{\"type\": \"error\", \"error\": {\"type\": " + json(type) + ", \"message\": " + json(message) + "}}";
    }

    static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"').toString();
    }
}
