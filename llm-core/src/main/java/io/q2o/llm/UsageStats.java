package io.q2o.llm;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A consistent-enough snapshot of usage since the service started (today's figures come from
 * the counter store and so include other instances sharing it). Costs are exact USD; calls whose
 * model has no price are counted in {@code unknownCostCalls} and add nothing to the costs.
 *
 * @param totalCalls       every finished call, including cache hits and failures (dry runs excluded)
 * @param successfulCalls  calls that produced an answer (cache hits included)
 * @param failedCalls      calls that produced no answer
 * @param cacheHits        calls answered from the response cache
 * @param simulatedCalls   dry-run calls
 * @param unknownCostCalls successful provider calls whose cost is unknown
 * @param totalCost        cost of all calls since start
 * @param dailyCalls       calls counted against today's {@code Q2O_LLM_DAILY_LIMIT}
 * @param dailyCost        today's cost
 * @param monthlyCost      this month's cost
 * @param byProvider       breakdown by provider name
 * @param byModel          breakdown by model name
 * @param byAgent          breakdown by agent tag ({@code "-"} for untagged calls)
 */
public record UsageStats(long totalCalls, long successfulCalls, long failedCalls, long cacheHits,
                         long simulatedCalls, long unknownCostCalls, BigDecimal totalCost,
                         long dailyCalls, BigDecimal dailyCost, BigDecimal monthlyCost,
                         Map<String, Breakdown> byProvider, Map<String, Breakdown> byModel,
                         Map<String, Breakdown> byAgent) {

    /** Copies the maps. */
    public UsageStats {
        byProvider = Map.copyOf(byProvider);
        byModel = Map.copyOf(byModel);
        byAgent = Map.copyOf(byAgent);
    }

    /** @return cache hits divided by total calls, 0 when there were no calls */
    public double cacheHitRate() {
        return totalCalls == 0 ? 0.0 : (double) cacheHits / totalCalls;
    }

    /**
     * Figures for one provider, model or agent.
     *
     * @param calls        finished calls
     * @param successful   calls with an answer
     * @param failed       calls without an answer
     * @param cacheHits    calls answered from the cache
     * @param inputTokens  prompt tokens
     * @param outputTokens output tokens
     * @param cost         exact cost in USD
     */
    public record Breakdown(long calls, long successful, long failed, long cacheHits,
                            long inputTokens, long outputTokens, BigDecimal cost) {
    }
}
