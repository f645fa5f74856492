package io.q2o.llm.micrometer;

import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.spi.StreamSink;
import io.q2o.llm.testkit.ScriptedProvider;
import io.q2o.llm.testkit.TestClock;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** A {@link ScriptedProvider} whose every request takes a fixed time on the {@link TestClock}, so durations are exact. */
final class TimedProvider implements LlmProvider {
    private final ScriptedProvider script;
    private final TestClock clock;
    private final Duration latency;

    TimedProvider(ScriptedProvider script, TestClock clock, Duration latency) {
        this.script = script;
        this.clock = clock;
        this.latency = latency;
    }

    @Override
    public String name() {
        return script.name();
    }

    @Override
    public ProviderResponse complete(ProviderRequest request) {
        clock.advance(latency);
        return script.complete(request);
    }

    @Override
    public CompletableFuture<ProviderResponse> completeAsync(ProviderRequest request, Executor blockingExecutor) {
        clock.advance(latency);
        return script.completeAsync(request, blockingExecutor);
    }

    @Override
    public ProviderResponse stream(ProviderRequest request, StreamSink sink) {
        clock.advance(latency);
        return script.stream(request, sink);
    }
}
