package io.q2o.llm.micrometer;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.q2o.llm.Attempt;
import io.q2o.llm.FinishReason;
import io.q2o.llm.LlmListener;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmUsage;
import io.q2o.llm.TokenCounts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meter table of README.md against the code and a real Prometheus scrape: every meter name
 * constant of {@link LlmMetrics} has a row, every row a constant, and every row's Prometheus
 * name is what the Prometheus registry exports.
 */
class PrometheusNamesTest {

    private static final Pattern ROW = Pattern.compile("^\\| `((?:gen_ai|q2o)\\.[a-z_.]+)` \\| ([^|]+) \\|.*\\| `([a-z0-9_]+)` \\|$");

    /** README rows: meter name → Prometheus name. */
    private static Map<String, String> readmeTable() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.put(m.group(1), m.group(3));
            }
        }
        return rows;
    }

    private static List<String> meterNameConstants() throws IllegalAccessException {
        List<String> names = new ArrayList<>();
        for (Field f : LlmMetrics.class.getDeclaredFields()) {
            int mod = f.getModifiers();
            if (Modifier.isPublic(mod) && Modifier.isStatic(mod) && f.getType() == String.class) {
                String v = (String) f.get(null);
                if (v.startsWith("gen_ai.client.") || v.startsWith("q2o.llm.")) {
                    names.add(v);
                }
            }
        }
        return names;
    }

    @Test
    void everyMeterIsDocumentedAndExportedUnderItsDocumentedPrometheusName() throws Exception {
        Map<String, String> table = readmeTable();
        assertThat(table.keySet()).containsExactlyInAnyOrderElementsOf(meterNameConstants());

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String scrape;
        try (ScriptedRun run = new ScriptedRun(registry)) {
            // the two meters the scripted run does not touch
            LlmRequest req = LlmRequest.of("", "x");
            run.metrics.onAttempt(new LlmListener.AttemptEvent("id", req, new Attempt("gemini", "gemini-2.5-flash",
                    Attempt.Outcome.SKIPPED_CIRCUIT_OPEN, null, "", Duration.ZERO), 1));
            Instant now = run.clock.instant();
            LlmUsage unpriced = new LlmUsage("openai", "house-model", TokenCounts.of(1, 1), Optional.empty(),
                    Optional.empty(), now, Duration.ZERO, false, false);
            run.metrics.onResponse(new LlmListener.CallEvent("id", now, now, req, LlmResponse.success("ok", unpriced,
                    FinishReason.STOP, List.of(), false, false), true));
            LlmRequest withTools = req.toBuilder().tools(List.of(io.q2o.llm.ToolDefinition.of("weather", "w",
                    "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}"))).build();
            LlmResponse calls = LlmResponse.success("", unpriced, FinishReason.TOOL_CALLS, List.of(), false, false)
                    .withToolCalls(List.of(new io.q2o.llm.ToolCall("c1", "weather", "{}"),
                            new io.q2o.llm.ToolCall("c2", "weather", "{}"), new io.q2o.llm.ToolCall("c3", "made_up", "{}")),
                            List.of());
            run.metrics.onResponse(new LlmListener.CallEvent("id2", now, now, withTools, calls, true));
            scrape = registry.scrape();
        }

        List<String> exported = new ArrayList<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                exported.add(line.split(" ")[2]);
            }
        }
        table.forEach((meter, prometheus) -> assertThat(exported).as(meter).contains(prometheus));

        assertThat(scrape).contains(
                "gen_ai_client_operation_duration_seconds_count{error_type=\"none\",gen_ai_operation_name=\"chat\","
                        + "gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o-mini\","
                        + "gen_ai_response_model=\"gpt-4o-mini\"} 1",
                "gen_ai_client_operation_duration_seconds_bucket{error_type=\"none\",gen_ai_operation_name=\"chat\","
                        + "gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o-mini\","
                        + "gen_ai_response_model=\"gpt-4o-mini\",le=\"0.64\"} 1",
                "gen_ai_client_token_usage_sum{gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"gcp.gemini\","
                        + "gen_ai_request_model=\"gemini-2.5-flash\",gen_ai_response_model=\"gemini-2.5-flash\","
                        + "gen_ai_token_type=\"input\"} 1500.0",
                "q2o_llm_cost_usd_total{agent=\"reviewer\",model=\"gpt-4o-mini\",provider=\"openai\"} 3.6E-4",
                "q2o_llm_budget_remaining_usd{period=\"daily\"} 0.04844",
                "q2o_llm_cache_gets_total{agent=\"coder\",result=\"hit\"} 1.0",
                "q2o_llm_tool_calls_total{agent=\"none\",model=\"house-model\",provider=\"openai\",tool=\"weather\"} 2.0",
                "q2o_llm_tool_calls_total{agent=\"none\",model=\"house-model\",provider=\"openai\",tool=\"other\"} 1.0");
    }
}
