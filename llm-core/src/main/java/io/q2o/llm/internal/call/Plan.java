package io.q2o.llm.internal.call;

import io.q2o.llm.internal.CacheKey;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What {@link PlanStep} resolved for one call: every value later steps need, computed once.
 *
 * @param chain          the provider names in fallback order (the first may be forced by the request)
 * @param candidates     the (provider, model) pairs to try, in order; empty if no provider is usable
 * @param keyTemperature the temperature of the first provider, part of the cache key
 * @param maxTokens      the output token limit requested (a budget may lower it for one call)
 * @param timeout        the overall deadline's length
 * @param deadline       when the call must end
 * @param cacheKey       the in-memory cache key, or {@code null} when the cache is off
 */
public record Plan(List<String> chain, List<Candidate> candidates, double keyTemperature, int maxTokens,
                   Duration timeout, Instant deadline, CacheKey cacheKey) {
}
