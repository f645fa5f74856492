package io.q2o.llm.redis;

import io.lettuce.core.SetArgs;
import io.q2o.llm.spi.CacheTier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The second cache tier in Redis, shared by every process using the same Redis and key prefix:
 * each answer is one binary string {@code <prefix>cache:<sha-256 key>} written with {@code SET … PX}
 * so Redis expires it when its TTL has passed.
 *
 * <p>Fails open: when Redis is unreachable, slow (past the timeout) or refuses a command, a read is
 * a miss and a write is dropped; nothing is thrown. The outage itself is logged once by the
 * {@link RedisConnector}. Thread-safe.
 */
public final class RedisCacheTier implements CacheTier {
    private static final Logger log = LoggerFactory.getLogger(RedisCacheTier.class);
    private static final Pattern KEY = Pattern.compile("[0-9a-fA-F]{64}");

    private final RedisConnector redis;
    private final String prefix;

    /** @param redis the connection */
    public RedisCacheTier(RedisConnector redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.prefix = redis.settings().prefix() + "cache:";
    }

    /**
     * @param key a cache key
     * @return the Redis key of its entry
     */
    String redisKey(String key) {
        return prefix + key;
    }

    @Override
    public Optional<byte[]> get(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(redis.call(c -> c.get(redisKey(key))));
        } catch (SharedStateUnavailableException e) {
            log.debug("Redis cache read missed: {}", e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            log.warn("Redis cache read failed, treating it as a miss: {}", redis.scrub(e.toString()));
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        if (key == null || !KEY.matcher(key).matches() || value == null || ttl == null || ttl.toMillis() <= 0) {
            return;
        }
        try {
            redis.call(c -> c.set(redisKey(key), value, SetArgs.Builder.px(ttl.toMillis())));
        } catch (SharedStateUnavailableException e) {
            log.debug("Redis cache write dropped: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Redis cache write failed and was dropped: {}", redis.scrub(e.toString()));
        }
    }

    /** Does nothing: the connection is closed with the service's shared resources. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "RedisCacheTier{" + redis.name() + ", prefix=" + prefix + "}";
    }
}
