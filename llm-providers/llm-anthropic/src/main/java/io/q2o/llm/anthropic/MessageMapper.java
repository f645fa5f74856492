package io.q2o.llm.anthropic;

import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageDeltaUsage;
import com.anthropic.models.messages.OutputTokensDetails;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Usage;
import io.q2o.llm.FinishReason;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.MalformedResponseException;
import io.q2o.llm.spi.ProviderResponse;

import java.util.Optional;

/** Maps an Anthropic {@link Message} (complete or accumulated from a stream) to the core types. */
final class MessageMapper {

    private MessageMapper() {
    }

    /**
     * @param message        the answer
     * @param requestedModel used if the answer names no model
     * @param tokens         the normalised counts
     * @return the core response
     */
    static ProviderResponse toResponse(Message message, String requestedModel, TokenCounts tokens) {
        String model = message.model().asString();
        if (model == null || model.isBlank()) {
            model = requestedModel;
        }
        return new ProviderResponse(text(message), model, finishReason(message.stopReason()), tokens);
    }

    /** @return the text blocks concatenated in order; thinking, tool and other blocks are skipped */
    static String text(Message message) {
        StringBuilder text = new StringBuilder();
        for (ContentBlock block : message.content()) {
            block.text().ifPresent(t -> text.append(t.text()));
        }
        return text.toString();
    }

    /**
     * end_turn, stop_sequence → STOP; max_tokens, model_context_window_exceeded → LENGTH;
     * tool_use → TOOL_CALLS; refusal → CONTENT_FILTER; pause_turn and unknown values → OTHER;
     * none → UNKNOWN.
     */
    static FinishReason finishReason(Optional<StopReason> stopReason) {
        if (stopReason.isEmpty()) {
            return FinishReason.UNKNOWN;
        }
        switch (stopReason.get().value()) {
            case END_TURN:
            case STOP_SEQUENCE:
                return FinishReason.STOP;
            case MAX_TOKENS:
            case MODEL_CONTEXT_WINDOW_EXCEEDED:
                return FinishReason.LENGTH;
            case TOOL_USE:
                return FinishReason.TOOL_CALLS;
            case REFUSAL:
                return FinishReason.CONTENT_FILTER;
            default:
                return FinishReason.OTHER;
        }
    }

    /**
     * Normalises Anthropic usage: {@code input_tokens} excludes cache reads and cache writes, so
     * inputTokens = input_tokens + cache_read_input_tokens + cache_creation_input_tokens.
     */
    static TokenCounts tokens(Usage usage) {
        return counts(usage.inputTokens(), usage.cacheReadInputTokens().orElse(0L),
                usage.cacheCreationInputTokens().orElse(0L), usage.outputTokens(),
                usage.outputTokensDetails().map(OutputTokensDetails::thinkingTokens).orElse(0L));
    }

    /**
     * Folds a stream's usage: {@code message_start} carries input and cache counts, each
     * {@code message_delta} carries the cumulative output count and, where the server sends them,
     * updated input/cache counts and thinking tokens.
     */
    static final class StreamUsage {
        private long input;
        private long cacheRead;
        private long cacheWrite;
        private long output;
        private long thinking;

        void start(Usage usage) {
            input = usage.inputTokens();
            cacheRead = usage.cacheReadInputTokens().orElse(0L);
            cacheWrite = usage.cacheCreationInputTokens().orElse(0L);
            output = usage.outputTokens();
            thinking = usage.outputTokensDetails().map(OutputTokensDetails::thinkingTokens).orElse(0L);
        }

        void delta(MessageDeltaUsage usage) {
            output = usage.outputTokens();
            input = usage.inputTokens().orElse(input);
            cacheRead = usage.cacheReadInputTokens().orElse(cacheRead);
            cacheWrite = usage.cacheCreationInputTokens().orElse(cacheWrite);
            thinking = usage.outputTokensDetails().map(OutputTokensDetails::thinkingTokens).orElse(thinking);
        }

        TokenCounts tokens() {
            return counts(input, cacheRead, cacheWrite, output, thinking);
        }
    }

    private static TokenCounts counts(long input, long cacheRead, long cacheWrite, long output, long thinking) {
        if (input < 0 || cacheRead < 0 || cacheWrite < 0 || output < 0 || thinking < 0) {
            throw new MalformedResponseException(AnthropicErrors.PROVIDER, -1,
                    "Anthropic reported negative token counts", null);
        }
        // thinking tokens are billed as output; never report more of them than the output total
        return new TokenCounts(input + cacheRead + cacheWrite, output, cacheRead, cacheWrite, Math.min(thinking, output));
    }
}
