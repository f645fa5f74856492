package io.q2o.llm.internal;

import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmUsage;
import io.q2o.llm.RequestTags;
import io.q2o.llm.UsageStats;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Usage statistics since start. Lock-free: counters are {@link LongAdder}s and costs are
 * accumulated with compare-and-set, so recording never takes a global lock.
 */
public final class StatsRecorder {

    private static final class Counters {
        final LongAdder calls = new LongAdder();
        final LongAdder successful = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder cacheHits = new LongAdder();
        final LongAdder inputTokens = new LongAdder();
        final LongAdder outputTokens = new LongAdder();
        final AtomicReference<BigDecimal> cost = new AtomicReference<>(BigDecimal.ZERO);

        void record(LlmResponse r) {
            calls.increment();
            if (r.success()) {
                successful.increment();
            } else {
                failed.increment();
            }
            if (r.cacheHit()) {
                cacheHits.increment();
            }
            LlmUsage u = r.usage();
            if (u != null && !r.cacheHit()) {
                inputTokens.add(u.inputTokens());
                outputTokens.add(u.outputTokens());
                u.totalCost().ifPresent(c -> {
                    if (c.signum() != 0) {
                        cost.accumulateAndGet(c, BigDecimal::add);
                    }
                });
            }
        }

        UsageStats.Breakdown snapshot() {
            return new UsageStats.Breakdown(calls.sum(), successful.sum(), failed.sum(), cacheHits.sum(),
                    inputTokens.sum(), outputTokens.sum(), cost.get());
        }
    }

    private final Counters total = new Counters();
    private final LongAdder simulated = new LongAdder();
    private final LongAdder unknownCost = new LongAdder();
    private final ConcurrentHashMap<String, Counters> byProvider = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counters> byModel = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counters> byAgent = new ConcurrentHashMap<>();

    /**
     * Records one finished call.
     *
     * @param response the response returned to the caller
     * @param tags     the request's tags
     */
    public void record(LlmResponse response, RequestTags tags) {
        if (response.simulated()) {
            simulated.increment();
            return;
        }
        total.record(response);
        if (response.success() && !response.cacheHit() && response.usage() != null && !response.usage().costKnown()) {
            unknownCost.increment();
        }
        String provider = response.provider().isEmpty() ? "-" : response.provider();
        String model = response.model().isEmpty() ? "-" : response.model();
        String agent = tags.agentId() == null ? "-" : tags.agentId();
        byProvider.computeIfAbsent(provider, k -> new Counters()).record(response);
        byModel.computeIfAbsent(model, k -> new Counters()).record(response);
        byAgent.computeIfAbsent(agent, k -> new Counters()).record(response);
    }

    /**
     * @param dailyCalls  today's counted calls
     * @param dailyCost   today's cost
     * @param monthlyCost this month's cost
     * @return a snapshot
     */
    public UsageStats snapshot(long dailyCalls, BigDecimal dailyCost, BigDecimal monthlyCost) {
        UsageStats.Breakdown t = total.snapshot();
        return new UsageStats(t.calls(), t.successful(), t.failed(), t.cacheHits(), simulated.sum(), unknownCost.sum(),
                t.cost(), dailyCalls, dailyCost, monthlyCost, snap(byProvider), snap(byModel), snap(byAgent));
    }

    private static Map<String, UsageStats.Breakdown> snap(Map<String, Counters> m) {
        Map<String, UsageStats.Breakdown> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, v.snapshot()));
        return out;
    }
}
