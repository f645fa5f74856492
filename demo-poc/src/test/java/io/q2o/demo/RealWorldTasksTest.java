package io.q2o.demo;

import io.q2o.coder.ComponentResult;
import io.q2o.coder.Strategy;
import io.q2o.coder.TaskResult;
import io.q2o.coder.TaskStatus;
import io.q2o.coder.validation.CodeValidators;
import io.q2o.coder.validation.ValidationReport;
import io.q2o.llm.LlmConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan's real-world tests: three tasks without a template, offline by replay, validated. */
class RealWorldTasksTest {

    @Test
    void eachTaskWithoutATemplateGoesThroughTheLlmAndWritesFilesThatPassValidation(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        DemoApp app = new DemoApp(() -> LlmConfig.builder().environment(Map.of()).isolated(), out, out);
        LlmOptions offline = new LlmOptions();
        offline.mode.offline = true;
        List<TaskResult> results;
        try (LlmSession session = LlmSession.open(app, offline, LlmSession.bundled())) {
            results = RealWorldCommand.run(session, dir, out);
            // exactly one LLM call per task: every prompt matched its recorded answer, no repair was needed
            assertThat(session.replayed()).hasSize(3).allSatisfy(q -> assertThat(q.answeredBy()).isNotNull());
        }
        assertThat(results).hasSize(3);
        CodeValidators validators = CodeValidators.defaults();
        for (TaskResult r : results) {
            assertThat(r.status()).as(r.taskId() + ": " + r.failures()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(r.filesWritten()).isNotEmpty();
            for (ComponentResult c : r.components()) {
                assertThat(c.strategy()).contains(Strategy.LLM);
                assertThat(c.llmCalls()).isEqualTo(1);
                assertThat(c.usage().cost()).hasValueSatisfying(cost -> assertThat(cost).isPositive());
                Path file = c.writtenFile().orElseThrow();
                assertThat(file).startsWith(dir.toRealPath());
                String code = Files.readString(file);
                assertThat(code).isEqualTo(BundledAnswers.answer(r.taskId()));
                ValidationReport report = validators.validate(code, RealWorldTasks.ALL.stream()
                        .filter(t -> t.id().equals(r.taskId())).findFirst().orElseThrow().effectiveComponents().get(0));
                assertThat(report.passed()).as(report.describeErrors()).isTrue();
            }
        }
        assertThat(dir.resolve("payments/stripe_payments.py")).exists();
        assertThat(dir.resolve("integrations/xero_client.py")).exists();
        assertThat(dir.resolve("api/graphql_schema.py")).exists();
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("[1/3] Stripe payments integration")
                .contains("[3/3] GraphQL schema for products and orders").contains("LLM cost of the three tasks: $");
    }

    @Test
    void realWorldCommandExitsZeroWhenEveryTaskValidates(@TempDir Path dir) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        DemoApp app = new DemoApp(() -> LlmConfig.builder().environment(Map.of()).isolated(), out, out);
        int code = app.commandLine().execute("real-world", "--offline", "--provider", "anthropic", "--output", dir.toString());
        assertThat(code).as(buf.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("3 of 3 tasks produced files that pass validation")
                .contains("offline replay");
    }
}
