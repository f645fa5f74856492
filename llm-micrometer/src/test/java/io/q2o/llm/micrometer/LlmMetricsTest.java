package io.q2o.llm.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.UsageStats;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static io.q2o.llm.micrometer.LlmMetrics.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every meter after a scripted run, with names, complete tag sets and exact values; expected
 * costs are computed here from the published prices, not read back from the library.
 */
class LlmMetricsTest {

    private static final String FLASH = ScriptedRun.FLASH;
    private static final String MINI = ScriptedRun.MINI;
    private static final BigDecimal MILLION = new BigDecimal(1_000_000);

    private final MeterRegistry registry = new SimpleMeterRegistry();

    /** USD per 1M tokens, as in config/llm_config.json: in, out. */
    private static BigDecimal cost(long in, String inPrice, long out, String outPrice) {
        return new BigDecimal(in).multiply(new BigDecimal(inPrice)).add(new BigDecimal(out).multiply(new BigDecimal(outPrice)))
                .divide(MILLION, MathContext.DECIMAL128);
    }

    private static BigDecimal flash(long in, long out) {
        return cost(in, "0.30", out, "2.50");
    }

    private static BigDecimal mini(long in, long out) {
        return cost(in, "0.15", out, "0.60");
    }

    // ------------------------------------------------------------ reading the registry

    private static Map<String, String> tags(Meter m) {
        Map<String, String> t = new TreeMap<>();
        for (Tag tag : m.getId().getTags()) {
            t.put(tag.getKey(), tag.getValue());
        }
        return t;
    }

    /** Every meter of one name: its complete tags and one value. */
    private <M extends Meter> Map<Map<String, String>, Object> read(String name, Class<M> type,
                                                                    java.util.function.Function<M, Object> value) {
        Map<Map<String, String>, Object> out = new HashMap<>();
        for (Meter m : registry.find(name).meters()) {
            assertThat(m).as(name).isInstanceOf(type);
            out.put(tags(m), value.apply(type.cast(m)));
        }
        return out;
    }

    private Map<Map<String, String>, Object> counters(String name) {
        return read(name, Counter.class, Counter::count);
    }

    private Map<Map<String, String>, Object> functionCounters(String name) {
        return read(name, FunctionCounter.class, FunctionCounter::count);
    }

    private Map<Map<String, String>, Object> gauges(String name) {
        return read(name, Gauge.class, Gauge::value);
    }

    /** Timer as [count, total seconds]. */
    private Map<Map<String, String>, Object> timers(String name) {
        return read(name, Timer.class, t -> List.of((double) t.count(), t.totalTime(TimeUnit.SECONDS)));
    }

    /** Summary as [count, total]. */
    private Map<Map<String, String>, Object> summaries(String name) {
        return read(name, DistributionSummary.class, s -> List.of((double) s.count(), s.totalAmount()));
    }

    /** Builds a tag map from alternating keys and values. */
    private static Map<String, String> t(String... kv) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, String> op(String provider, String requestModel, String responseModel, String error) {
        return t(GEN_AI_OPERATION_NAME, "chat", GEN_AI_PROVIDER_NAME, provider, GEN_AI_REQUEST_MODEL, requestModel,
                GEN_AI_RESPONSE_MODEL, responseModel, ERROR_TYPE, error);
    }

    private static Map<String, String> tok(String provider, String model, String type) {
        return t(GEN_AI_OPERATION_NAME, "chat", GEN_AI_PROVIDER_NAME, provider, GEN_AI_REQUEST_MODEL, model,
                GEN_AI_RESPONSE_MODEL, model, GEN_AI_TOKEN_TYPE, type);
    }

    private static List<Double> n(double count, double total) {
        return List.of(count, total);
    }

