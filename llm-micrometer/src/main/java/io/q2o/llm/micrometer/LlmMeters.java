package io.q2o.llm.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmService;
import io.q2o.llm.UsageStats;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import static io.q2o.llm.micrometer.LlmMetrics.ALERT_THRESHOLD;
import static io.q2o.llm.micrometer.LlmMetrics.BUDGET_LIMIT;
import static io.q2o.llm.micrometer.LlmMetrics.BUDGET_REMAINING;
import static io.q2o.llm.micrometer.LlmMetrics.BUDGET_SPENT;
import static io.q2o.llm.micrometer.LlmMetrics.CALLS;
import static io.q2o.llm.micrometer.LlmMetrics.COST;
import static io.q2o.llm.micrometer.LlmMetrics.DAILY_CALLS_LIMIT;
import static io.q2o.llm.micrometer.LlmMetrics.DAILY_CALLS_REMAINING;
import static io.q2o.llm.micrometer.LlmMetrics.DAILY_CALLS_USED;
import static io.q2o.llm.micrometer.LlmMetrics.OPERATION_DURATION;
import static io.q2o.llm.micrometer.LlmMetrics.PERIOD;
import static io.q2o.llm.micrometer.LlmMetrics.TOKENS;
import static io.q2o.llm.micrometer.LlmMetrics.TOKEN_USAGE;
import static io.q2o.llm.micrometer.LlmMetrics.UNPRICED_CALLS;

/**
 * Meter registration for {@link LlmMetrics}: builds and registers each counter, histogram,
 * exact-cost function counter and budget gauge on one registry, with the common tags, base units,
 * descriptions and GenAI bucket boundaries. Which meter an event moves, and with which tags, is
 * decided by {@link LlmMetrics}.
 */
final class LlmMeters {

