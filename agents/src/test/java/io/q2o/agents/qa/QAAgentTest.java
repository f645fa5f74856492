package io.q2o.agents.qa;

import com.fasterxml.jackson.databind.node.TextNode;
import io.q2o.agents.CodeArtifact;
import io.q2o.agents.Llms;
import io.q2o.coder.Language;
import io.q2o.llm.LlmService;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QAAgentTest {

    private final Llms llms = new Llms();

    static final String CODE = "import logging\n\nlog = logging.getLogger(__name__)\n\n\n"
            + "def handle(payload, signature, secret):\n    event = verify(payload, signature, secret)\n"
            + "    log.info('event %s', event['type'])\n    return 200\n";

    static CodeArtifact artifact(boolean critical) {
        return new CodeArtifact("app/webhook.py", Language.PYTHON, CODE,
                List.of("Verify the webhook signature", "Log all events", "Store the event in the database"), critical,
                "gemini", Llms.GEMINI_MODEL);
    }

    static String review(String severity, String evidenceForLogging) {
        return "{\"findings\":[{\"severity\":\"" + severity + "\",\"category\":\"security\",\"line\":7,"
                + "\"message\":\"verify() is not defined\",\"suggestedFix\":\"use stripe.Webhook.construct_event\"}],"
                + "\"requirements\":["
                + "{\"requirement\":\"Verify the webhook signature\",\"met\":true,\"evidence\":"
                + TextNode.valueOf("event = verify(payload, signature, secret)") + "},"
                + "{\"requirement\":\"log all events\",\"met\":true,\"evidence\":" + TextNode.valueOf(evidenceForLogging) + "},"
                + "{\"requirement\":\"Store the event in the database\",\"met\":true,\"evidence\":\"db.save(event)\"}],"
                + "\"summary\":\"ok\"}";
    }

    @Test
    void theReviewGoesToAnotherProviderThanTheWriterAndCoverageNeedsRealEvidence() {
        ScriptedProvider gemini = llms.gemini();
        ScriptedProvider openai = llms.openai();
        openai.answer(Llms.OPENAI_MODEL, review("LOW", "log.info('event %s',   event['type'])"), Llms.TOKENS);
        try (LlmService llm = llms.build()) {
            QaReport r = QAAgent.builder().llm(llm).build().review(artifact(false), "t6");

            assertThat(gemini.requests()).isEmpty();
            assertThat(openai.requests()).hasSize(1);
            assertThat(r.reviewerProvider()).isEqualTo("openai");
            assertThat(r.verdict()).isEqualTo(QaReport.Verdict.PASSED);
            assertThat(r.findings()).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(ReviewSeverity.LOW);
                assertThat(f.line()).isEqualTo(7);
                assertThat(f.suggestedFix()).contains("construct_event");
            });
            assertThat(r.coverage()).extracting(CoverageItem::met).containsExactly(true, true, false);
            assertThat(r.missing()).singleElement().satisfies(c -> {
                assertThat(c.requirement()).isEqualTo("Store the event in the database");
                assertThat(c.note()).contains("not in the code").contains("db.save(event)");
            });
            assertThat(r.score().coverage()).isEqualTo(Rubric.COVERAGE_POINTS * 2 / 3);
            assertThat(r.score().findings()).isEqualTo(Rubric.FINDINGS_POINTS - Rubric.LOW_PENALTY);
            assertThat(r.score().reasons()).anySatisfy(x -> assertThat(x).contains("requirement missing: Store the event"));
            assertThat(llm.usageStats().byAgent()).containsKey(QAAgent.DEFAULT_AGENT_ID);
            assertThat(Llms.text(openai.requests().get(0))).contains("   7| ").contains("- Log all events");
        }
    }

    @Test
    void aRequirementTheReviewerDoesNotAddressIsMissing() {
        List<CoverageItem> c = RequirementCoverage.verify(CODE, List.of("Return 200 status", "Retry on failure"),
                List.of(new ReviewAnswer.Check("Return 200 status", true, "return 200"),
                        new ReviewAnswer.Check("Retry on failure", true, "")));
        assertThat(c.get(0).met()).isTrue();
        assertThat(c.get(1).met()).isFalse();
        assertThat(c.get(1).note()).contains("without quoting evidence");
        assertThat(RequirementCoverage.verify(CODE, List.of("Use TLS"), List.of()).get(0).note()).contains("did not address");
    }

    @Test
    void withOnlyTheWritersProviderTheReviewIsRefusedUnlessAnotherModelIsConfigured() {
        llms.provider("gemini", Llms.GEMINI_MODEL, "gemini-2.5-pro");
        try (LlmService llm = llms.build()) {
            QAAgent sameModel = QAAgent.builder().llm(llm).reviewer("gemini", null).build();
            assertThatThrownBy(() -> sameModel.review(artifact(false), null)).isInstanceOf(ReviewerConflictException.class)
                    .hasMessageContaining("gemini/" + Llms.GEMINI_MODEL).hasMessageContaining("app/webhook.py");

            QAAgent otherModel = QAAgent.builder().llm(llm).reviewer("gemini", "gemini-2.5-pro").build();
            assertThat(otherModel.chooseReviewer(artifact(false))).isEqualTo(new QAAgent.Reviewer("gemini", "gemini-2.5-pro"));
        }
    }

    @Test
    void aConfiguredReviewerThatIsTheWriterIsReplacedByAnotherProvider() {
        llms.gemini();
        llms.openai();
        try (LlmService llm = llms.build()) {
            QAAgent qa = QAAgent.builder().llm(llm).reviewer("gemini", null).build();
            assertThat(qa.chooseReviewer(artifact(false)).provider()).isEqualTo("openai");
        }
    }

    @Test
    void aCriticalFileWithAHighFindingGetsOneRepairRoundAndFailsWithTheFindingsIfItRemains() {
        llms.gemini();
        ScriptedProvider openai = llms.openai();
        openai.answer(Llms.OPENAI_MODEL, review("HIGH", "log.info"), Llms.TOKENS);
        openai.answer(Llms.OPENAI_MODEL, review("CRITICAL", "log.info"), Llms.TOKENS);
        AtomicInteger repairs = new AtomicInteger();
        try (LlmService llm = llms.build()) {
            QaReport r = QAAgent.builder().llm(llm).build().reviewAndRepair(artifact(true), "t6", (blocked, findings) -> {
                repairs.incrementAndGet();
                assertThat(findings).anySatisfy(f -> assertThat(f.severity()).isEqualTo(ReviewSeverity.HIGH));
                return blocked;
            });

            assertThat(repairs).hasValue(1);
            assertThat(r.verdict()).isEqualTo(QaReport.Verdict.FAILED);
            assertThat(r.repaired()).isTrue();
            assertThat(r.error()).contains("still has high-severity findings").contains("verify() is not defined");
            assertThat(r.blocking()).singleElement().extracting(ReviewFinding::severity).isEqualTo(ReviewSeverity.CRITICAL);
            assertThat(r.usage().calls()).isEqualTo(2);
        }
    }

    @Test
    void aRepairedCriticalFilePassesAndANonCriticalFileIsNotBlocked() {
        llms.gemini();
        ScriptedProvider openai = llms.openai();
        openai.answer(Llms.OPENAI_MODEL, review("HIGH", "log.info"), Llms.TOKENS);
        openai.answer(Llms.OPENAI_MODEL, review("LOW", "log.info"), Llms.TOKENS);
        openai.answer(Llms.OPENAI_MODEL, review("HIGH", "log.info"), Llms.TOKENS);
        try (LlmService llm = llms.build()) {
            QAAgent qa = QAAgent.builder().llm(llm).build();
            CodeArtifact fixed = new CodeArtifact("app/webhook.py", Language.PYTHON, CODE + "\n# fixed\n",
                    artifact(true).requirements(), true, "gemini", Llms.GEMINI_MODEL);
            QaReport repaired = qa.reviewAndRepair(artifact(true), null, (b, f) -> fixed);
            assertThat(repaired.verdict()).isEqualTo(QaReport.Verdict.PASSED);
            assertThat(repaired.reviewed().code()).endsWith("# fixed\n");
            assertThat(repaired.resolved()).singleElement().extracting(ReviewFinding::severity).isEqualTo(ReviewSeverity.HIGH);
            assertThat(repaired.findings()).noneMatch(f -> f.severity().highOrWorse());

            QaReport plain = qa.reviewAndRepair(artifact(false), null, (b, f) -> {
                throw new AssertionError("a non-critical file is not repaired");
            });
            assertThat(plain.verdict()).isEqualTo(QaReport.Verdict.PASSED);
            assertThat(plain.repaired()).isFalse();
        }
    }

    @Test
    void aFailingRepairFailsTheCriticalFileWithTheFindings() {
        llms.gemini();
        ScriptedProvider openai = llms.openai();
        openai.answer(Llms.OPENAI_MODEL, review("CRITICAL", "log.info"), Llms.TOKENS);
        try (LlmService llm = llms.build()) {
            QaReport r = QAAgent.builder().llm(llm).build().reviewAndRepair(artifact(true), null, (b, f) -> {
                throw new IllegalStateException("writer unavailable");
            });
            assertThat(r.verdict()).isEqualTo(QaReport.Verdict.FAILED);
            assertThat(r.error()).contains("writer unavailable");
            assertThat(r.findings()).isNotEmpty();
        }
    }

    @Test
    void withoutAnLlmTheStaticReviewUsesTheValidatorAndKeywordCoverage() {
        QAAgent qa = QAAgent.builder().build();
        QaReport r = qa.review(artifact(false), null);

        assertThat(r.reviewerProvider()).isEmpty();
        assertThat(r.coverage()).extracting(CoverageItem::met).containsExactly(true, true, false);
        assertThat(r.coverage().get(0).evidence()).contains("verify(payload, signature, secret)");
        assertThat(r.missing().get(0).note()).contains("datab");

        QaReport broken = qa.review(new CodeArtifact("x.py", Language.PYTHON, "def f(:\n", List.of(), true, "", ""), null);
        assertThat(broken.verdict()).isEqualTo(QaReport.Verdict.BLOCKED);
        assertThat(broken.score().validator()).isZero();
    }

    @Test
    void theRubricAddsItsThreePartsAndExplainsEveryLostPoint() {
        RubricScore s = Rubric.score(List.of(new CoverageItem("a", true, "x", ""), new CoverageItem("b", false, "", "none")),
                List.of(new ReviewFinding(ReviewSeverity.HIGH, "security", 3, "m", "f"),
                        new ReviewFinding(ReviewSeverity.INFO, "style", 0, "i", "")), null);
        assertThat(s.coverage()).isEqualTo(20);
        assertThat(s.findings()).isEqualTo(Rubric.FINDINGS_POINTS - Rubric.HIGH_PENALTY);
        assertThat(s.validator()).isEqualTo(Rubric.VALIDATOR_POINTS);
        assertThat(s.total()).isEqualTo(20 + 25 + 20);
        assertThat(s.reasons()).hasSize(2);
        assertThat(Rubric.score(List.of(), List.of(), null).total()).isEqualTo(100);
    }
}
