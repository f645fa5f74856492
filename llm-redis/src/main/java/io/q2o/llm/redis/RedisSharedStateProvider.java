package io.q2o.llm.redis;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.spi.SharedStateProvider;

import java.time.Clock;
import java.util.Optional;

/**
 * Plugs Redis into every {@code LlmService} when {@code Q2O_LLM_REDIS_URL} is set: the counters
 * behind the daily call limit and the budgets ({@link RedisCounterStore}), the RPM/TPM buckets
 * ({@link RedisBucketFactory}) and — unless {@code Q2O_LLM_REDIS_CACHE=false} — the second cache
 * tier ({@link RedisCacheTier}). Found with {@link java.util.ServiceLoader}; see
 * {@link RedisSettings} for the variables. The service closes the connection when it closes.
 */
public final class RedisSharedStateProvider implements SharedStateProvider {

    /** For ServiceLoader. */
    public RedisSharedStateProvider() {
    }

    @Override
    public Optional<SharedState> create(LlmConfig config, Clock clock) {
        Optional<RedisSettings> settings = RedisSettings.fromConfig(config);
        if (settings.isEmpty()) {
            return Optional.empty();
        }
        RedisConnector redis = RedisConnector.connect(settings.get());
        RedisCounterStore counters = new RedisCounterStore(redis, clock);
        RedisBucketFactory buckets = new RedisBucketFactory(redis, clock);
        RedisCacheTier cache = settings.get().cache() ? new RedisCacheTier(redis) : null;
        AutoCloseable resources = () -> {
            try {
                counters.close();
            } finally {
                redis.close();
            }
        };
        return Optional.of(new SharedState(counters, buckets, cache, resources, settings.get().name()));
    }
}
