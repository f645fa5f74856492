package io.q2o.llm.gemini;

import io.q2o.llm.Secret;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.ProviderConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Gemini's wire format (as google-genai 2.0.0 accepts it) for the WireMock tests. */
final class GeminiWire {

    /** A fake key; tests assert it never leaks. */
    static final String KEY = "AIzaSy-test-key-0123456789-SECRET";

    private GeminiWire() {
    }

    static LlmProvider provider(String baseUrl, Duration timeout) {
        return provider(baseUrl, timeout, Map.of());
    }

    static LlmProvider provider(String baseUrl, Duration timeout, Map<String, String> settings) {
        return new GeminiProviderFactory().create(config(baseUrl, timeout, settings));
    }

    static ProviderConfig config(String baseUrl, Duration timeout, Map<String, String> settings) {
        return new ProviderConfig("gemini", Optional.of(Secret.of(KEY)), List.of("contract-model"),
                OptionalDouble.empty(), Optional.ofNullable(baseUrl), timeout,
                name -> Optional.ofNullable(settings.get(name)));
    }

    static String usage(TokenCounts t) {
        long candidates = t.outputTokens() - t.reasoningTokens();
        return "{\"promptTokenCount\": " + t.inputTokens()
                + ", \"candidatesTokenCount\": " + candidates
                + ", \"totalTokenCount\": " + (t.inputTokens() + t.outputTokens())
                + ", \"cachedContentTokenCount\": " + t.cachedInputTokens()
                + ", \"thoughtsTokenCount\": " + t.reasoningTokens() + "}";
    }

    static String candidate(String text, String finishReason) {
        return "{\"content\": {\"parts\": [{\"text\": " + quote(text) + "}], \"role\": \"model\"}"
                + (finishReason == null ? "" : ", \"finishReason\": \"" + finishReason + "\"") + ", \"index\": 0}";
    }

    static String success(String text, String finishReason, TokenCounts tokens) {
        return "{\"candidates\": [" + candidate(text, finishReason) + "], \"usageMetadata\": " + usage(tokens)
                + ", \"modelVersion\": \"contract-model-001\", \"responseId\": \"resp-1\"}";
    }

    static String streamBody(List<String> chunks, TokenCounts tokens) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            boolean last = i == chunks.size() - 1;
            String usage = last ? usage(tokens)
                    : "{\"promptTokenCount\": " + tokens.inputTokens() + ", \"totalTokenCount\": " + tokens.inputTokens() + "}";
            sb.append("data: {\"candidates\": [").append(candidate(chunks.get(i), last ? "STOP" : null))
                    .append("], \"usageMetadata\": ").append(usage)
                    .append(", \"modelVersion\": \"contract-model-001\", \"responseId\": \"r1\"}\r\n\r\n");
        }
        return sb.toString();
    }

    static String error(int status, String message) {
        return "{\"error\": {\"code\": " + status + ", \"message\": " + quote(message) + ", \"status\": \""
                + rpcStatus(status) + "\"}}";
    }

    static String rpcStatus(int status) {
        switch (status) {
            case 400: return "INVALID_ARGUMENT";
            case 401: return "UNAUTHENTICATED";
            case 403: return "PERMISSION_DENIED";
            case 404: return "NOT_FOUND";
            case 408: return "DEADLINE_EXCEEDED";
            case 429: return "RESOURCE_EXHAUSTED";
            case 500: return "INTERNAL";
            case 503: return "UNAVAILABLE";
            case 504: return "DEADLINE_EXCEEDED";
            default: return "UNKNOWN";
        }
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                default: sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
