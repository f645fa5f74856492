package io.q2o.llm.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.genai.types.Candidate;
import com.google.genai.types.Content;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.Part;
import io.q2o.llm.FinishReason;
import io.q2o.llm.ProviderExtra;
import io.q2o.llm.ToolCall;
import io.q2o.llm.ToolCallDelta;
import io.q2o.llm.spi.MalformedResponseException;
import io.q2o.llm.spi.ProviderResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads tool calls from Gemini candidates: every {@code functionCall} part becomes a
 * {@link ToolCall} with its {@code args} as a JSON string, in part order.
 *
 * <p><b>Ids.</b> The Developer API sends no call ids (results are matched by name and order, see
 * {@link GeminiRequestMapper}). A call without one gets a deterministic id,
 * {@code call_} + the first 16 hex digits of SHA-256 over the response id, the call's position,
 * name and arguments, so the same answer (replayed, cached) always carries the same ids and two
 * answers of one conversation practically never share one, which another provider, taking the
 * conversation over, may require. An id Gemini does send is kept.
 *
 * <p><b>Thought signatures.</b> A part's {@code thoughtSignature} is kept as a
 * {@code gemini}/{@value #THOUGHT_SIGNATURE} {@link ProviderExtra} (base64): on the
 * {@link ToolCall} for a {@code functionCall} part, on the response for a text part, so the next
 * request can send the turn back unchanged.
 *
 * <p><b>Finish reason.</b> With at least one call, a STOP, OTHER or UNKNOWN finish becomes
 * {@link FinishReason#TOOL_CALLS} (Gemini reports STOP).
 *
 * <p><b>Streams.</b> Gemini sends whole calls, also when streaming; one instance per stream,
 * confined to the reading thread, numbers them across chunks and yields each as one
 * {@link ToolCallDelta} carrying id, name and all arguments.
 */
final class GeminiToolCalls {
    /** The {@link ProviderExtra} name of a thought signature. */
    static final String THOUGHT_SIGNATURE = "thoughtSignature";

    private final List<ToolCall> calls = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private final List<ProviderExtra> extras = new ArrayList<>();

    /**
     * @param plain      the answer without tool calls
     * @param candidate  the candidate it was read from
     * @param responseId the response id, or empty
     * @return the answer with the candidate's tool calls, signatures and finish reason
     */
    static ProviderResponse withToolCalls(ProviderResponse plain, Candidate candidate, String responseId) {
        GeminiToolCalls reader = new GeminiToolCalls();
        reader.accept(candidate, responseId);
        return reader.finish(plain);
    }

    /**
     * Reads the calls and signatures of one candidate (a whole answer or a stream chunk).
     *
     * @param candidate  the candidate
     * @param responseId the response id, or empty
     * @return the deltas for the stream sink: one per new call
     */
    List<ToolCallDelta> accept(Candidate candidate, String responseId) {
        List<Part> parts = candidate.content().flatMap(Content::parts).orElse(List.of());
        List<ToolCallDelta> deltas = new ArrayList<>();
        for (Part part : parts) {
            Optional<String> signature = part.thoughtSignature().filter(s -> s.length > 0)
                    .map(s -> Base64.getEncoder().encodeToString(s));
            Optional<FunctionCall> call = part.functionCall();
            if (call.isEmpty()) {
                signature.ifPresent(s -> extras.add(new ProviderExtra(GeminiProviderFactory.NAME, THOUGHT_SIGNATURE, s)));
                continue;
            }
            int index = calls.size();
            String name = call.get().name().filter(n -> !n.isBlank()).orElse("unnamed");
            String args = args(call.get().args().orElse(Map.of()));
            String id = call.get().id().filter(s -> !s.isBlank()).orElse(null);
            if (id == null) {
                id = "call_" + hash(responseId + "\n" + index + "\n" + name + "\n" + args);
            }
            while (!ids.add(id)) {
                id = id + "_" + index;
            }
            List<ProviderExtra> callExtras = signature
                    .map(s -> List.of(new ProviderExtra(GeminiProviderFactory.NAME, THOUGHT_SIGNATURE, s)))
                    .orElse(List.of());
            calls.add(new ToolCall(id, name, args, callExtras));
            deltas.add(new ToolCallDelta(index, id, name, args));
        }
        return deltas;
    }

    /**
     * @param plain the answer as read without tool calls
     * @return it with the calls and signatures read so far
     */
    ProviderResponse finish(ProviderResponse plain) {
        FinishReason finish = plain.finishReason();
        if (!calls.isEmpty() && (finish == FinishReason.STOP || finish == FinishReason.OTHER
                || finish == FinishReason.UNKNOWN)) {
            finish = FinishReason.TOOL_CALLS;
        }
        return new ProviderResponse(plain.content(), plain.model(), finish, plain.tokens(), calls, extras);
    }

    private static String args(Map<String, Object> args) {
        try {
            return GeminiRequestMapper.JSON.writeValueAsString(args);
        } catch (JsonProcessingException e) {
            throw new MalformedResponseException(GeminiProviderFactory.NAME, -1,
                    "Gemini sent functionCall args that cannot be written as JSON", e);
        }
    }

    private static String hash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
