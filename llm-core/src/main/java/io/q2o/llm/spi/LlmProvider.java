package io.q2o.llm.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * One LLM provider (OpenAI, Gemini, Anthropic, …) as seen by the {@code LlmService} pipeline.
 *
 * <p>An adapter makes exactly one attempt per call: no retries of its own (the SDK's retries
 * must be switched off), always bounded by {@link ProviderRequest#timeout()}. Every failure is
 * thrown (or, for async calls, completes the future) as a {@link ProviderException} subclass;
 * anything else is treated by the pipeline as an {@link io.q2o.llm.ErrorKind#INTERNAL} bug.
 *
 * <p>Implementations must be thread-safe. {@link #close()} releases the SDK client.
 */
public interface LlmProvider extends AutoCloseable {

    /** @return the provider's name, lower case, e.g. {@code "openai"}; matches its factory's name */
    String name();

    /**
     * Makes one blocking call.
     *
     * @param request the request
     * @return the answer
     * @throws ProviderException classified failure
     */
    ProviderResponse complete(ProviderRequest request);

    /**
     * Makes one non-blocking call. The default runs {@link #complete} on {@code blockingExecutor};
     * adapters whose SDK has a true async client override this so that no thread is blocked per
     * in-flight call.
     *
     * @param request          the request
     * @param blockingExecutor an executor for blocking work, owned by the service
     * @return a future of the answer, completed exceptionally with a {@link ProviderException}
     *         (possibly wrapped in a {@link CompletionException}) on failure
     */
    default CompletableFuture<ProviderResponse> completeAsync(ProviderRequest request, Executor blockingExecutor) {
        return CompletableFuture.supplyAsync(() -> complete(request), blockingExecutor);
    }

    /**
     * Streams one call, blocking until the stream ends. Text deltas go to {@code sink} in order;
     * the returned response carries the full text, finish reason and final usage. The default
     * makes a non-streaming call and emits its text as one chunk.
     *
     * @param request the request
     * @param sink    receives text deltas; an exception it throws must propagate unchanged
     * @return the complete answer with usage
     * @throws ProviderException classified failure (before or after chunks were emitted)
     */
    default ProviderResponse stream(ProviderRequest request, StreamSink sink) {
        ProviderResponse response = complete(request);
        if (!response.content().isEmpty()) {
            sink.onText(response.content());
        }
        return response;
    }

    /** Releases the SDK client. The default does nothing. */
    @Override
    default void close() {
    }
}
