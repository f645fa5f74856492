package io.q2o.llm.internal;

import io.q2o.llm.FinishReason;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmUsage;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.testkit.TestClock;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

public class ResponseCacheTest {

    private static CacheKey key(String user) {
        return new CacheKey(List.of("gemini"), null, List.of("gemini/m"), io.q2o.llm.LlmRequest.of("", user), 0.0, 1);
    }

    /**
     * @param content the text
     * @return a successful answer with that text
     */
    public static LlmResponse answer(String content) {
        LlmUsage u = new LlmUsage("gemini", "m", TokenCounts.of(1, 1), Optional.of(BigDecimal.ONE),
                Optional.of(BigDecimal.ONE), Instant.EPOCH, Duration.ZERO, false, false);
        return LlmResponse.success(content, u, FinishReason.STOP, List.of(), false, false);
    }

    @Test
    void theCacheStaysWithinItsByteBound() {
        ResponseCache cache = new ResponseCache(20_000, Duration.ofDays(1), TestClock.standard());
        String kb = "x".repeat(1_000);
        for (int i = 0; i < 50; i++) {
            cache.put(key("key-" + i), answer(kb + i));
        }
        assertThat(cache.weightedBytes()).isLessThanOrEqualTo(20_000);
        assertThat(cache.size()).isBetween(1L, 10L);
    }

    @Test
    void unsuccessfulLoadsAreReturnedButNotKept() {
        ResponseCache cache = new ResponseCache(1_000_000, Duration.ofDays(1), TestClock.standard());
        LlmResponse failed = LlmResponse.failure(new io.q2o.llm.LlmError(io.q2o.llm.ErrorKind.SERVER_ERROR, "", "x", "g"),
                List.of());
        ResponseCache.Lookup l = cache.getOrLoad(key("k"), () -> failed);
        assertThat(l.loaded()).isTrue();
        assertThat(l.response()).isSameAs(failed);
        assertThat(cache.getIfPresent(key("k"))).isNull();
        assertThat(cache.size()).isZero();
    }
}
