package io.q2o.llm.internal.call;

import io.q2o.llm.CachePolicy;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmUsage;
import io.q2o.llm.internal.ResponseCache;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The response cache. A hit answers at once with cost 0 (a stream gets the cached text as one
 * chunk). Identical concurrent misses of non-streaming calls share one upstream call, run on the
 * first caller's thread. Streams look up but load outside the coalescing (their chunks belong to
 * one listener) and store only an answer that completed normally. {@link CachePolicy#BYPASS}
 * skips the cache; {@link CachePolicy#NO_STORE} looks up without storing.
 */
final class CacheStep implements CallStep {
    private final ResponseCache cache;
    private final Clock clock;

    /** @param cache the cache, or {@code null} when caching is off */
    CacheStep(ResponseCache cache, Clock clock) {
        this.cache = cache;
        this.clock = clock;
    }

    @Override
    public LlmResponse handle(Call call, Next next) {
        CachePolicy policy = call.request().cachePolicy();
        if (cache == null || policy == CachePolicy.BYPASS || call.plan().cacheKey() == null) {
            return next.proceed(call);
        }
        if (policy == CachePolicy.USE && !call.streaming()) {
            ResponseCache.Lookup l = cache.getOrLoad(call.plan().cacheKey(), () -> next.proceed(call));
            return l.loaded() ? l.response() : asHit(l.response(), call);
        }
        ResponseCache.Lookup present = cache.getIfPresent(call.plan().cacheKey());
        if (present != null && present.response().success()) {
            return asHit(present.response(), call);
        }
        LlmResponse r = next.proceed(call);
        if (policy == CachePolicy.USE) {
            cache.put(call.plan().cacheKey(), r);
        }
        return r;
    }

    private LlmResponse asHit(LlmResponse r, Call call) {
        if (!r.success()) {
            return r;
        }
        if (call.streaming() && !r.content().isEmpty()) {
            call.streamListener().onText(r.content());
        }
        Instant now = clock.instant();
        LlmUsage u = r.usage();
        LlmUsage hit = new LlmUsage(u.provider(), u.model(), u.tokens(), Optional.of(BigDecimal.ZERO),
                Optional.of(BigDecimal.ZERO), now, Duration.between(call.start(), now), true, u.estimated());
        return r.asCacheHit(hit);
    }
}
