package io.q2o.llm;

import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.q2o.llm.Fixture.req;
import static org.assertj.core.api.Assertions.assertThat;

/** Which threads the call chain runs on: the caller's for a blocking call, a bounded set for async calls. */
class EngineThreadingTest {

    @Test
    void aBlockingCallRunsTheProviderOnTheCallersThread() {
        Fixture fx = new Fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        List<Thread> seen = new ArrayList<>();
        gemini.byDefault(r -> {
            seen.add(Thread.currentThread());
            return new ProviderResponse("ok", r.model(), FinishReason.STOP, TokenCounts.of(1, 1));
        });
        // no executor and no scheduler given: the service's own defaults, as a user gets them
        try (LlmService llm = LlmService.builder().config(fx.config()).discoverProviders(false).clock(fx.clock)
                .provider(gemini, List.of("gemini-2.5-flash")).build()) {
            assertThat(llm.complete(req("hi")).success()).isTrue();
        }
        assertThat(seen).containsExactly(Thread.currentThread());
    }

    @Test
    void theProvidersInFlightLimitCapsConcurrentAttempts() throws Exception {
        int limit = 3;
        Fixture fx = new Fixture().set("GEMINI_MAX_CONCURRENT_REQUESTS", Integer.toString(limit));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inProvider = new AtomicInteger();
        AtomicInteger maxInProvider = new AtomicInteger();
        ScriptedProvider gemini = new ScriptedProvider("gemini").byDefault(r -> {
            maxInProvider.accumulateAndGet(inProvider.incrementAndGet(), Math::max);
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inProvider.decrementAndGet();
            return new ProviderResponse("ok", r.model(), FinishReason.STOP, TokenCounts.of(1, 1));
        });
        try (LlmService llm = LlmService.builder().config(fx.config()).discoverProviders(false).clock(fx.clock)
                .provider(gemini, List.of("gemini-2.5-flash")).build()) {
            List<CompletableFuture<LlmResponse>> all = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                all.add(llm.completeAsync(req("q" + i)));
            }
            release.countDown();
            for (CompletableFuture<LlmResponse> f : all) {
                assertThat(f.get(60, TimeUnit.SECONDS).success()).isTrue();
            }
        }
        assertThat(maxInProvider.get()).isLessThanOrEqualTo(limit);
    }

    @Test
    void twoThousandAsyncCallsInFlightUseABoundedNumberOfThreads() throws Exception {
        int calls = 2_000;
        int poolBound = 32;
        Fixture fx = new Fixture().set("Q2O_LLM_ASYNC_THREADS", Integer.toString(poolBound))
                .set("GEMINI_MAX_CONCURRENT_REQUESTS", Integer.toString(calls));
        boolean virtual = Runtime.version().feature() >= 21;
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(calls);
        AtomicInteger inProvider = new AtomicInteger();
        AtomicInteger maxInProvider = new AtomicInteger();
        LlmProvider blocking = new LlmProvider() {
            @Override
            public String name() {
                return "gemini";
            }

            @Override
            public ProviderResponse complete(ProviderRequest request) {
                maxInProvider.accumulateAndGet(inProvider.incrementAndGet(), Math::max);
                arrived.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inProvider.decrementAndGet();
                return new ProviderResponse("ok", request.model(), FinishReason.STOP, TokenCounts.of(1, 1));
            }
        };
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int before = mx.getThreadCount();
        mx.resetPeakThreadCount();
        try (LlmService llm = LlmService.builder().config(fx.config()).discoverProviders(false).clock(fx.clock)
                .provider(blocking, List.of("gemini-2.5-flash")).build()) {
            List<CompletableFuture<LlmResponse>> all = new ArrayList<>(calls);
            for (int i = 0; i < calls; i++) {
                all.add(llm.completeAsync(req("q" + i)));
            }
            if (virtual) {
                assertThat(arrived.await(60, TimeUnit.SECONDS)).as("every call reached the provider at once").isTrue();
            }
            release.countDown();
            for (CompletableFuture<LlmResponse> f : all) {
                assertThat(f.get(60, TimeUnit.SECONDS).success()).isTrue();
            }
        }
        int extraPlatformThreads = mx.getPeakThreadCount() - before;
        if (virtual) {
            // a virtual thread per call: the platform threads are the carriers (about one per CPU)
            assertThat(maxInProvider.get()).as("virtual threads let every call be in flight").isEqualTo(calls);
            assertThat(extraPlatformThreads).isLessThanOrEqualTo(Runtime.getRuntime().availableProcessors() + 8);
        } else {
            assertThat(maxInProvider.get()).isLessThanOrEqualTo(poolBound);
            assertThat(extraPlatformThreads).isLessThanOrEqualTo(poolBound + 8);
        }
    }
}
