package io.q2o.llm.openai;

import com.openai.core.JsonField;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.completions.CompletionUsage;
import io.q2o.llm.FinishReason;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.ToolCall;
import io.q2o.llm.spi.MalformedResponseException;
import io.q2o.llm.spi.ProviderResponse;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a Chat Completions answer: the text of choice 0 (its refusal text if the model refused),
 * its tool calls, the finish reason and the usage counts, as {@code OpenAiProvider}'s class
 * comment states them. Stateless apart from the error mapper; thread-safe.
 */
final class OpenAiResponses {

    private final OpenAiErrors errors;

    /** @param errors cleans provider text quoted in messages (never the key) */
    OpenAiResponses(OpenAiErrors errors) {
        this.errors = errors;
    }

    /**
     * @param completion     the SDK's answer
     * @param requestedModel the model asked for, used when the answer names none
     * @return the answer in the library's terms
     * @throws MalformedResponseException if the answer has no choices
     */
    ProviderResponse toResponse(ChatCompletion completion, String requestedModel) {
        List<ChatCompletion.Choice> choices = completion._choices().asKnown().orElse(List.of());
        if (choices.isEmpty()) {
            String error = completion._additionalProperties().containsKey("error")
                    ? " (body has an error: " + errors.clean(String.valueOf(completion._additionalProperties().get("error"))) + ")"
                    : "";
            throw new MalformedResponseException(OpenAiProviderFactory.NAME, 200, "OpenAI returned no choices" + error, null);
        }
        ChatCompletion.Choice choice = choices.stream().filter(c -> c._index().asKnown().orElse(0L) == 0L)
                .findFirst().orElse(choices.get(0));
        ChatCompletionMessage message = choice.message();
        String text = message._content().asKnown().orElse("") + message._refusal().asKnown().orElse("");
        FinishReason finish = finishReason(choice._finishReason().asKnown().map(Object::toString));
        String model = completion._model().asKnown().filter(m -> !m.isBlank()).orElse(requestedModel);
        List<ToolCall> calls = OpenAiToolCalls.fromMessage(message);
        return new ProviderResponse(text, model, calls.isEmpty() ? finish : FinishReason.TOOL_CALLS,
                tokens(completion._usage()), calls, List.of());
    }

    /**
     * @param value the wire value of {@code finish_reason}, if any
     * @return the normalised reason
     */
    static FinishReason finishReason(Optional<String> value) {
        if (value.isEmpty() || value.get().isBlank()) {
            return FinishReason.UNKNOWN;
        }
        switch (value.get().toLowerCase(Locale.ROOT)) {
            case "stop":
                return FinishReason.STOP;
            case "length":
                return FinishReason.LENGTH;
            case "content_filter":
                return FinishReason.CONTENT_FILTER;
            case "tool_calls":
            case "function_call":
                return FinishReason.TOOL_CALLS;
            default:
                return FinishReason.OTHER;
        }
    }

    /**
     * OpenAI's counts already have the normalised meaning: {@code prompt_tokens} includes the
     * cached part and {@code completion_tokens} the reasoning part. Parts are clamped to their
     * wholes so that an odd compatible server cannot make the counts invalid.
     *
     * @param usage the {@code usage} field
     * @return the counts; zero when usage is missing
     */
    static TokenCounts tokens(JsonField<CompletionUsage> usage) {
        Optional<CompletionUsage> u = usage.asKnown();
        if (u.isEmpty()) {
            return TokenCounts.ZERO;
        }
        CompletionUsage cu = u.get();
        long input = Math.max(0, cu._promptTokens().asKnown().orElse(0L));
        long output = Math.max(0, cu._completionTokens().asKnown().orElse(0L));
        long cached = cu._promptTokensDetails().asKnown().flatMap(d -> d._cachedTokens().asKnown()).orElse(0L);
        long reasoning = cu._completionTokensDetails().asKnown().flatMap(d -> d._reasoningTokens().asKnown()).orElse(0L);
        return new TokenCounts(input, output, Math.min(input, Math.max(0, cached)), 0,
                Math.min(output, Math.max(0, reasoning)));
    }
}
