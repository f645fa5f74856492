package io.q2o.demo.docs;

import com.fasterxml.jackson.databind.node.TextNode;
import io.q2o.agents.orchestrator.PlanResult;
import io.q2o.agents.orchestrator.TaskStatus;
import io.q2o.agents.pipeline.PipelineResult;
import io.q2o.agents.qa.QaReport;
import io.q2o.agents.testing.TestFileResult;
import io.q2o.coder.TaskResult;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmService;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.testing.CannedAnswers;
import io.q2o.llm.testing.Recording;
import io.q2o.llm.testing.Recordings;
import io.q2o.llm.testing.ReplayServer;
import io.q2o.llm.testing.WireProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the agents examples of the docs through the real adapters against recorded answers. */
class AgentExamplesTest {
    private static final Path NOTES = Path.of("src/main/resources/io/q2o/demo/pipeline/sources");
    private static final TokenCounts TOKENS = TokenCounts.of(300, 100);
    private ReplayServer replay;

    @TempDir
    Path out;

    @AfterEach
    void stop() {
        if (replay != null) {
            replay.close();
        }
    }

    /** Gemini writes (answers in order), OpenAI reviews. */
    private LlmService serve(Recording... answers) {
        replay = ReplayServer.start(Recordings.of(answers));
        LlmConfig config = replay.configure(LlmConfig.builder().environment(Map.of()).isolated())
                .set("Q2O_LLM_PRIMARY", "gemini").set("GEMINI_MODEL", "gemini-2.5-flash").set("OPENAI_MODEL", "gpt-4o-mini")
                .set("Q2O_LLM_FALLBACK", "none").set("Q2O_LLM_AUTO_FALLBACK", "false").set("Q2O_LLM_MAX_RETRIES", "0")
                .set("Q2O_LLM_CACHE_ENABLED", "false").build();
        return LlmService.builder().config(config).build();
    }

    private static Recording gemini(String text) {
        return CannedAnswers.text(WireProvider.GEMINI, "gemini-2.5-flash", text, TOKENS);
    }

    private static Recording openai(String text) {
        return CannedAnswers.text(WireProvider.OPENAI, "gpt-4o-mini", text, TOKENS);
    }

    @Test
    void thePipelineExampleRunsTheBundledObjective() {
        try (io.q2o.demo.PipelineCommandAccess.Offline s = io.q2o.demo.PipelineCommandAccess.offline()) {
            PipelineResult r = AgentExamples.pipeline(s.service(), s.objective(), NOTES, out);

            assertThat(r.success()).as(r.execution().outcomes().toString()).isTrue();
            assertThat(r.filesWritten()).contains("app/webhook.py", "tests/test_webhook.py");
            assertThat(r.usageByAgent()).containsKeys("orchestrator_main", "qa_main");
        }
    }

    @Test
    void theResearchExampleFeedsCitedFindingsToTheCoder() {
        String findings = "{\"keyFindings\":[{\"finding\":\"Verify on the raw body\",\"sources\":[\"stripe-webhook-signatures.md\"]},"
                + "{\"finding\":\"Invented\",\"sources\":[\"elsewhere\"]}],\"recommendedLibraries\":[],\"codeExamples\":[],"
                + "\"pitfalls\":[],\"confidence\":0.7}";
        try (LlmService llm = serve(gemini(findings), gemini("def handle(payload):\n    return payload\n"))) {
            TaskResult code = AgentExamples.research(llm, NOTES, out);

            assertThat(code.components().get(0).succeeded()).isTrue();
            assertThat(replay.requests().get(1).body()).contains("Research Findings").contains("Verify on the raw body")
                    .doesNotContain("Invented");
        }
    }

    @Test
    void theOrchestratorExamplePlansAndRunsTheDag() {
        String plan = "{\"objective\":\"csv\",\"tasks\":["
                + "{\"id\":\"t1\",\"title\":\"Endpoint\",\"description\":\"d\",\"agentType\":\"CODE\",\"techStack\":[],"
                + "\"dependencies\":[],\"complexity\":\"low\",\"outputPath\":\"app/csv.py\",\"requirements\":[],\"critical\":false},"
                + "{\"id\":\"t2\",\"title\":\"Tests\",\"description\":\"d\",\"agentType\":\"TEST\",\"techStack\":[],"
                + "\"dependencies\":[\"t1\"],\"complexity\":\"low\",\"outputPath\":\"\",\"requirements\":[],\"critical\":false}]}";
        try (LlmService llm = serve(gemini(plan))) {
            PlanResult r = AgentExamples.orchestrate(llm);

            assertThat(r.order()).containsExactly("t1", "t2");
            assertThat(r.outcomes()).allSatisfy(o -> assertThat(o.status()).isEqualTo(TaskStatus.SUCCEEDED));
        }
    }

    @Test
    void theTestingExampleWritesValidatedTestsWithoutRunningThem() throws Exception {
        String tests = "from app.fees import fee\n\n\ndef test_fee_is_a_tenth():\n    assert fee(100) == 10\n";
        try (LlmService llm = serve(gemini("{\"code\":" + TextNode.valueOf(tests) + ",\"testNames\":[\"test_fee_is_a_tenth\"]}"))) {
            TestFileResult r = AgentExamples.testing(llm, out, "def fee(cents: int) -> int:\n    return cents // 10\n");

            assertThat(r.succeeded()).isTrue();
            assertThat(Files.readString(out.resolve("tests/test_fees.py"))).isEqualTo(tests);
        }
    }

    @Test
    void theQaExampleReviewsWithOpenAiAndReportsTheMissingRequirement() {
        String code = "import stripe\n\n\ndef handle(payload, sig, secret):\n    return stripe.Webhook.construct_event(payload, sig, secret)\n";
        String review = "{\"findings\":[],\"requirements\":["
                + "{\"requirement\":\"Verify the Stripe webhook signature\",\"met\":true,\"evidence\":"
                + "\"return stripe.Webhook.construct_event(payload, sig, secret)\"},"
                + "{\"requirement\":\"Log all events\",\"met\":true,\"evidence\":\"log.info(event)\"}],\"summary\":\"s\"}";
        try (LlmService llm = serve(openai(review))) {
            QaReport r = AgentExamples.review(llm, code);

            assertThat(r.reviewerProvider()).isEqualTo("openai");
            assertThat(r.verdict()).isEqualTo(QaReport.Verdict.PASSED);
            assertThat(r.missing()).singleElement().satisfies(m -> assertThat(m.requirement()).isEqualTo("Log all events"));
            assertThat(r.score().coverage()).isEqualTo(20);
            assertThat(r.score().total()).isEqualTo(20 + 40 + r.score().validator());
        }
    }
}