    /** The conventions' bucket boundaries for {@value LlmMetrics#OPERATION_DURATION}, in seconds. */
    static final double[] DURATION_BUCKETS = {0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24,
            20.48, 40.96, 81.92};
    private static final Duration[] DURATION_SLOS = Arrays.stream(DURATION_BUCKETS)
            .mapToObj(seconds -> Duration.ofMillis(Math.round(seconds * 1000))).toArray(Duration[]::new);
    /** The conventions' bucket boundaries for {@value LlmMetrics#TOKEN_USAGE}. */
    static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304,
            16777216, 67108864};

    private static final String SPENT_DESCRIPTION = "committed LLM cost of the current day or month";
    private static final String LIMIT_DESCRIPTION = "the daily cost limit (Q2O_LLM_DAILY_COST_LIMIT) or monthly budget "
            + "(Q2O_LLM_MONTHLY_BUDGET)";
    private static final String REMAINING_DESCRIPTION = "what is left of the daily cost limit or monthly budget "
            + "(negative if overspent)";

    /** Base units of the counters that have one. */
    private static final Map<String, String> UNITS = Map.of(CALLS, "calls", UNPRICED_CALLS, "calls", TOKENS, "tokens");

    /**
     * Cost sums per registry and full tag set, shared by every instance on the same registry: the
     * registry keeps the first {@value LlmMetrics#COST} function counter registered for an id, so a
     * second instance with the same tags must add to the same sum.
     */
    private static final Map<MeterRegistry, Map<Tags, AtomicReference<BigDecimal>>> COSTS = new WeakHashMap<>();

    private final MeterRegistry registry;
    private final Tags common;
    private final boolean histogramBuckets;
    private final Map<Tags, AtomicReference<BigDecimal>> costs;

    LlmMeters(MeterRegistry registry, Tags common, boolean histogramBuckets) {
        this.registry = registry;
        this.common = common;
        this.histogramBuckets = histogramBuckets;
        synchronized (COSTS) {
            this.costs = COSTS.computeIfAbsent(registry, r -> new ConcurrentHashMap<>());
        }
    }

    /** Registers the budget and daily-limit gauges of {@link LlmMetrics#bindTo}, reading {@code service} weakly. */
    void bindGauges(LlmService service, LlmConfig cfg) {
        gauge(BUDGET_SPENT, "daily", SPENT_DESCRIPTION, service,
                s -> s.usageStats().dailyCost());
        gauge(BUDGET_SPENT, "monthly", SPENT_DESCRIPTION, service,
                s -> s.usageStats().monthlyCost());
        cfg.dailyCostLimit().ifPresent(limit -> {
            gauge(BUDGET_LIMIT, "daily", LIMIT_DESCRIPTION, service, s -> limit);
            gauge(BUDGET_REMAINING, "daily", REMAINING_DESCRIPTION, service,
                    s -> limit.subtract(s.usageStats().dailyCost()));
        });
        cfg.monthlyBudget().ifPresent(limit -> {
            gauge(BUDGET_LIMIT, "monthly", LIMIT_DESCRIPTION, service, s -> limit);
            gauge(BUDGET_REMAINING, "monthly", REMAINING_DESCRIPTION, service,
                    s -> limit.subtract(s.usageStats().monthlyCost()));
        });
        BigDecimal threshold = cfg.costAlert();
        if (threshold.signum() > 0) {
            Gauge.builder(ALERT_THRESHOLD, service, s -> threshold.doubleValue()).tags(common).baseUnit("usd")
                    .description("the daily cost alert threshold (Q2O_LLM_COST_ALERT)").register(registry);
        }
        Gauge.builder(DAILY_CALLS_USED, service, s -> stat(s, UsageStats::dailyCalls)).tags(common)
                .description("calls counted against today's Q2O_LLM_DAILY_LIMIT").register(registry);
        long dailyLimit = cfg.dailyLimit();
        if (dailyLimit > 0) {
            Gauge.builder(DAILY_CALLS_LIMIT, service, s -> dailyLimit).tags(common)
                    .description("the daily call limit (Q2O_LLM_DAILY_LIMIT)").register(registry);
            Gauge.builder(DAILY_CALLS_REMAINING, service, s -> dailyLimit - stat(s, UsageStats::dailyCalls))
                    .tags(common).description("calls left today under Q2O_LLM_DAILY_LIMIT")
                    .register(registry);
        }
    }

    private void gauge(String name, String period, String description, LlmService service,
                       Function<LlmService, BigDecimal> value) {
        Gauge.builder(name, service, s -> value.apply(s).doubleValue()).tags(common).tag(PERIOD, period)
                .baseUnit("usd").description(description).register(registry);
    }

    private static double stat(LlmService s, ToLongFunction<UsageStats> f) {
        return f.applyAsLong(s.usageStats());
    }

    /** Adds {@code cost} exactly to the {@value LlmMetrics#COST} sum of these tags. */
    void addCost(Tags tags, BigDecimal cost) {
        Tags all = common.and(tags);
        AtomicReference<BigDecimal> sum = costs.computeIfAbsent(all, k -> new AtomicReference<>(BigDecimal.ZERO));
        sum.accumulateAndGet(cost, BigDecimal::add);
        // registering again is a lookup; it brings the meter back if someone removed it from the registry
        FunctionCounter.builder(COST, sum, s -> s.get().doubleValue()).tags(all).baseUnit("usd")
                .description("exact cost of provider calls in USD, from the price table").register(registry);
    }

    Counter counter(String name, String description, Tags tags) {
        return Counter.builder(name).tags(common).tags(tags).baseUnit(UNITS.get(name)).description(description)
                .register(registry);
    }

    Timer operationDuration(Tags tags) {
        Timer.Builder b = Timer.builder(OPERATION_DURATION).tags(common).tags(tags)
                .description("GenAI operation duration: one request to a provider (OTel GenAI semantic conventions)");
        if (histogramBuckets) {
            b.serviceLevelObjectives(DURATION_SLOS);
        }
        return b.register(registry);
    }

    DistributionSummary tokenUsage(Tags tags) {
        DistributionSummary.Builder b = DistributionSummary.builder(TOKEN_USAGE).tags(common).tags(tags)
                .description("Number of input and output tokens used (OTel GenAI semantic conventions)");
        if (histogramBuckets) {
            b.serviceLevelObjectives(TOKEN_BUCKETS);
        }
        return b.register(registry);
    }
}
