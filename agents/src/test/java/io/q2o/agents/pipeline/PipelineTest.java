package io.q2o.agents.pipeline;

import com.fasterxml.jackson.databind.node.TextNode;
import io.q2o.agents.AgentUsage;
import io.q2o.agents.Llms;
import io.q2o.agents.orchestrator.TaskStatus;
import io.q2o.agents.research.ResearchSource;
import io.q2o.agents.research.SourceDocument;
import io.q2o.llm.FinishReason;
import io.q2o.llm.LlmService;
import io.q2o.llm.UsageStats;
import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The pipeline over scripted providers that answer by the agent a request comes from (its system prompt). */
class PipelineTest {

    @TempDir
    Path out;

    private final Llms llms = new Llms();
    private final ScriptedProvider gemini = llms.gemini();
    private final ScriptedProvider openai = llms.openai();

    private static final ResearchSource NOTES = ResearchSource.of(new SourceDocument("csv.md", "CSV", "Use csv.DictReader."));

    private static String plan(String codeAnswerPath) {
        return "{\"objective\":\"csv\",\"tasks\":["
                + "{\"id\":\"r\",\"title\":\"Research\",\"description\":\"csv\",\"agentType\":\"RESEARCH\",\"techStack\":[],"
                + "\"dependencies\":[],\"complexity\":\"low\",\"outputPath\":\"\",\"requirements\":[],\"critical\":false},"
                + "{\"id\":\"c\",\"title\":\"Parser\",\"description\":\"parse csv\",\"agentType\":\"CODE\",\"techStack\":[\"Python\"],"
                + "\"dependencies\":[\"r\"],\"complexity\":\"low\",\"outputPath\":\"" + codeAnswerPath + "\","
                + "\"requirements\":[\"Parse rows\"],\"critical\":false},"
                + "{\"id\":\"t\",\"title\":\"Tests\",\"description\":\"tests\",\"agentType\":\"TEST\",\"techStack\":[],"
                + "\"dependencies\":[\"c\"],\"complexity\":\"low\",\"outputPath\":\"\",\"requirements\":[],\"critical\":false},"
                + "{\"id\":\"q\",\"title\":\"Review\",\"description\":\"review\",\"agentType\":\"QA\",\"techStack\":[],"
                + "\"dependencies\":[\"t\"],\"complexity\":\"low\",\"outputPath\":\"\",\"requirements\":[],\"critical\":false}]}";
    }

    private static final String CODE = "import csv\n\n\ndef parse_rows(text):\n    return list(csv.DictReader(text.splitlines()))\n";

    private static Function<ProviderRequest, ProviderResponse> writer(String plan, String code) {
        return req -> {
            String system = req.systemPrompt();
            String answer;
            if (system.startsWith("You are a software project orchestrator")) {
                answer = plan;
            } else if (system.startsWith("You are a research analyst")) {
                answer = "{\"keyFindings\":[{\"finding\":\"Use csv.DictReader\",\"sources\":[\"csv.md\"]}],"
                        + "\"recommendedLibraries\":[],\"codeExamples\":[],\"pitfalls\":[],\"confidence\":0.9}";
            } else if (system.startsWith("You write pytest tests")) {
                answer = "{\"code\":" + TextNode.valueOf("from app.parse import parse_rows\n\n\ndef test_rows():\n"
                        + "    assert parse_rows('a\\n1') == [{'a': '1'}]\n") + ",\"testNames\":[\"test_rows\"]}";
            } else {
                answer = code;
            }
            return new ProviderResponse(answer, Llms.GEMINI_MODEL, FinishReason.STOP, Llms.TOKENS, List.of(), List.of());
        };
    }

    private static ProviderResponse review(ProviderRequest req) {
        String answer = "{\"findings\":[],\"requirements\":[{\"requirement\":\"Parse rows\",\"met\":true,"
                + "\"evidence\":\"return list(csv.DictReader(text.splitlines()))\"}],\"summary\":\"fine\"}";
        return new ProviderResponse(answer, Llms.OPENAI_MODEL, FinishReason.STOP, Llms.TOKENS, List.of(), List.of());
    }

    @Test
    void anObjectiveRunsThroughEveryAgentAndTheCostPerAgentAddsUpToTheServicesTotals() throws Exception {
        gemini.byDefault(writer(plan("app/parse.py"), CODE));
        openai.byDefault(PipelineTest::review);
        try (LlmService llm = llms.build();
             Pipeline pipeline = Pipeline.builder().llm(llm).outputRoot(out).sources(NOTES).reviewer("openai", null).build()) {
            PipelineResult r = pipeline.run("A CSV parser with tests");

            assertThat(r.success()).as(r.execution().outcomes().toString()).isTrue();
            assertThat(r.filesWritten()).containsExactly("app/parse.py", "tests/test_parse.py");
            assertThat(Files.readString(out.resolve("app/parse.py"))).isEqualTo(CODE);
            String codePrompt = gemini.requests().stream().map(Llms::text).filter(t -> t.contains("Research Findings"))
                    .findFirst().orElseThrow();
            assertThat(codePrompt).contains("Use csv.DictReader").contains("csv.md");
            assertThat(openai.requests()).hasSize(1);

            Map<String, UsageStats.Breakdown> stats = llm.usageStats().byAgent();
            assertThat(r.usageByAgent().keySet()).containsExactly("coder_main", "orchestrator_main", "qa_main",
                    "researcher_main", "testing_main");
            BigDecimal sum = BigDecimal.ZERO;
            for (Map.Entry<String, AgentUsage> e : r.usageByAgent().entrySet()) {
                assertThat(e.getValue().calls()).as(e.getKey()).isEqualTo((int) stats.get(e.getKey()).calls());
                assertThat(e.getValue().cost().orElseThrow()).isEqualByComparingTo(stats.get(e.getKey()).cost());
                sum = sum.add(e.getValue().cost().orElseThrow());
            }
            assertThat(r.totalUsage().cost().orElseThrow()).isEqualByComparingTo(sum)
                    .isEqualByComparingTo(llm.usageStats().totalCost());
        }
    }

    @Test
    void aCodeTaskThatCannotBeWrittenBlocksItsTestsAndReview() {
        gemini.byDefault(writer(plan("../escape.py"), CODE));
        openai.byDefault(PipelineTest::review);
        try (LlmService llm = llms.build();
             Pipeline pipeline = Pipeline.builder().llm(llm).outputRoot(out).sources(NOTES).reviewer("openai", null).build()) {
            PipelineResult r = pipeline.run("A CSV parser with tests");

            assertThat(r.execution().outcome("r").orElseThrow().status()).isEqualTo(TaskStatus.SUCCEEDED);
            assertThat(r.execution().outcome("c").orElseThrow().status()).isEqualTo(TaskStatus.FAILED);
            assertThat(r.execution().outcome("t").orElseThrow().error()).isEqualTo("blocked: dependency 'c' failed");
            assertThat(r.execution().outcome("q").orElseThrow().error())
                    .isEqualTo("blocked: dependency 't' was blocked by failed task 'c'");
            assertThat(openai.requests()).isEmpty();
            assertThat(Files.exists(out.resolveSibling("escape.py"))).isFalse();
        }
    }
}
