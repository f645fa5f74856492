package io.q2o.llm.openai;

import com.openai.core.JsonField;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.completions.CompletionUsage;
import io.q2o.llm.FinishReason;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.ToolCall;
import io.q2o.llm.ToolCallDelta;
import io.q2o.llm.spi.MalformedResponseException;
import io.q2o.llm.spi.ProviderResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Accumulates one streamed Chat Completions answer: the text and tool calls of choice 0, the finish
 * reason, the model and the usage of the final chunk. A stream that ends before a finish reason is
 * malformed, never a short answer; so is one without usage when usage is required. One instance per
 * stream, used by the streaming thread only.
 */
final class OpenAiStreamState {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiProvider.class);

    private final String requestedModel;
    private final boolean requireStreamUsage;
    private final AtomicBoolean warnedNoStreamUsage;
    private final String displayBaseUrl;
    private final StringBuilder text = new StringBuilder();
    private String model;
    private String finish;
    private JsonField<CompletionUsage> usage;
    private final OpenAiToolCalls toolCalls = new OpenAiToolCalls();
    private final List<ToolCallDelta> toolDeltas = new ArrayList<>();

    /**
     * @param requestedModel     the model asked for, used when no chunk names one
     * @param requireStreamUsage whether a stream without its usage chunk is malformed
     * @param warnedNoUsage      shared by the provider so the missing-usage warning is logged once
     * @param displayBaseUrl     the base URL without credentials, for that warning
     */
    OpenAiStreamState(String requestedModel, boolean requireStreamUsage, AtomicBoolean warnedNoUsage,
                      String displayBaseUrl) {
        this.requestedModel = requestedModel;
        this.requireStreamUsage = requireStreamUsage;
        this.warnedNoStreamUsage = warnedNoUsage;
        this.displayBaseUrl = displayBaseUrl;
    }

    /** @return the text delta of this chunk, possibly empty; tool-call fragments wait in {@link #drainToolDeltas} */
    String accept(ChatCompletionChunk chunk) {
        if (model == null) {
            model = chunk._model().asKnown().filter(m -> !m.isBlank()).orElse(null);
        }
        if (chunk._usage().asKnown().isPresent()) {
            usage = chunk._usage();
        }
        StringBuilder delta = new StringBuilder();
        for (ChatCompletionChunk.Choice choice : chunk._choices().asKnown().orElse(List.of())) {
            if (choice._index().asKnown().orElse(0L) != 0L) {
                continue;
            }
            choice._delta().asKnown().ifPresent(d -> {
                d._content().asKnown().ifPresent(delta::append);
                d._refusal().asKnown().ifPresent(delta::append);
                toolDeltas.addAll(toolCalls.accept(d));
            });
            choice._finishReason().asKnown().map(Object::toString).ifPresent(f -> finish = f);
        }
        text.append(delta);
        return delta.toString();
    }

    /** @return the tool-call fragments of the last chunk, once */
    List<ToolCallDelta> drainToolDeltas() {
        if (toolDeltas.isEmpty()) {
            return List.of();
        }
        List<ToolCallDelta> out = List.copyOf(toolDeltas);
        toolDeltas.clear();
        return out;
    }

    ProviderResponse finish() {
        if (finish == null) {
            throw new MalformedResponseException(OpenAiProviderFactory.NAME, 200, "the OpenAI stream ended before the model finished"
                    + " (no finish_reason; connection cut?) after " + text.length() + " characters", null);
        }
        if (usage == null) {
            if (requireStreamUsage) {
                throw new MalformedResponseException(OpenAiProviderFactory.NAME, 200,
                        "the OpenAI stream ended without its usage chunk (stream cut before the end?)", null);
            }
            if (warnedNoStreamUsage.compareAndSet(false, true)) {
                LOG.warn("the server at {} sent no usage in its stream (stream_options.include_usage unsupported?);"
                        + " counting 0 tokens for such streams", displayBaseUrl);
            } else {
                LOG.debug("no usage in the stream from {}; counting 0 tokens", displayBaseUrl);
            }
        }
        List<ToolCall> calls = toolCalls.finish();
        return new ProviderResponse(text.toString(), model == null ? requestedModel : model,
                calls.isEmpty() ? OpenAiResponses.finishReason(Optional.of(finish)) : FinishReason.TOOL_CALLS,
                usage == null ? TokenCounts.ZERO : OpenAiResponses.tokens(usage), calls, List.of());
    }
}
