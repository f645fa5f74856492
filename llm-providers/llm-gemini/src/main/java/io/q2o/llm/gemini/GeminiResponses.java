package io.q2o.llm.gemini;

import com.google.genai.types.Candidate;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponsePromptFeedback;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.Part;
import io.q2o.llm.FinishReason;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.InvalidRequestException;
import io.q2o.llm.spi.MalformedResponseException;
import io.q2o.llm.spi.ProviderResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Turns Gemini answers into {@link ProviderResponse}s.
 *
 * <ul>
 *   <li>Text: the non-thought text parts of the first candidate, concatenated.</li>
 *   <li>Finish reason: {@code STOP}→STOP, {@code MAX_TOKENS}→LENGTH, {@code SAFETY},
 *       {@code RECITATION}, {@code BLOCKLIST}, {@code PROHIBITED_CONTENT}, {@code SPII} and the
 *       {@code IMAGE_*} safety variants→CONTENT_FILTER, anything else reported→OTHER, none→UNKNOWN.</li>
 *   <li>Model: {@code modelVersion} if present, else the requested model.</li>
 *   <li>Tokens: input = {@code promptTokenCount} (already includes {@code cachedContentTokenCount});
 *       output = {@code candidatesTokenCount + thoughtsTokenCount} (Gemini bills thoughts as
 *       output but reports them apart); cached = {@code cachedContentTokenCount};
 *       reasoning = {@code thoughtsTokenCount}. A cached count above the prompt count is clamped
 *       (and logged) rather than failing an otherwise good answer.</li>
 *   <li>No candidates: if {@code promptFeedback.blockReason} is set the prompt was blocked, which
 *       is deterministic, so an {@link InvalidRequestException} naming the block reason is thrown
 *       (never cached, not retried, fails fast); without a block reason the answer is unusable and
 *       a retryable {@link MalformedResponseException} is thrown.</li>
 * </ul>
 */
final class GeminiResponses {

    private static final Logger LOG = LoggerFactory.getLogger(GeminiResponses.class);

    private final String provider;

    GeminiResponses(String provider) {
        this.provider = provider;
    }

    /**
     * @param response       a complete (non-streaming) answer
     * @param requestedModel the model asked for
     * @return the normalised answer
     * @throws InvalidRequestException    if the prompt was blocked
     * @throws MalformedResponseException if there is no candidate for another reason
     */
    ProviderResponse toResponse(GenerateContentResponse response, String requestedModel) {
        if (response == null) {
            throw new MalformedResponseException(provider, -1, "Gemini returned no response (model "
                    + requestedModel + ")", null);
        }
        Candidate candidate = firstCandidate(response)
                .orElseThrow(() -> noCandidate(response, requestedModel));
        FinishReason finish = candidate.finishReason().map(GeminiResponses::finishReason).orElse(FinishReason.UNKNOWN);
        return GeminiToolCalls.withToolCalls(new ProviderResponse(text(candidate), model(response, requestedModel), finish,
                tokens(response.usageMetadata().orElse(null))), candidate, response.responseId().orElse(""));
    }

    /**
     * @param response an answer or stream chunk
     * @return its first candidate, if any
     */
    static Optional<Candidate> firstCandidate(GenerateContentResponse response) {
        return response.candidates().filter(l -> !l.isEmpty()).map(l -> l.get(0));
    }

    /**
     * @param response       an answer (or chunk) without candidates
     * @param requestedModel the model asked for
     * @return the exception to throw: blocked prompt, or malformed answer
     */
    RuntimeException noCandidate(GenerateContentResponse response, String requestedModel) {
        Optional<GenerateContentResponsePromptFeedback> feedback = response.promptFeedback();
        Optional<String> reason = feedback.flatMap(GenerateContentResponsePromptFeedback::blockReason)
                .map(Object::toString);
        if (reason.isPresent()) {
            String detail = feedback.flatMap(GenerateContentResponsePromptFeedback::blockReasonMessage)
                    .map(m -> ": " + m).orElse("");
            return new InvalidRequestException(provider, -1, "Gemini blocked the prompt (model " + requestedModel
                    + "), blockReason " + reason.get() + detail, null);
        }
        return new MalformedResponseException(provider, -1, "Gemini returned no candidates (model "
                + requestedModel + ")", null);
    }

    /**
     * @param candidate a candidate
     * @return its text parts, excluding thought summaries, concatenated; empty if none
     */
    static String text(Candidate candidate) {
        List<Part> parts = candidate.content().flatMap(Content::parts).orElse(List.of());
        StringBuilder sb = new StringBuilder();
        for (Part part : parts) {
            if (part.thought().orElse(false)) {
                continue;
            }
            part.text().ifPresent(sb::append);
        }
        return sb.toString();
    }

    /**
     * @param response       an answer or chunk
     * @param requestedModel the model asked for
     * @return {@code modelVersion} if reported, else the requested model
     */
    static String model(GenerateContentResponse response, String requestedModel) {
        return response.modelVersion().filter(m -> !m.isBlank()).orElse(requestedModel);
    }

    /**
     * @param reason Gemini's finish reason
     * @return the normalised reason
     */
    static FinishReason finishReason(com.google.genai.types.FinishReason reason) {
        switch (reason.knownEnum()) {
            case STOP:
                return FinishReason.STOP;
            case MAX_TOKENS:
                return FinishReason.LENGTH;
            case SAFETY:
            case RECITATION:
            case BLOCKLIST:
            case PROHIBITED_CONTENT:
            case SPII:
            case IMAGE_SAFETY:
            case IMAGE_PROHIBITED_CONTENT:
            case IMAGE_RECITATION:
                return FinishReason.CONTENT_FILTER;
            default:
                return FinishReason.OTHER;
        }
    }

    /**
     * @param usage Gemini's usage metadata, or {@code null}
     * @return the normalised counts ({@link TokenCounts#ZERO} if none)
     */
    TokenCounts tokens(GenerateContentResponseUsageMetadata usage) {
        if (usage == null) {
            return TokenCounts.ZERO;
        }
        long prompt = nonNegative(usage.promptTokenCount());
        long candidates = nonNegative(usage.candidatesTokenCount());
        long thoughts = nonNegative(usage.thoughtsTokenCount());
        long cached = nonNegative(usage.cachedContentTokenCount());
        if (cached > prompt) {
            LOG.warn("Gemini reported {} cached tokens but only {} prompt tokens; counting {} cached",
                    cached, prompt, prompt);
            cached = prompt;
        }
        return new TokenCounts(prompt, candidates + thoughts, cached, 0, thoughts);
    }

    private static long nonNegative(Optional<Integer> value) {
        return Math.max(0, value.orElse(0));
    }
}
