package com.example.consumer;

import io.q2o.agents.CodeArtifact;
import io.q2o.agents.orchestrator.AgentType;
import io.q2o.agents.orchestrator.DagValidator;
import io.q2o.agents.orchestrator.PlannedTask;
import io.q2o.agents.orchestrator.TaskPlan;
import io.q2o.agents.qa.QAAgent;
import io.q2o.agents.qa.QaReport;
import io.q2o.agents.research.Chunker;
import io.q2o.agents.research.SourceDocument;
import io.q2o.agents.testing.TestFileResult;
import io.q2o.agents.testing.TestingAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * agents: jtokkit chunking, Jinjava test templates with the coder-agent validator (tree-sitter),
 * the DAG validator and a static QA review — the agents' dependencies on the versions the BOM chose.
 */
class AgentsSmokeTest {

    @Test
    void chunkingTemplatesValidationAndReviewWork(@TempDir Path out) {
        assertThat(new Chunker(16).chunk(new SourceDocument("a.md", null, "word ".repeat(100)))).hasSizeGreaterThan(3);

        TestFileResult tests = TestingAgent.builder().outputRoot(out).build()
                .writeTests(CodeArtifact.of("app/fees.py", "def fee(cents: int) -> int:\n    return cents // 10\n"), null);
        assertThat(tests.succeeded()).as(String.valueOf(tests.error())).isTrue();
        assertThat(out.resolve("tests/test_fees.py")).exists();

        TaskPlan cyclic = new TaskPlan("o", List.of(
                new PlannedTask("a", "A", "", AgentType.RESEARCH, List.of(), List.of("b"), "low", "", List.of(), false),
                new PlannedTask("b", "B", "", AgentType.RESEARCH, List.of(), List.of("a"), "low", "", List.of(), false)));
        assertThat(DagValidator.errors(cyclic)).singleElement().asString().contains("cycle");

        QaReport review = QAAgent.builder().build().review(CodeArtifact.of("app/fees.py",
                "def fee(cents: int) -> int:\n    \"\"\"Fee.\"\"\"\n    return cents // 10\n"), null);
        assertThat(review.verdict()).isEqualTo(QaReport.Verdict.PASSED);
    }
}
