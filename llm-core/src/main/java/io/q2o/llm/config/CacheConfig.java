package io.q2o.llm.config;

import io.q2o.llm.internal.config.Settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The response cache. Immutable.
 *
 * @param enabled     {@code Q2O_LLM_CACHE_ENABLED}, default {@code true}
 * @param ttl         {@code Q2O_LLM_CACHE_TTL} (days), 0 – 36,500 days, default 90 days
 * @param maxBytes    {@code Q2O_LLM_CACHE_MAX_BYTES}: in-memory bound, 0 – 1 TiB, default 64 MiB
 * @param dir         {@code Q2O_LLM_CACHE_DIR}: the disk tier's folder, default {@code .llm_cache};
 *                    empty when the cache is off, {@code Q2O_LLM_CACHE_PERSIST=false}, or the
 *                    configuration is isolated without an explicit folder
 * @param dirMaxBytes {@code Q2O_LLM_CACHE_DIR_MAX_BYTES}: bound of the folder, 1 B – 1 TiB, default 256 MiB
 */
public record CacheConfig(boolean enabled, Duration ttl, long maxBytes, Optional<Path> dir, long dirMaxBytes) {
    /** Validates the bounds. */
    public CacheConfig {
        Settings.CACHE_TTL.check(Objects.requireNonNull(ttl, "ttl"));
        Settings.CACHE_MAX_BYTES.check(maxBytes);
        Objects.requireNonNull(dir, "dir");
        Settings.CACHE_DIR_MAX_BYTES.check(dirMaxBytes);
    }
}
