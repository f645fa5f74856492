package io.q2o.llm;

import io.q2o.llm.internal.CacheKey;
import io.q2o.llm.internal.CacheKeys;
import io.q2o.llm.internal.ResponseCache;
import io.q2o.llm.testkit.TestClock;
import io.q2o.llm.spi.InvalidRequestException;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static io.q2o.llm.Fixture.req;
import static org.assertj.core.api.Assertions.assertThat;

class CacheTest {

    private static LlmRequest request(String sys, String user, String format, List<String> stops) {
        return LlmRequest.builder().systemPrompt(sys).userPrompt(user).responseFormat(ResponseFormat.valueOf(format))
                .stopSequences(stops).build();
    }

    /** The digest a second tier sees; the in-memory key must agree with it on equality. */
    private static String key(List<String> chain, String model, List<String> models, String sys, String user,
                              double temp, int max, String format, List<String> stops) {
        CacheKey k = new CacheKey(chain, model, models, request(sys, user, format, stops), temp, max);
        CacheKey same = new CacheKey(List.copyOf(chain), model, List.copyOf(models),
                request(new String(sys), new String(user), format, List.copyOf(stops)), temp, max);
        assertThat(same).isEqualTo(k).hasSameHashCodeAs(k);
        assertThat(CacheKeys.digest(same)).isEqualTo(k.digest());
        return k.digest();
    }

