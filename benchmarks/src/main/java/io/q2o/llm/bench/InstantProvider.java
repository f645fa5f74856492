package io.q2o.llm.bench;

import io.q2o.llm.FinishReason;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.spi.ProviderResponse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A provider that answers at once, in memory, on the calling thread: a service built on it
 * measures the library alone (planning, limit check, breaker, cost, statistics, events) with no
 * HTTP, no JSON and no thread hand-off.
 */
public final class InstantProvider implements LlmProvider {
    /** The provider name to put in {@code Q2O_LLM_PRIMARY}. */
    public static final String NAME = "instant";

    private final ProviderResponse answer = new ProviderResponse(StubServer.ANSWER, Clients.OPENAI_MODEL,
            FinishReason.STOP, TokenCounts.of(412, 64));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderResponse complete(ProviderRequest request) {
        return answer;
    }

    @Override
    public CompletableFuture<ProviderResponse> completeAsync(ProviderRequest request, Executor blockingExecutor) {
        return CompletableFuture.completedFuture(answer);
    }
}
