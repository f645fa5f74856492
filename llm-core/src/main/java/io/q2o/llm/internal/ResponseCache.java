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
import java.util.function.Supplier;

/**
 * The response cache: Caffeine, bounded by bytes, entries expire a fixed time after they were
 * written (time from the service's clock). Concurrent identical misses share one load. Only
 * successful, complete answers stay in the cache.
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

    private final AsyncCache<String, LlmResponse> cache;
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
                .weigher((String k, LlmResponse v) -> weigh(k, v))
                .expireAfterWrite(ttl)
                .ticker(ticker)
                .executor(Runnable::run)
                .buildAsync();
    }

    private static int weigh(String key, LlmResponse v) {
        long bytes = 256L + key.length() + 2L * v.content().length() + 2L * v.model().length();
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    /**
     * Returns the cached answer or loads it once for all concurrent callers of the same key.
     *
     * @param key    the cache key
     * @param loader makes the upstream call; its future must not complete exceptionally
     * @return the lookup result
     */
    public CompletableFuture<Lookup> getOrLoad(String key, Supplier<CompletableFuture<LlmResponse>> loader) {
        boolean[] loaded = {false};
        CompletableFuture<LlmResponse> f = cache.get(key, (k, executor) -> {
            Optional<LlmResponse> stored = fromTier(k);
            if (stored.isPresent()) {
                return CompletableFuture.completedFuture(stored.get());
            }
            loaded[0] = true;
            // completed by hand so that Caffeine sees the bare NotCacheable (a CancellationException,
            // which it drops without logging) rather than a CompletionException wrapping it
            CompletableFuture<LlmResponse> out = new CompletableFuture<>();
            loader.get().whenComplete((r, e) -> {
                if (e != null) {
                    out.completeExceptionally(e);
                } else if (!r.success() || r.partial() || r.simulated()) {
                    out.completeExceptionally(new NotCacheable(r));
                } else {
                    toTier(k, r);
                    out.complete(r);
                }
            });
            return out;
        });
        boolean mine = loaded[0];
        return f.handle((r, e) -> {
            if (e == null) {
                return new Lookup(r, mine);
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof NotCacheable nc) {
                return new Lookup(nc.response, mine);
            }
            throw new CompletionException(cause);
        });
    }

    /**
     * @param key the cache key
     * @return the cached (or in-flight) answer, or {@code null}
     */
    public CompletableFuture<Lookup> getIfPresent(String key) {
        CompletableFuture<LlmResponse> f = cache.getIfPresent(key);
        if (f == null) {
            Optional<LlmResponse> stored = fromTier(key);
            if (stored.isEmpty()) {
                return null;
            }
            f = CompletableFuture.completedFuture(stored.get());
            cache.put(key, f);
        }
        return f.handle((r, e) -> {
            if (e == null) {
                return new Lookup(r, false);
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof NotCacheable nc) {
                return new Lookup(nc.response, false);
            }
            throw new CompletionException(cause);
        });
    }

    /**
     * Stores a successful complete answer (used by streams, which load outside {@link #getOrLoad}).
     *
     * @param key      the key
     * @param response the answer
     */
    public void put(String key, LlmResponse response) {
        if (response.success() && !response.partial() && !response.simulated()) {
            cache.put(key, CompletableFuture.completedFuture(response));
            toTier(key, response);
        }
    }

    private Optional<LlmResponse> fromTier(String key) {
        if (tier == null) {
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
        if (tier == null || r.cacheHit()) {
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