    @Test
    void keysWhoseHashesCollideAreStillDifferentEntries() {
        // "Aa" and "BB" have the same String hash code, so these keys collide in any hash table
        List<String> chain = List.of("gemini");
        CacheKey a = new CacheKey(chain, null, List.of("gemini/m"), request("sys", "Aa".repeat(64), "TEXT", List.of()), 0.3, 100);
        CacheKey b = new CacheKey(chain, null, List.of("gemini/m"), request("sys", "BB".repeat(64), "TEXT", List.of()), 0.3, 100);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a).isNotEqualTo(b);
        assertThat(a.digest()).isNotEqualTo(b.digest());
        ResponseCache cache = new ResponseCache(1_000_000, Duration.ofDays(1), TestClock.standard());
        cache.put(a, io.q2o.llm.internal.ResponseCacheTest.answer("for Aa"));
        assertThat(cache.getIfPresent(b)).as("a colliding hash is not a hit").isNull();
        assertThat(cache.getIfPresent(a).response().content()).isEqualTo("for Aa");
    }

    @Test
    void equalRequestsHaveEqualKeysAndEveryOutputChangingFieldChangesIt() {
        List<String> chain = List.of("gemini", "openai");
        List<String> models = List.of("gemini/gemini-2.5-pro", "openai/gpt-4o");
        String base = key(chain, null, models, "sys", "user", 0.3, 100, "TEXT", List.of("END"));

        assertThat(key(List.of("gemini", "openai"), null, List.of("gemini/gemini-2.5-pro", "openai/gpt-4o"),
                "sys", "user", 0.30, 100, "TEXT", List.of("END"))).isEqualTo(base).hasSize(64);
        List<String> variants = List.of(
                key(List.of("openai", "gemini"), null, models, "sys", "user", 0.3, 100, "TEXT", List.of("END")),
                key(chain, "gpt-4o", models, "sys", "user", 0.3, 100, "TEXT", List.of("END")),
                key(chain, null, List.of("gemini/gemini-2.5-flash", "openai/gpt-4o"), "sys", "user", 0.3, 100, "TEXT", List.of("END")),
                key(chain, null, models, "sys2", "user", 0.3, 100, "TEXT", List.of("END")),
                key(chain, null, models, "sys", "user2", 0.3, 100, "TEXT", List.of("END")),
                key(chain, null, models, "sys", "user", 0.31, 100, "TEXT", List.of("END")),
                key(chain, null, models, "sys", "user", 0.3, 101, "TEXT", List.of("END")),
                key(chain, null, models, "sys", "user", 0.3, 100, "JSON", List.of("END")),
                key(chain, null, models, "sys", "user", 0.3, 100, "TEXT", List.of("STOP")),
                key(chain, null, models, "sys", "user", 0.3, 100, "TEXT", List.of()),
                // field boundaries cannot be confused
                key(chain, null, models, "sysu", "ser", 0.3, 100, "TEXT", List.of("END")));
        assertThat(variants).doesNotContain(base).doesNotHaveDuplicates();
    }

    @Test
    void aHitCostsNothingAndIsCounted() {
        Fixture fx = new Fixture().set("Q2O_LLM_CACHE_ENABLED", "true");
        ScriptedProvider gemini = fx.provider("gemini", "gpt-4o-mini");
        gemini.alwaysAnswer("cached answer", TokenCounts.of(100, 100));
        try (LlmService llm = fx.build()) {
            LlmResponse miss = llm.complete(req("q"));
            LlmResponse hit = llm.complete(req("q"));

            assertThat(miss.cacheHit()).isFalse();
            assertThat(hit.cacheHit()).isTrue();
            assertThat(hit.content()).isEqualTo("cached answer");
            assertThat(hit.usage().totalCost()).contains(java.math.BigDecimal.ZERO);
            assertThat(hit.usage().cacheHit()).isTrue();
            UsageStats s = llm.usageStats();
            assertThat(s.cacheHits()).isEqualTo(1);
            assertThat(s.cacheHitRate()).isEqualTo(0.5);
            assertThat(s.totalCost()).isEqualByComparingTo(miss.usage().totalCost().orElseThrow());
        }
        assertThat(gemini.calls()).isEqualTo(1);
    }

    @Test
    void differentTemperaturesAreDifferentEntries() {
        Fixture fx = new Fixture().set("Q2O_LLM_CACHE_ENABLED", "true");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        gemini.alwaysAnswer("x", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            llm.complete(LlmRequest.builder().userPrompt("q").temperature(0.1).build());
            llm.complete(LlmRequest.builder().userPrompt("q").temperature(0.9).build());
            llm.complete(LlmRequest.builder().userPrompt("q").model("gemini-2.5-pro").build());
        }
        assertThat(gemini.calls()).isEqualTo(3);
    }

    /** A provider whose answers are released by the test, to hold calls in flight. */
    private static final class GatedProvider implements LlmProvider {
        final AtomicInteger calls = new AtomicInteger();
        final CompletableFuture<ProviderResponse> gate = new CompletableFuture<>();

        @Override
        public String name() {
            return "gemini";
        }

        @Override
        public ProviderResponse complete(ProviderRequest request) {
            calls.incrementAndGet();
            return gate.join();
        }

        @Override
        public CompletableFuture<ProviderResponse> completeAsync(ProviderRequest request, Executor executor) {
            calls.incrementAndGet();
            return gate.thenApply(Function.identity());
        }
    }

    @Test
    void fiftyConcurrentIdenticalMissesMakeOneProviderCall() throws Exception {
        Fixture fx = new Fixture().set("Q2O_LLM_CACHE_ENABLED", "true");
        GatedProvider gated = new GatedProvider();
        LlmService.Builder b = LlmService.builder().config(fx.config()).discoverProviders(false)
                .clock(fx.clock).scheduler(d -> new CompletableFuture<>())
                .provider(gated, List.of("gemini-2.5-flash"));
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try (LlmService llm = b.build()) {
            CyclicBarrier barrier = new CyclicBarrier(50);
            List<CompletableFuture<LlmResponse>> pending = new CopyOnWriteArrayList<>();
            List<Future<?>> submitted = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                submitted.add(pool.submit(() -> {
                    barrier.await();
                    pending.add(llm.completeAsync(req("the same question")));
                    return null;
                }));
            }
            for (Future<?> f : submitted) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertThat(pending).hasSize(50).noneMatch(CompletableFuture::isDone);
            gated.gate.complete(new ProviderResponse("shared", "gemini-2.5-flash", FinishReason.STOP, TokenCounts.of(5, 5)));
            List<LlmResponse> all = new ArrayList<>();
            for (CompletableFuture<LlmResponse> f : pending) {
                all.add(f.get(10, TimeUnit.SECONDS));
            }
            assertThat(gated.calls.get()).isEqualTo(1);
            assertThat(all).allMatch(r -> r.success() && r.content().equals("shared"));
            assertThat(all.stream().filter(r -> !r.cacheHit()).count()).isEqualTo(1);
            assertThat(llm.usageStats().cacheHits()).isEqualTo(49);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void failuresAreNotCached() {
        Fixture fx = new Fixture().set("Q2O_LLM_CACHE_ENABLED", "true").set("Q2O_LLM_FALLBACK", "none");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        gemini.fail("gemini-2.5-flash", new InvalidRequestException("gemini", 400, "nope", null));
        gemini.alwaysAnswer("fine now", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            assertThat(llm.complete(req("q")).success()).isFalse();
            LlmResponse second = llm.complete(req("q"));
            assertThat(second.success()).isTrue();
            assertThat(second.cacheHit()).isFalse();
        }
        assertThat(gemini.calls()).isEqualTo(2);
    }

    @Test
    void bypassNeitherReadsNorWritesAndNoStoreReadsOnly() {
        Fixture fx = new Fixture().set("Q2O_LLM_CACHE_ENABLED", "true");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        gemini.alwaysAnswer("x", TokenCounts.of(1, 1));
        LlmRequest bypass = req("q").toBuilder().cachePolicy(CachePolicy.BYPASS).build();
        LlmRequest noStore = req("q").toBuilder().cachePolicy(CachePolicy.NO_STORE).build();
        try (LlmService llm = fx.build()) {
            llm.complete(bypass);
            llm.complete(noStore);
            assertThat(gemini.calls()).as("neither call stored").isEqualTo(2);
            llm.complete(req("q"));
            assertThat(llm.complete(noStore).cacheHit()).as("no-store still reads").isTrue();
            assertThat(llm.complete(bypass).cacheHit()).isFalse();
        }
        assertThat(gemini.calls()).isEqualTo(4);
    }

    @Test
    void entriesExpireAfterTheTtlByTheInjectedClock() {
        Fixture fx = new Fixture().set("Q2O_LLM_CACHE_ENABLED", "true").set("Q2O_LLM_CACHE_TTL", "90");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        gemini.alwaysAnswer("x", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            llm.complete(req("q"));
            fx.clock.advance(Duration.ofDays(89));
            assertThat(llm.complete(req("q")).cacheHit()).isTrue();
            fx.clock.advance(Duration.ofDays(2));
            assertThat(llm.complete(req("q")).cacheHit()).isFalse();
        }
        assertThat(gemini.calls()).isEqualTo(2);
    }
}
