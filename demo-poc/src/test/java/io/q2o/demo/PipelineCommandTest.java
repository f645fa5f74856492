package io.q2o.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.q2o.agents.AgentUsage;
import io.q2o.agents.pipeline.PipelineResult;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.UsageStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The pipeline command end to end, offline: no key, the bundled recordings through the real adapters. */
class PipelineCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        DemoApp app = new DemoApp(() -> LlmConfig.builder().environment(Map.of()).isolated(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return app.commandLine().execute(args);
    }

    @Test
    void theDefaultObjectiveRunsOfflineAndWritesFilesResultsAndCostsPerAgent(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("out");

        int code = run("pipeline", "--output", output.toString());

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text + err).isZero();
        assertThat(text).contains("offline replay").contains("t4   SUCCEEDED");
        for (String f : List.of("app/models.py", "db/schema.sql", "app/webhook.py", "tests/test_webhook.py", "results.md",
                "results.json")) {
            assertThat(output.resolve(f)).as(f).isNotEmptyFile();
        }
        // the critical endpoint was blocked by a HIGH finding, repaired once by the writer, and passed
        assertThat(Files.readString(output.resolve("app/webhook.py"))).contains("raise HTTPException(status_code=400");

        JsonNode json = new ObjectMapper().readTree(output.resolve("results.json").toFile());
        assertThat(json.path("success").asBoolean()).isTrue();
        assertThat(json.path("dag")).hasSize(6);
        assertThat(json.path("tasks")).allSatisfy(t -> assertThat(t.path("status").asText()).isEqualTo("SUCCEEDED"));
        JsonNode research = json.path("research").get(0);
        assertThat(research.path("droppedUncitedFindings")).hasSize(1);
        assertThat(research.path("unknownCitations").get(0).asText()).isEqualTo("stripe-blog-2019");
        research.path("findings").forEach(f -> f.path("sources").forEach(s ->
                assertThat(research.path("sources").toString()).contains(s.asText())));
        JsonNode webhookQa = json.path("qa").get(1);
        assertThat(webhookQa.path("file").asText()).isEqualTo("app/webhook.py");
        assertThat(webhookQa.path("writer").asText()).startsWith("gemini/");
        assertThat(webhookQa.path("reviewer").asText()).startsWith("openai/");
        assertThat(webhookQa.path("repaired").asBoolean()).isTrue();
        assertThat(webhookQa.path("verdict").asText()).isEqualTo("PASSED");
        assertThat(webhookQa.path("resolvedByRepair").get(0).asText()).startsWith("HIGH security").contains("500");
        assertThat(webhookQa.path("coverage").toString()).contains("Store events in the payment_events table");
        List<Boolean> met = new ArrayList<>();
        webhookQa.path("coverage").forEach(c -> met.add(c.path("met").asBoolean()));
        assertThat(met).containsExactly(true, true, true, true, true, false);
        assertThat(json.path("tests").get(0).path("source").asText()).isEqualTo("LLM");
        assertThat(json.path("tests").get(0).path("executed").asBoolean()).isFalse();

        JsonNode usage = json.path("usage");
        assertThat(usage.path("byAgent").fieldNames()).toIterable().containsExactlyInAnyOrder("orchestrator_main",
                "researcher_main", "coder_main", "testing_main", "qa_main");
        BigDecimal sum = BigDecimal.ZERO;
        long calls = 0;
        for (JsonNode a : usage.path("byAgent")) {
            sum = sum.add(new BigDecimal(a.path("costUsd").asText()));
            calls += a.path("calls").asLong();
        }
        assertThat(new BigDecimal(usage.path("total").path("costUsd").asText())).isPositive().isEqualByComparingTo(sum);
        assertThat(calls).isEqualTo(usage.path("total").path("calls").asLong()).isEqualTo(10);
        assertThat(usage.path("byAgent").path("qa_main").path("calls").asLong()).isEqualTo(3);

        String md = Files.readString(output.resolve("results.md"));
        assertThat(md).contains("## Task DAG").contains("| t4 | code |").contains("## Tokens and cost per agent")
                .contains("| **total** |").contains("MISSING").contains("after one repair round");
    }

    @Test
    void theAgentsTagEveryCallSoTheServiceUsageSplitsTheSameWay(@TempDir Path dir) {
        try (PipelineCommand.Session s = PipelineCommand.offline(LlmConfig.builder().environment(Map.of()).isolated(),
                PipelineCommand.bundled())) {
            PipelineResult r = PipelineCommand.run(s.service, PipelineCommand.DEFAULT_OBJECTIVE, dir,
                    PipelineCommand.bundledSources(), null, PipelineCommand.REVIEWER, null);

            assertThat(r.success()).as(r.execution().outcomes().toString()).isTrue();
            Map<String, UsageStats.Breakdown> byAgent = s.service.usageStats().byAgent();
            assertThat(byAgent.keySet()).containsExactlyInAnyOrderElementsOf(r.usageByAgent().keySet());
            for (Map.Entry<String, AgentUsage> e : r.usageByAgent().entrySet()) {
                UsageStats.Breakdown b = byAgent.get(e.getKey());
                assertThat(b.calls()).as(e.getKey()).isEqualTo(e.getValue().calls());
                assertThat(b.cost()).as(e.getKey()).isEqualByComparingTo(e.getValue().cost().orElseThrow());
            }
            assertThat(s.service.usageStats().totalCost()).isEqualByComparingTo(r.totalUsage().cost().orElseThrow());
        }
    }

    @Test
    void offlineRunsRefuseAnotherObjectiveAndBadFolders(@TempDir Path dir) throws Exception {
        assertThat(run("pipeline", "--objective", "Build a chat app", "--output", dir.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("default objective only");
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThat(run("pipeline", "--output", file.toString())).isEqualTo(2);
        assertThat(run("pipeline", "--sources", dir.resolve("none").toString(), "--output", dir.resolve("o").toString()))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--sources");
    }
}
