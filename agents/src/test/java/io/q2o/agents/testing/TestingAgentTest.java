package io.q2o.agents.testing;

import io.q2o.agents.CodeArtifact;
import io.q2o.agents.Llms;
import io.q2o.coder.Language;
import io.q2o.coder.validation.CodeValidators;
import io.q2o.llm.LlmService;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TestingAgentTest {

    @TempDir
    Path out;

    private final Llms llms = new Llms();
    private final ScriptedProvider gemini = llms.gemini();

    static final CodeArtifact PYTHON = new CodeArtifact("app/payments.py", Language.PYTHON,
            "import json\n\n\nclass PaymentEvent:\n    pass\n\n\ndef parse_event(body):\n    return json.loads(body)\n\n\n"
                    + "def _private():\n    return 1\n", List.of("parse events"), true, "gemini", Llms.GEMINI_MODEL);

    @Test
    void withoutAnLlmTheTemplateWritesValidPytestSmokeTestsForEveryPublicName() throws Exception {
        TestingAgent agent = TestingAgent.builder().outputRoot(out).build();

        TestFileResult r = agent.writeTests(PYTHON, "t5");

        assertThat(r.succeeded()).as(String.valueOf(r.error())).isTrue();
        assertThat(r.framework()).isEqualTo(TestFramework.PYTEST);
        assertThat(r.source()).isEqualTo(TestFileResult.Source.TEMPLATE);
        assertThat(r.testPath()).isEqualTo("tests/test_payments.py");
        String written = Files.readString(out.resolve("tests/test_payments.py"));
        assertThat(written).contains("def test_defines_payment_event(").contains("def test_defines_parse_event(")
                .contains("parents[1] / \"app/payments.py\"").doesNotContain("_private");
        assertThat(r.tests()).isEqualTo(3);
        assertThat(r.validation().passed()).isTrue();
        assertThat(r.usage().calls()).isZero();
    }

    @Test
    void llmTestsAreValidatedWrittenAndTaggedWithTheAgentId() throws Exception {
        String tests = "from app.payments import parse_event\n\n\ndef test_parses():\n    assert parse_event('{}') == {}\n";
        gemini.answer(Llms.GEMINI_MODEL, "{\"code\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(tests)
                + ",\"testNames\":[\"test_parses\"]}", Llms.TOKENS);
        try (LlmService llm = llms.build()) {
            TestFileResult r = TestingAgent.builder().llm(llm).outputRoot(out).build().writeTests(PYTHON, "t5");

            assertThat(r.succeeded()).isTrue();
            assertThat(r.source()).isEqualTo(TestFileResult.Source.LLM);
            assertThat(r.tests()).isEqualTo(1);
            assertThat(Files.readString(out.resolve("tests/test_payments.py"))).isEqualTo(tests);
            assertThat(llm.usageStats().byAgent()).containsKey(TestingAgent.DEFAULT_AGENT_ID);
            assertThat(Llms.text(gemini.requests().get(0))).contains("pytest").contains("def parse_event(body)")
                    .contains("parse events");
        }
    }

    @Test
    void llmTestsThatFailValidationAreNeverWrittenAndTheTemplateIsUsedInstead() throws Exception {
        String insecure = "import os\n\n\ndef test_x():\n    os.system('rm -rf /')\n    eval('1')\n";
        gemini.answer(Llms.GEMINI_MODEL, "{\"code\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(insecure)
                + ",\"testNames\":[\"test_x\"]}", Llms.TOKENS);
        try (LlmService llm = llms.build()) {
            TestFileResult r = TestingAgent.builder().llm(llm).outputRoot(out).build().writeTests(PYTHON, null);

            assertThat(r.succeeded()).isTrue();
            assertThat(r.source()).isEqualTo(TestFileResult.Source.TEMPLATE);
            assertThat(r.fallbackReason()).contains("failed validation");
            assertThat(Files.readString(out.resolve("tests/test_payments.py"))).doesNotContain("rm -rf");
        }
    }

    @Test
    void junitAndJestTemplatesPassTheValidator() throws Exception {
        TestingAgent agent = TestingAgent.builder().outputRoot(out).build();
        CodeArtifact java = CodeArtifact.of("src/main/java/com/x/Fees.java",
                "package com.x;\n\npublic final class Fees {\n    public static long fee(long cents) {\n        return cents / 10;\n    }\n}\n");
        CodeArtifact ts = CodeArtifact.of("web/fees.ts", "export function fee(cents: number): number {\n  return cents / 10;\n}\n");
        CodeArtifact js = CodeArtifact.of("web/util.js", "module.exports.total = (a, b) => a + b;\n");

        TestFileResult j = agent.writeTests(java, null);
        TestFileResult t = agent.writeTests(ts, null);
        TestFileResult s = agent.writeTests(js, null);

        assertThat(j.testPath()).isEqualTo("src/test/java/com/x/FeesTest.java");
        assertThat(j.succeeded()).as(String.valueOf(j.error())).isTrue();
        assertThat(Files.readString(out.resolve(j.testPath()))).contains("package com.x;").contains("void declaresFee()");
        assertThat(t.testPath()).isEqualTo("web/fees.test.ts");
        assertThat(t.succeeded()).as(String.valueOf(t.error())).isTrue();
        assertThat(Files.readString(out.resolve(t.testPath()))).contains("import * as subject from \"./fees\"")
                .contains("exports fee");
        assertThat(s.succeeded()).as(String.valueOf(s.error())).isTrue();
        assertThat(s.framework()).isEqualTo(TestFramework.JEST);
        assertThat(Files.readString(out.resolve(s.testPath()))).contains("subject.total");
        CodeValidators v = CodeValidators.defaults();
        assertThat(v.validate(Files.readString(out.resolve(j.testPath())), Language.JAVA, List.of()).passed()).isTrue();
    }

    @Test
    void aTestPathLeavingTheOutputRootIsRefusedAndNothingIsWritten() throws Exception {
        TestingAgent agent = TestingAgent.builder().outputRoot(out.resolve("root")).build();

        TestFileResult r = agent.writeTests(CodeArtifact.of("../outside.js", "export const a = 1;\n"), null);

        assertThat(r.succeeded()).isFalse();
        assertThat(r.error()).contains("../outside.test.js");
        assertThat(Files.exists(out.resolve("outside.test.js"))).isFalse();
    }

    @Test
    void languagesWithoutAFrameworkAreReported() {
        TestFileResult r = TestingAgent.builder().outputRoot(out).build().writeTests(CodeArtifact.of("db/schema.sql",
                "CREATE TABLE t (id INT);\n"), null);
        assertThat(r.succeeded()).isFalse();
        assertThat(r.error()).contains("no test framework for sql");
    }
}
