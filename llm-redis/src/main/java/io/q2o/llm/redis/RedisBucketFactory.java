package io.q2o.llm.redis;

import io.github.bucket4j.BlockingBucket;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketListener;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.SchedulingBucket;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.VerboseBucket;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.q2o.llm.spi.BucketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Rate-limit buckets shared through Redis with Bucket4j's Lettuce proxy manager (compare-and-swap
 * in a Lua script), so {@code <PROVIDER>_RPM} and {@code <PROVIDER>_TPM} hold across every process
 * using the same Redis and key prefix. A bucket is {@code <prefix>bucket:<name>:<perMinute>}: processes
 * configured with different limits keep separate buckets. Refill time comes from the service clock
 * (Bucket4j's client-side clock), so a test clock drives it; Redis drops a bucket once it would be
 * full again (plus ten minutes), when it no longer carries information.
 *
 * <p><b>When Redis is unreachable, rate limits fail open to per-process buckets</b>: each bucket
 * falls back to a local bucket with the same limit, so one process still keeps to the limit, but N
 * processes together may reach N times it until Redis answers again. Rate limits protect against
 * the provider's own 429 answers (which the pipeline retries or falls back on); money is
 * protected by the budgets, which fail closed. Thread-safe.
 */
public final class RedisBucketFactory implements BucketFactory {
    private static final Logger log = LoggerFactory.getLogger(RedisBucketFactory.class);
    static final Duration KEEP_AFTER_REFILL = Duration.ofMinutes(10);

    private final RedisConnector redis;
    private final String prefix;
    private final TimeMeter meter;
    private final Map<String, FailoverBucket> buckets = new ConcurrentHashMap<>();
    private volatile ProxyManager<String> proxy;

    /**
     * @param redis the connection
     * @param clock the service clock, for refills
     */
    public RedisBucketFactory(RedisConnector redis, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.prefix = redis.settings().prefix() + "bucket:";
        Objects.requireNonNull(clock, "clock");
        this.meter = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return Math.multiplyExact(clock.millis(), 1_000_000L);
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    @Override
    public Bucket bucket(String key, long perMinute) {
        if (perMinute <= 0) {
            throw new IllegalArgumentException("perMinute must be > 0, got " + perMinute);
        }
        String redisKey = prefix + key + ":" + perMinute;
        return buckets.computeIfAbsent(redisKey, k -> new FailoverBucket(k, configuration(perMinute)));
    }

    private static BucketConfiguration configuration(long perMinute) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build();
    }

    private ProxyManager<String> proxy() {
        ProxyManager<String> p = proxy;
        if (p != null) {
            return p;
        }
        synchronized (this) {
            if (proxy == null) {
                proxy = Bucket4jLettuce.casBasedBuilder(redis.connection())
                        .clientClock(meter)
                        .requestTimeout(redis.settings().timeout())
                        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_REFILL))
                        .build();
            }
            return proxy;
        }
    }

    @Override
    public String toString() {
        return "RedisBucketFactory{" + redis.name() + ", prefix=" + prefix + "}";
    }

    /** A Redis bucket that falls back to a local bucket with the same limit while Redis is unreachable. */
    private final class FailoverBucket implements Bucket {
        private final String key;
        private final BucketConfiguration configuration;
        private final Bucket local;
        private volatile Bucket remote;

        FailoverBucket(String key, BucketConfiguration configuration) {
            this.key = key;
            this.configuration = configuration;
            this.local = Bucket.builder().addLimit(configuration.getBandwidths()[0]).withCustomTimePrecision(meter).build();
        }

        private Bucket remote() {
            Bucket r = remote;
            if (r == null) {
                r = proxy().builder().build(key, () -> configuration);
                remote = r;
            }
            return r;
        }

        private <T> T run(Function<Bucket, T> op) {
            if (!redis.isDown()) {
                try {
                    return op.apply(remote());
                } catch (RuntimeException e) {
                    SharedStateUnavailableException s = redis.failed(e);
                    log.debug("Rate-limit bucket {} uses its local fallback: {}", key, s.getMessage());
                }
            }
            return op.apply(local);
        }

        @Override
        public boolean tryConsume(long numTokens) {
            return run(b -> b.tryConsume(numTokens));
        }

        @Override
        public long consumeIgnoringRateLimits(long tokens) {
            return run(b -> b.consumeIgnoringRateLimits(tokens));
        }

        @Override
        public ConsumptionProbe tryConsumeAndReturnRemaining(long numTokens) {
            return run(b -> b.tryConsumeAndReturnRemaining(numTokens));
        }

        @Override
        public EstimationProbe estimateAbilityToConsume(long numTokens) {
            return run(b -> b.estimateAbilityToConsume(numTokens));
        }

        @Override
        public long tryConsumeAsMuchAsPossible() {
            return run(Bucket::tryConsumeAsMuchAsPossible);
        }

        @Override
        public long tryConsumeAsMuchAsPossible(long limit) {
            return run(b -> b.tryConsumeAsMuchAsPossible(limit));
        }

        @Override
        public void addTokens(long tokensToAdd) {
            run(b -> {
                b.addTokens(tokensToAdd);
                return null;
            });
        }

        @Override
        public void forceAddTokens(long tokensToAdd) {
            run(b -> {
                b.forceAddTokens(tokensToAdd);
                return null;
            });
        }

        @Override
        public void reset() {
            run(b -> {
                b.reset();
                return null;
            });
        }

        @Override
        public long getAvailableTokens() {
            return run(Bucket::getAvailableTokens);
        }

        /** Not failed over: goes to Redis. */
        @Override
        public void replaceConfiguration(BucketConfiguration newConfiguration, TokensInheritanceStrategy strategy) {
            remote().replaceConfiguration(newConfiguration, strategy);
        }

        /** Not failed over: the Redis bucket's blocking view. */
        @Override
        public BlockingBucket asBlocking() {
            return remote().asBlocking();
        }

        /** Not failed over: the Redis bucket's scheduling view. */
        @Override
        public SchedulingBucket asScheduler() {
            return remote().asScheduler();
        }

        /** Not failed over: the Redis bucket's verbose view. */
        @Override
        public VerboseBucket asVerbose() {
            return remote().asVerbose();
        }

        /** Not failed over: the Redis bucket with a listener. */
        @Override
        public Bucket toListenable(BucketListener listener) {
            return remote().toListenable(listener);
        }

        @Override
        public String toString() {
            return "RedisBucket{" + key + "}";
        }
    }
}
