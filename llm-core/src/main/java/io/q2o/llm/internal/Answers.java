package io.q2o.llm.internal;

import io.q2o.llm.Attempt;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.LlmError;
import io.q2o.llm.ResponseFormat;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmUsage;
import io.q2o.llm.spi.ProviderResponse;

import java.util.List;

/**
 * Turns an adapter's answer into the caller's {@link LlmResponse}: text, finish reason, tool
 * calls and provider extras. The one place the engine builds a successful upstream answer, so
 * everything the model turn carries reaches the caller, the cache and the listeners.
 *
 * <p>An answer to a JSON request ({@link ResponseFormat#JSON}, or a response schema) is checked
 * here ({@link JsonAnswers}): prose, or JSON that breaks the schema, becomes a failure of kind
 * {@link ErrorKind#STRUCTURED_OUTPUT_INVALID} that keeps the raw text and the usage (it was paid
 * for) and is never cached. A turn with tool calls is not checked: it is not the answer yet.
 */
public final class Answers {
    private Answers() {
    }

    /**
     * @param request  the caller's request
     * @param response the adapter's answer
     * @param usage    the usage with costs
     * @param attempts the attempts made
     * @return the successful response
     */
    public static LlmResponse success(LlmRequest request, ProviderResponse response, LlmUsage usage,
                                      List<Attempt> attempts) {
        if (request.responseFormat() == ResponseFormat.JSON && response.toolCalls().isEmpty()) {
            JsonAnswers.Check check = JsonAnswers.check(response.content(),
                    request.responseSchema() == null ? null : request.responseSchema().schemaJson());
            if (!check.valid()) {
                String what = request.responseSchema() == null ? "JSON was requested"
                        : "the answer must follow response schema '" + request.responseSchema().name() + "'";
                LlmError error = new LlmError(ErrorKind.STRUCTURED_OUTPUT_INVALID,
                        request.responseSchema() == null ? "not-json" : "schema", what + ": "
                        + String.join("; ", check.errors()), usage.provider());
                return LlmResponse.invalidAnswer(response.content(), error, usage, response.finishReason(), attempts);
            }
            LlmResponse r = LlmResponse.success(check.json().orElseThrow(), usage, response.finishReason(), attempts,
                    false, false);
            return response.extras().isEmpty() ? r : r.withToolCalls(List.of(), response.extras());
        }
        LlmResponse r = LlmResponse.success(response.content(), usage, response.finishReason(), attempts, false, false);
        return response.toolCalls().isEmpty() && response.extras().isEmpty() ? r
                : r.withToolCalls(response.toolCalls(), response.extras());
    }
}
