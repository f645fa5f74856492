package io.q2o.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.q2o.coder.Language;
import io.q2o.coder.validation.CodeValidators;
import io.q2o.coder.validation.ValidationReport;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.testing.CannedAnswers;
import io.q2o.llm.testing.Recording;
import io.q2o.llm.testing.Recordings;
import io.q2o.llm.testing.ReplayServer;
import io.q2o.llm.testing.WireProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** The default command, end to end, offline through the real adapters and the bundled answers. */
class DemoEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        DemoApp app = new DemoApp(() -> LlmConfig.builder().environment(Map.copyOf(env)).isolated(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return app.commandLine().execute(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void offlineDemoWithoutKeysPrintsTheFourMeasuredStepsAndWritesItsFiles(@TempDir Path dir) throws IOException {
        int code = run(Map.of(), "--output", dir.toString());

        assertThat(code).as(stdout() + err).isZero();
        String o = stdout();
        assertThat(o).contains("Q2O LLM Integration - Proof of Concept")
                .contains("[1/4] Template-based generation...")
                .contains("[2/4] LLM-based generation (gemini/gemini-2.5-pro)...")
                .contains("[3/4] Comparing outputs")
                .contains("[4/4] Validating generated code...")
                .contains("DEMO COMPLETE - LLM Integration Viable!")
                .contains("Key Findings:")
                .contains("Recommendation: ")
                .contains("offline replay — set GOOGLE_API_KEY (or OPENAI_API_KEY / ANTHROPIC_API_KEY) for a live call");
        assertThat(o).containsPattern("Template: \\d+/100").containsPattern("LLM: +\\d+/100")
                .containsPattern("LLM valid: +YES");

        Path template = dir.resolve("template_output.py");
        Path llm = dir.resolve("llm_output.py");
        assertThat(template).exists();
        assertThat(llm).exists();
        assertThat(dir.resolve("results.md")).exists();
        assertThat(dir.resolve("results.json")).exists();

        // the LLM output is the bundled answer and validates as the task
        String llmCode = Files.readString(llm);
        assertThat(llmCode).isEqualTo(BundledAnswers.answer(DemoTask.ID));
        ValidationReport report = CodeValidators.defaults().validate(llmCode, Language.PYTHON, DemoTask.REQUIRED_ELEMENTS);
        assertThat(report.passed()).as(report.describeErrors()).isTrue();
        assertThat(Files.readString(template)).contains("construct_event").contains("payment_intent.succeeded");

        // the figures are measured: they are the recording's usage, priced by the price table
        Recording recorded = LlmSession.bundled().all().stream()
                .filter(r -> r.provider() == WireProvider.GEMINI && r.stream()).findFirst().orElseThrow();
        JsonNode usage = lastUsage(recorded);
        long in = usage.get("promptTokenCount").asLong();
        long outTokens = usage.get("candidatesTokenCount").asLong();
        JsonNode results = JSON.readTree(dir.resolve("results.json").toFile());
        assertThat(results.at("/mode").asText()).isEqualTo("offline");
        assertThat(results.at("/usage/inputTokens").asLong()).isEqualTo(in);
        assertThat(results.at("/usage/outputTokens").asLong()).isEqualTo(outTokens);
        BigDecimal expected = LlmConfig.builder().environment(Map.of()).isolated().build().prices()
                .cost("gemini-2.5-pro", TokenCounts.of(in, outTokens)).map(c -> c.get(0).add(c.get(1))).orElseThrow();
        assertThat(new BigDecimal(results.at("/usage/costUsd").asText())).isEqualByComparingTo(expected);
        assertThat(results.at("/usage/latencyMillis").asLong()).isPositive();
        assertThat(results.at("/llm/characters").asInt()).isEqualTo(llmCode.length());
        assertThat(results.at("/llm/valid").asBoolean()).isTrue();
        assertThat(results.at("/template/characters").asInt()).isEqualTo(Files.readString(template).length());
        assertThat(results.at("/llm/quality").asInt()).isBetween(0, 100);
        assertThat(results.at("/keyFindings")).isNotEmpty();
        // step 3's QA rubric, by a reviewer other than the writer, tells the two outputs apart and says why
        assertThat(o).contains("Reviewed by openai/gpt-4o (not the writer)").containsPattern("Template: QA \\d+/100")
                .containsPattern("LLM: +QA \\d+/100");
        assertThat(results.at("/templateReview/reviewer").asText()).isEqualTo("openai/gpt-4o");
        assertThat(results.at("/templateReview/score").asInt()).isLessThan(results.at("/llmReview/score").asInt());
        assertThat(results.at("/templateReview/missing").toString()).contains("Process payment_intent.succeeded");
        assertThat(results.at("/templateReview/reasons")).isNotEmpty();
        assertThat(o).contains("+ QA rubric by openai/gpt-4o: LLM " + results.at("/llmReview/score").asInt()
                + "/100 vs template " + results.at("/templateReview/score").asInt() + "/100; template lost points for: "
                + "requirement missing: Process payment_intent.succeeded");
        assertThat(o).contains(String.format(java.util.Locale.ROOT, "Tokens: %,d input, %,d output", in, outTokens))
                .contains("Cost: " + DemoCommand.money(expected));

        String md = Files.readString(dir.resolve("results.md"));
        assertThat(md).contains("| figure | template | LLM |").contains("## QA review (rubric)")
                .contains(String.format(java.util.Locale.ROOT, "| input tokens | - | %,d |", in))
                .contains("| cost (USD, exact) | $0 | $" + expected.toPlainString() + " |")
                .contains("## Validation findings").contains("## Key findings");
    }

    @Test
    void eachProvidersBundledAnswerRunsOffline(@TempDir Path dir) throws IOException {
        for (String provider : List.of("openai", "anthropic")) {
            out.reset();
            Path o = dir.resolve(provider);
            int code = run(Map.of(), "--offline", "--provider", provider, "--output", o.toString());
            assertThat(code).as(stdout()).isZero();
            assertThat(stdout()).contains("[2/4] LLM-based generation (" + provider + "/");
            assertThat(Files.readString(o.resolve("llm_output.py"))).isEqualTo(BundledAnswers.answer(DemoTask.ID));
        }
    }

    @Test
    void withAKeyTheDemoCallsTheLiveApiAndRecordsItsAnswerForLaterReplay(@TempDir Path dir) throws IOException {
        WireMockServer api = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
        try {
            String answer = "```python\n" + BundledAnswers.answer(DemoTask.ID) + "```\n";
            api.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(CannedAnswers.stream(WireProvider.OPENAI, "gpt-4o-2024-08-06",
                            CannedAnswers.chunks(answer, 200), TokenCounts.of(900, 1500)).body())));
            Map<String, String> env = new HashMap<>();
            env.put("Q2O_LLM_PRIMARY", "openai");
            env.put("OPENAI_API_KEY", "sk-test-never-recorded-123456");
            env.put("OPENAI_BASE_URL", api.baseUrl() + "/v1");
            Path recordings = dir.resolve("recorded");

            int code = run(env, "--record", recordings.toString(), "--output", dir.resolve("out").toString());

            assertThat(code).as(stdout() + err).isZero();
            assertThat(stdout()).doesNotContain("offline replay").contains("live call to openai")
                    .contains("Tokens: 900 input, 1,500 output").contains("Recorded 1 answer(s)");
            api.verify(1, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
            // the fence was stripped, the code validates
            assertThat(Files.readString(dir.resolve("out/llm_output.py"))).isEqualTo(BundledAnswers.answer(DemoTask.ID));
            JsonNode results = JSON.readTree(dir.resolve("out/results.json").toFile());
            assertThat(results.at("/mode").asText()).isEqualTo("record");
            assertThat(results.at("/usage/model").asText()).isEqualTo("gpt-4o-2024-08-06");
            // gpt-4o: $2.50 in, $10.00 out per 1M tokens
            assertThat(new BigDecimal(results.at("/usage/costUsd").asText())).isEqualByComparingTo("0.01725");

            Recordings saved = Recordings.fromDirectory(recordings);
            assertThat(saved.all()).singleElement().satisfies(r -> {
                assertThat(r.provider()).isEqualTo(WireProvider.OPENAI);
                assertThat(r.stream()).isTrue();
                assertThat(r.bodySha256()).isNotNull();
            });
            try (var files = Files.list(recordings)) {
                for (Path p : files.toList()) {
                    assertThat(Files.readString(p)).doesNotContain("sk-test-never-recorded-123456");
                }
            }
            api.stop();
            // the recording answers the same request again, strictly, without the upstream
            try (ReplayServer replay = ReplayServer.start(saved)) {
                out.reset();
                Map<String, String> replayEnv = new HashMap<>(env);
                replayEnv.put("OPENAI_BASE_URL", replay.baseUrl(WireProvider.OPENAI));
                int again = run(replayEnv, "--live", "--output", dir.resolve("again").toString());
                assertThat(again).as(stdout()).isZero();
                assertThat(replay.requests()).singleElement().satisfies(q -> assertThat(q.answeredBy()).isNotNull());
            }
        } finally {
            api.stop();
        }
    }

    @Test
    void liveWithoutAKeyIsAUsageErrorNamingTheVariable(@TempDir Path dir) {
        int code = run(Map.of(), "--live", "--output", dir.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--live needs GOOGLE_API_KEY");
        assertThat(dir.resolve("results.md")).doesNotExist();
    }

    @Test
    void unknownProviderIsAUsageError(@TempDir Path dir) {
        assertThat(run(Map.of(), "--provider", "mistral", "--output", dir.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown provider 'mistral'");
    }

    private static JsonNode lastUsage(Recording sse) throws IOException {
        JsonNode last = null;
        for (String event : sse.body().split("\n\n")) {
            if (event.startsWith("data: ")) {
                last = JSON.readTree(event.substring(6));
            }
        }
        return last.get("usageMetadata");
    }
}
