package io.q2o.demo.docs;

import io.q2o.llm.ErrorKind;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.RequestTags;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.testing.CannedAnswers;
import io.q2o.llm.testing.Recordings;
import io.q2o.llm.testing.ReplayServer;
import io.q2o.llm.testing.WireProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the listener example of docs/LLM_COST_MONITORING.md against a recorded Gemini answer. */
class ListenerExampleTest {
    private static final String MODEL = "gemini-2.5-pro";

    private ReplayServer replay;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        replay = ReplayServer.start(Recordings.of(
                CannedAnswers.text(WireProvider.GEMINI, MODEL, "def add(a, b):\n    return a + b\n", TokenCounts.of(1_000, 1_500))));
    }

    @AfterEach
    void stop() {
        replay.close();
    }

    private LlmConfig.Builder config() {
        return replay.configure(LlmConfig.builder().environment(Map.of()).isolated())
                .set("GEMINI_MODEL", MODEL).set("Q2O_LLM_FALLBACK", "none").set("Q2O_LLM_AUTO_FALLBACK", "false");
    }

    /** Runs the calls with System.out and System.err captured. */
    private void captured(Runnable calls) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            calls.run();
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    @Test
    void theListenerSeesEachResponseOnceIncludingCacheHitsAndBudgetRefusals() {
        LlmRequest request = LlmRequest.builder().userPrompt("Write add(a, b)").tags(RequestTags.agent("coder_main")).build();
        captured(() -> {
            try (LlmService llm = UsageGuideExamples.listener(config().build())) {
                assertThat(llm.complete(request).success()).isTrue();
                assertThat(llm.complete(request).cacheHit()).isTrue();
            }
            try (LlmService llm = UsageGuideExamples.listener(config().set("Q2O_LLM_DAILY_COST_LIMIT", "0.0001").build())) {
                LlmResponse refused = llm.complete(request);
                assertThat(refused.error().kind()).isEqualTo(ErrorKind.BUDGET_EXCEEDED);
            }
        });
        // $0.01625 = (1,000 × $1.25 + 1,500 × $10.00) / 1,000,000, the gemini-2.5-pro price
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "coder_main gemini/" + MODEL + " ok $0.01625",
                "coder_main gemini/" + MODEL + " ok (cache hit) $0",
                "coder_main / BUDGET_EXCEEDED $0");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("refused by a budget: today $0");
    }
}
