package io.q2o.llm.gemini;

import com.google.genai.types.GenerateContentResponse;
import io.q2o.llm.FinishReason;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.MalformedResponseException;
import io.q2o.llm.spi.ProviderResponse;

import java.util.List;

/**
 * Accumulates one Gemini stream: text, tool calls, finish reason, model and the last reported usage.
 * A stream that ends without a finish reason was cut and is malformed, never a short answer. One
 * instance per stream, used by the streaming thread only.
 */
final class GeminiStreamState {
    private final String name;
    private final GeminiResponses responses;
    private final String requestedModel;
    private final StringBuilder text = new StringBuilder();
    private String model;
    private FinishReason finish;
    private TokenCounts tokens = TokenCounts.ZERO;
    private int chunks;
    private final GeminiToolCalls toolCalls = new GeminiToolCalls();
    private List<io.q2o.llm.ToolCallDelta> toolCallDeltas = List.of();

    /**
     * @param name           the provider name, for errors
     * @param requestedModel the model asked for, reported until a chunk names its version
     * @param responses      reads usage, candidates and finish reasons
     */
    GeminiStreamState(String name, String requestedModel, GeminiResponses responses) {
        this.name = name;
        this.responses = responses;
        this.requestedModel = requestedModel;
        this.model = requestedModel;
    }

    /** @return the chunk's text delta, possibly empty */
    String add(GenerateContentResponse chunk) {
        chunks++;
        toolCallDeltas = List.of();
        chunk.modelVersion().filter(m -> !m.isBlank()).ifPresent(m -> model = m);
        chunk.usageMetadata().ifPresent(u -> tokens = responses.tokens(u));
        var candidate = GeminiResponses.firstCandidate(chunk);
        if (candidate.isEmpty()) {
            if (chunk.promptFeedback().flatMap(f -> f.blockReason()).isPresent()) {
                throw responses.noCandidate(chunk, requestedModel);
            }
            return ""; // e.g. a usage-only chunk
        }
        candidate.get().finishReason().ifPresent(r -> finish = GeminiResponses.finishReason(r));
        String delta = GeminiResponses.text(candidate.get());
        toolCallDeltas = toolCalls.accept(candidate.get(), chunk.responseId().orElse(""));
        text.append(delta);
        return delta;
    }

    /** @return the tool-call fragments of the last chunk */
    List<io.q2o.llm.ToolCallDelta> toolCallDeltas() {
        return toolCallDeltas;
    }

    ProviderResponse finish() {
        if (finish == null) {
            throw new MalformedResponseException(name, -1, "Gemini stream ended without a finish reason after "
                    + chunks + " chunk(s) (model " + requestedModel + "): the stream was cut", null);
        }
        return toolCalls.finish(new ProviderResponse(text.toString(), model, finish, tokens));
    }
}
