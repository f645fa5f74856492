package io.q2o.llm.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * A second cache tier behind the in-memory Caffeine cache: a folder on disk, Redis, … It stores
 * opaque serialized answers under the service's SHA-256 cache keys. On an in-memory miss the
 * service asks this tier before calling a provider, and it stores every successful complete
 * answer here too.
 *
 * <p>Implementations must be thread-safe and must fail open: a corrupt, foreign or unreadable
 * entry, or an unreachable backend, is a miss (log it), never an exception to the caller, and a
 * failed write is logged and dropped. Calls must be bounded in time.
 */
public interface CacheTier extends AutoCloseable {

    /**
     * @param key a 64-character hex cache key
     * @return the stored bytes, or empty on a miss, an expired entry or any failure
     */
    Optional<byte[]> get(String key);

    /**
     * @param key   a 64-character hex cache key
     * @param value the serialized answer
     * @param ttl   how long the entry may be served
     */
    void put(String key, byte[] value, Duration ttl);

    /** Releases resources. The default does nothing. */
    @Override
    default void close() {
    }
}
