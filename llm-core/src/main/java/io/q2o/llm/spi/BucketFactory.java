package io.q2o.llm.spi;

import io.github.bucket4j.Bucket;

/**
 * Supplies the token buckets behind the per-provider requests-per-minute and tokens-per-minute
 * limits ({@code <PROVIDER>_RPM}, {@code <PROVIDER>_TPM}). The default keeps buckets in memory;
 * a distributed implementation (for example Bucket4j's Redis proxy manager) makes one limit hold
 * across processes. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface BucketFactory {

    /**
     * @param key       a stable name such as {@code "gemini:rpm"}
     * @param perMinute the capacity, refilled greedily over one minute
     * @return the bucket; the same key must give buckets that share their tokens
     */
    Bucket bucket(String key, long perMinute);
}