    @SafeVarargs
    private static Map<Map<String, String>, Object> expect(Map.Entry<Map<String, String>, Object>... entries) {
        Map<Map<String, String>, Object> m = new LinkedHashMap<>();
        for (Map.Entry<Map<String, String>, Object> e : entries) {
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    private static Map.Entry<Map<String, String>, Object> e(Map<String, String> tags, Object value) {
        return Map.entry(tags, value);
    }

    // ------------------------------------------------------------ the scripted run

    /** See {@link ScriptedRun} for the six calls. */
    @Test
    void theMetersCarryTheDocumentedNamesTagsAndExactValuesAfterAScriptedRun() {
        try (ScriptedRun run = new ScriptedRun(registry)) {
            List<LlmResponse> responses = run.responses;
            UsageStats stats = run.service.usageStats();

            // the run went as scripted
            assertThat(responses).extracting(LlmResponse::success).containsExactly(true, true, true, false, false, true);
            assertThat(responses).extracting(LlmResponse::provider)
                    .containsExactly("gemini", "openai", "gemini", "gemini", "", "gemini");
            assertThat(responses.get(2).cacheHit()).isTrue();
            assertThat(responses.get(4).error().kind()).hasToString("BUDGET_EXCEEDED");

            BigDecimal c1 = flash(1000, 200);
            BigDecimal c2 = mini(800, 400);
            BigDecimal c6 = flash(500, 100);
            BigDecimal spent = c1.add(c2).add(c6);
            assertThat(c1).isEqualByComparingTo("0.0008");
            assertThat(c2).isEqualByComparingTo("0.00036");
            assertThat(c6).isEqualByComparingTo("0.0004");
            assertThat(stats.totalCost()).as("the library agrees").isEqualByComparingTo(spent);

            // OTel GenAI: one duration per provider request, tokens per answer
            assertThat(timers(OPERATION_DURATION)).containsExactlyInAnyOrderEntriesOf(expect(
                    e(op("gcp.gemini", FLASH, FLASH, "none"), n(2, 4.0)),
                    e(op("gcp.gemini", FLASH, "none", "server_error"), n(2, 4.0)),
                    e(op("gcp.gemini", FLASH, "none", "rate_limited"), n(1, 2.0)),
                    e(op("gcp.gemini", FLASH, "none", "invalid_request"), n(1, 2.0)),
                    e(op("openai", MINI, MINI, "none"), n(1, 0.5))));
            assertThat(summaries(TOKEN_USAGE)).containsExactlyInAnyOrderEntriesOf(expect(
                    e(tok("gcp.gemini", FLASH, "input"), n(2, 1500)),
                    e(tok("gcp.gemini", FLASH, "output"), n(2, 300)),
                    e(tok("openai", MINI, "input"), n(1, 800)),
                    e(tok("openai", MINI, "output"), n(1, 400))));

            // the library's own
            assertThat(counters(CALLS)).containsExactlyInAnyOrderEntriesOf(expect(
                    e(t(PROVIDER, "gemini", MODEL, FLASH, AGENT, "coder", OUTCOME, "success"), 1.0),
                    e(t(PROVIDER, "gemini", MODEL, FLASH, AGENT, "coder", OUTCOME, "cache_hit"), 1.0),
                    e(t(PROVIDER, "openai", MODEL, MINI, AGENT, "reviewer", OUTCOME, "success"), 1.0),
                    e(t(PROVIDER, "gemini", MODEL, FLASH, AGENT, "reviewer", OUTCOME, "success"), 1.0),
                    e(t(PROVIDER, "gemini", MODEL, "none", AGENT, "none", OUTCOME, "failure"), 1.0),
                    e(t(PROVIDER, "none", MODEL, "none", AGENT, "coder", OUTCOME, "failure"), 1.0)));
            assertThat(functionCounters(COST)).containsExactlyInAnyOrderEntriesOf(expect(
                    e(t(PROVIDER, "gemini", MODEL, FLASH, AGENT, "coder"), c1.doubleValue()),
                    e(t(PROVIDER, "gemini", MODEL, FLASH, AGENT, "reviewer"), c6.doubleValue()),
                    e(t(PROVIDER, "openai", MODEL, MINI, AGENT, "reviewer"), c2.doubleValue())));
            assertThat(registry.find(COST).functionCounter().getId().getBaseUnit()).isEqualTo("usd");
            assertThat(counters(TOKENS)).containsExactlyInAnyOrderEntriesOf(expect(
                    e(t(PROVIDER, "gemini", MODEL, FLASH, AGENT, "coder", TOKEN_TYPE, "input"), 1000.0),
                    e(t(PROVIDER, "gemini", MODEL, FLASH, AGENT, "coder", TOKEN_TYPE, "output"), 200.0),
                    e(t(PROVIDER, "gemini", MODEL, FLASH, AGENT, "reviewer", TOKEN_TYPE, "input"), 500.0),
                    e(t(PROVIDER, "gemini", MODEL, FLASH, AGENT, "reviewer", TOKEN_TYPE, "output"), 100.0),
                    e(t(PROVIDER, "openai", MODEL, MINI, AGENT, "reviewer", TOKEN_TYPE, "input"), 800.0),
                    e(t(PROVIDER, "openai", MODEL, MINI, AGENT, "reviewer", TOKEN_TYPE, "output"), 400.0)));
            assertThat(counters(CACHE_GETS)).containsExactlyInAnyOrderEntriesOf(expect(
                    e(t(RESULT, "hit", AGENT, "coder"), 1.0),
                    e(t(RESULT, "miss", AGENT, "coder"), 2.0),
                    e(t(RESULT, "miss", AGENT, "reviewer"), 2.0),
                    e(t(RESULT, "miss", AGENT, "none"), 1.0)));
            assertThat(counters(FALLBACKS)).containsExactlyInAnyOrderEntriesOf(expect(
                    e(t(FROM_PROVIDER, "gemini", TO_PROVIDER, "openai", REASON, "server_error"), 1.0)));
            assertThat(counters(RETRIES)).containsExactlyInAnyOrderEntriesOf(expect(
                    e(t(PROVIDER, "gemini", MODEL, FLASH, AGENT, "reviewer", ERROR_TYPE, "server_error"), 1.0),
                    e(t(PROVIDER, "gemini", MODEL, FLASH, AGENT, "reviewer", ERROR_TYPE, "rate_limited"), 1.0)));
            assertThat(counters(FAILURES)).containsExactlyInAnyOrderEntriesOf(expect(
                    e(t(PROVIDER, "gemini", ERROR_TYPE, "invalid_request", ERROR_CODE, "http-400", AGENT, "none"), 1.0),
                    e(t(PROVIDER, "none", ERROR_TYPE, "budget_exceeded", ERROR_CODE, "budget", AGENT, "coder"), 1.0)));
            assertThat(counters(BUDGET_REFUSALS)).containsExactlyInAnyOrderEntriesOf(expect(
                    e(t(AGENT, "coder"), 1.0)));
            assertThat(counters(ALERTS)).containsExactlyInAnyOrderEntriesOf(expect(e(t(), 1.0)));
            assertThat(registry.find(SKIPS).meters()).isEmpty();
            assertThat(registry.find(UNPRICED_CALLS).meters()).isEmpty();

            // gauges read the service's counters: 4 calls counted (neither the cache hit nor the budget refusal)
            assertThat(gauges(BUDGET_SPENT)).containsExactlyInAnyOrderEntriesOf(expect(
                    e(t(PERIOD, "daily"), spent.doubleValue()),
                    e(t(PERIOD, "monthly"), spent.doubleValue())));
            assertThat(gauges(BUDGET_LIMIT)).containsExactlyInAnyOrderEntriesOf(expect(
                    e(t(PERIOD, "daily"), 0.05),
                    e(t(PERIOD, "monthly"), 1.0)));
            assertThat(gauges(BUDGET_REMAINING)).containsExactlyInAnyOrderEntriesOf(expect(
                    e(t(PERIOD, "daily"), new BigDecimal("0.05").subtract(spent).doubleValue()),
                    e(t(PERIOD, "monthly"), BigDecimal.ONE.subtract(spent).doubleValue())));
            assertThat(gauges(BUDGET_REMAINING).get(t(PERIOD, "daily"))).isEqualTo(0.04844);
            assertThat(gauges(ALERT_THRESHOLD)).containsExactlyInAnyOrderEntriesOf(expect(e(t(), 0.001)));
            assertThat(gauges(DAILY_CALLS_USED)).containsExactlyInAnyOrderEntriesOf(expect(e(t(), 4.0)));
            assertThat(gauges(DAILY_CALLS_LIMIT)).containsExactlyInAnyOrderEntriesOf(expect(e(t(), 100.0)));
            assertThat(gauges(DAILY_CALLS_REMAINING)).containsExactlyInAnyOrderEntriesOf(expect(e(t(), 96.0)));
        }

        // the meter set is exactly the documented one for this run; a registry without native
        // histograms (like this one) adds the GenAI buckets as NAME.histogram{le} gauges
        assertThat(registry.getMeters()).extracting(m -> m.getId().getName())
                .filteredOn(name -> name.endsWith(".histogram"))
                .containsOnly(OPERATION_DURATION + ".histogram", TOKEN_USAGE + ".histogram");
        assertThat(registry.find(TOKEN_USAGE + ".histogram").tag("le", "67108864").gauges()).hasSize(4);
        assertThat(registry.getMeters()).extracting(m -> m.getId().getName())
                .filteredOn(name -> !name.endsWith(".histogram")).containsOnly(
                OPERATION_DURATION, TOKEN_USAGE, CALLS, COST, TOKENS, CACHE_GETS, FALLBACKS, RETRIES, FAILURES,
                BUDGET_REFUSALS, ALERTS, BUDGET_SPENT, BUDGET_LIMIT, BUDGET_REMAINING, ALERT_THRESHOLD,
                DAILY_CALLS_USED, DAILY_CALLS_LIMIT, DAILY_CALLS_REMAINING);
    }
}
