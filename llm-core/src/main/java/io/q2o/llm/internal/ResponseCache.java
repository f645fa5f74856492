package io.q2o.llm.internal;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.spi.CacheTier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The response cache: Caffeine, bounded by bytes, entries expire a fixed time after they were
 * written (time from the service's clock). Concurrent identical misses share one load, run on
 * the first caller's thread. Only successful, complete answers stay in the cache. Keys are
 * compared in full in memory; only a second tier sees their SHA-256 digest.
 */
public final class ResponseCache {

    /** Marks a load whose result must not be kept; a CancellationException so Caffeine drops it quietly. */
    private static final class NotCacheable extends CancellationException {
        private static final long serialVersionUID = 1L;
        final transient LlmResponse response;

        NotCacheable(LlmResponse response) {
            super("not cacheable");
            this.response = response;
        }
    }

    /** The result of a lookup: the response and whether this caller performed the load. */
    public record Lookup(LlmResponse response, boolean loaded) {
    }

    private static final Logger log = LoggerFactory.getLogger("io.q2o.llm.LlmService");

    private final AsyncCache<CacheKey, LlmResponse> cache;
    private final ConcurrentMap<CacheKey, CompletableFuture<LlmResponse>> map;
    private final CacheTier tier;
    private final Duration ttl;
    private final AnswerCodec codec = new AnswerCodec();

    /**
     * @param maxBytes the approximate bound of cached content in bytes
     * @param ttl      time to live after write
     * @param clock    the time source for expiry
     */
    public ResponseCache(long maxBytes, Duration ttl, Clock clock) {
        this(maxBytes, ttl, clock, null);
    }

    /**
     * @param maxBytes the approximate bound of in-memory content in bytes
     * @param ttl      time to live after write, in both tiers
     * @param clock    the time source for expiry
     * @param tier     the second tier, or {@code null} for memory only
     */
    public ResponseCache(long maxBytes, Duration ttl, Clock clock, CacheTier tier) {
        this.tier = tier;
        this.ttl = ttl;
        Ticker ticker = () -> Math.multiplyExact(clock.millis(), 1_000_000L);
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((CacheKey k, LlmResponse v) -> weigh(k, v))
                .expireAfterWrite(ttl)
                .ticker(ticker)
                .executor(Runnable::run)
                .buildAsync();
        this.map = cache.asMap();
    }

    private static int weigh(CacheKey key, LlmResponse v) {
        long bytes = 256L + 2L * key.textLength() + 2L * v.content().length()
                + 2L * v.model().length();
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    /**
     * Returns the cached answer, or loads it on the calling thread once for all concurrent callers
     * of the same key (they wait for this caller's load). Only successful, complete answers are kept.
     *
     * @param key    the cache key
     * @param loader makes the upstream call on the calling thread; it returns failures as responses
     * @return the lookup result
     */
    public Lookup getOrLoad(CacheKey key, Supplier<LlmResponse> loader) {
        CompletableFuture<LlmResponse> existing = map.get(key);
        if (existing == null) {
            CompletableFuture<LlmResponse> mine = new CompletableFuture<>();
            existing = map.putIfAbsent(key, mine);
            if (existing == null) {
                return load(key, mine, loader);
            }
        }
        return await(existing);
    }

    private Lookup load(CacheKey key, CompletableFuture<LlmResponse> slot, Supplier<LlmResponse> loader) {
        String digest = tier == null ? null : key.digest();
        Optional<LlmResponse> stored = fromTier(digest);
        if (stored.isPresent()) {
            slot.complete(stored.get());
            return new Lookup(stored.get(), false);
        }
        LlmResponse r;
        try {
            r = loader.get();
        } catch (RuntimeException | Error e) {
            slot.completeExceptionally(e);
            throw e;
        }
        if (cacheable(r)) {
            toTier(digest, r);
            slot.complete(r);
        } else {
            // Caffeine drops a future that fails with a CancellationException without logging it
            slot.completeExceptionally(new NotCacheable(r));
        }
        return new Lookup(r, true);
    }

    private static Lookup await(CompletableFuture<LlmResponse> f) {
        try {
            return new Lookup(f.join(), false);
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof NotCacheable nc) {
                return new Lookup(nc.response, false);
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    /**
     * @param key the cache key
     * @return the cached (or in-flight, then awaited) answer, or {@code null}
     */
    public Lookup getIfPresent(CacheKey key) {
        CompletableFuture<LlmResponse> f = map.get(key);
        if (f == null) {
            Optional<LlmResponse> stored = tier == null ? Optional.empty() : fromTier(key.digest());
            if (stored.isEmpty()) {
                return null;
            }
            cache.put(key, CompletableFuture.completedFuture(stored.get()));
            return new Lookup(stored.get(), false);
        }
        return await(f);
    }

    /**
     * Stores a successful complete answer (used by streams, which load outside {@link #getOrLoad}).
     *
     * @param key      the key
     * @param response the answer
     */
    public void put(CacheKey key, LlmResponse response) {
        if (cacheable(response)) {
            cache.put(key, CompletableFuture.completedFuture(response));
            toTier(tier == null ? null : key.digest(), response);
        }
    }

    private static boolean cacheable(LlmResponse r) {
        return r.success() && !r.partial() && !r.simulated();
    }

    private Optional<LlmResponse> fromTier(String key) {
        if (tier == null || key == null) {
            return Optional.empty();
        }
        try {
            Optional<byte[]> bytes = tier.get(key);
            if (bytes.isEmpty()) {
                return Optional.empty();
            }
            Optional<LlmResponse> r = codec.decode(key, bytes.get());
            if (r.isEmpty()) {
                log.warn("Ignoring a corrupt or foreign entry for cache key {} in {}", key, tier);
            }
            return r;
        } catch (RuntimeException e) {
            log.warn("Cache tier {} failed on read, treating it as a miss: {}", tier, e.toString());
            return Optional.empty();
        }
    }

    private void toTier(String key, LlmResponse r) {
        if (tier == null || key == null || r.cacheHit()) {
            return;
        }
        try {
            tier.put(key, codec.encode(key, r), ttl);
        } catch (RuntimeException e) {
            log.warn("Cache tier {} failed on write: {}", tier, e.toString());
        }
    }

    /** Closes the second tier, if any. */
    public void close() {
        if (tier != null) {
            try {
                tier.close();
            } catch (Exception e) {
                log.warn("Closing cache tier {} failed: {}", tier, e.toString());
            }
        }
    }

    /** @return the current total weight of the entries, an estimate of their size in bytes */
    public long weightedBytes() {
        return cache.synchronous().policy().eviction().orElseThrow().weightedSize().orElse(0L);
    }

    /** @return the number of entries (approximate) */
    public long size() {
        return cache.synchronous().estimatedSize();
    }

    /** Removes every entry. */
    public void clear() {
        cache.synchronous().invalidateAll();
    }
}
