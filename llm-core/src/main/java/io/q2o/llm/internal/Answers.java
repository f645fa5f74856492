package io.q2o.llm.internal;

import io.q2o.llm.Attempt;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmUsage;
import io.q2o.llm.spi.ProviderResponse;

import java.util.List;

/**
 * Turns an adapter's answer into the caller's {@link LlmResponse}: text, finish reason, tool
 * calls and provider extras. The one place the engine builds a successful upstream answer, so
 * everything the model turn carries reaches the caller, the cache and the listeners.
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
        LlmResponse r = LlmResponse.success(response.content(), usage, response.finishReason(), attempts, false, false);
        return response.toolCalls().isEmpty() && response.extras().isEmpty() ? r
                : r.withToolCalls(response.toolCalls(), response.extras());
    }
}
