package io.q2o.llm.internal.call;

import io.q2o.llm.internal.ProviderHandle;

/**
 * One (provider, model) pair the fallback loop may try.
 *
 * @param handle the provider with its breaker, buckets and concurrency limit
 * @param model  the model
 */
public record Candidate(ProviderHandle handle, String model) {
    /** @return the provider name */
    public String provider() {
        return handle.name();
    }
}
