package io.q2o.llm.spi;

import io.q2o.llm.LlmConfig;

import java.time.Clock;
import java.util.Optional;

/**
 * Plugs shared state — counters for limits and budgets, rate-limit buckets and a cache tier —
 * into every {@code LlmService} built while it is on the class path, when its configuration asks
 * for it (for example {@code Q2O_LLM_REDIS_URL}). Discovered with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.q2o.llm.spi.SharedStateProvider}); parts set explicitly on
 * {@code LlmService.builder()} win over the provider's.
 */
public interface SharedStateProvider {

    /**
     * @param config the service's configuration
     * @param clock  the service's clock
     * @return the shared parts, or empty if the configuration does not enable this provider
     * @throws io.q2o.llm.ConfigException naming the variable if its configuration is malformed
     */
    Optional<SharedState> create(LlmConfig config, Clock clock);

    /**
     * Shared parts; any may be {@code null} to keep the service's default. The service closes
     * {@code resources} when it closes.
     *
     * @param counters  the counter store (should report {@link UsageCounterStore#durable()} true)
     * @param buckets   the rate-limit bucket factory
     * @param cacheTier the second cache tier
     * @param resources what to close with the service (connections), or {@code null}
     * @param name      a short description for logs, e.g. {@code "redis://127.0.0.1:6379/0"} without credentials
     */
    record SharedState(UsageCounterStore counters, BucketFactory buckets, CacheTier cacheTier,
                       AutoCloseable resources, String name) {
    }
}
