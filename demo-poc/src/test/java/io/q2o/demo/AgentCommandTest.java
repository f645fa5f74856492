package io.q2o.demo;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.testing.Recording;
import io.q2o.llm.testing.WireProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AgentCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> settings, String... args) {
        DemoApp app = new DemoApp(() -> {
            LlmConfig.Builder b = LlmConfig.builder().environment(Map.of()).isolated();
            settings.forEach(b::set);
            return b;
        }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return app.commandLine().execute(args);
    }

    private static Map<String, String> offline(Path dir) {
        // the response cache stays on, as a user has it: its key covers the whole conversation, so each
        // step of the loop is a miss and reaches the replay server
        return Map.of("Q2O_LLM_USAGE_DIR", dir.toString());
    }

    @Test
    void answersTheDefaultQuestionOfflineWithBothToolsThroughTheOpenAiAdapter(@TempDir Path dir) {
        int code = run(offline(dir), "agent");

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text + err).isEqualTo(0);
        assertThat(text).contains("offline replay")
                .contains("-> current_temperature {\"city\":\"Oslo\"}")
                .contains("<- current_temperature {\"city\":\"Oslo\",\"celsius\":4.0}")
                .contains("<- current_temperature {\"city\":\"Rome\",\"celsius\":18.5}")
                .contains("<- difference 14.5")
                .contains("Answer: " + BundledAgentAnswers.ANSWER)
                .contains("3 model call(s), 3 tool call(s)")
                .contains("by openai/gpt-4o");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemini", "anthropic"})
    void answersTheDefaultQuestionOfflineThroughTheGeminiAndAnthropicAdaptersToo(String provider, @TempDir Path dir) {
        int code = run(offline(dir), "agent", "--provider", provider);

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text + err).isEqualTo(0);
        assertThat(text).contains("offline replay")
                .contains("-> current_temperature {\"city\":\"Rome\"}")
                .contains("<- current_temperature {\"city\":\"Rome\",\"celsius\":18.5}")
                .contains("-> difference {\"a\":18.5,\"b\":4")  // 4.0 or 4: the SDK rewrites the JSON
                .contains("<- difference 14.5")
                .contains("Answer: " + BundledAgentAnswers.ANSWER)
                .contains("3 model call(s), 3 tool call(s)")
                .contains("by " + provider + "/" + BundledAgentAnswers.MODELS.get(WireProvider.of(provider)));
    }

    @Test
    void aLimitTooSmallEndsWithoutAnAnswerAndExitCodeOne(@TempDir Path dir) {
        int code = run(offline(dir), "agent", "--max-steps", "2");

        assertThat(code).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("No answer: STEP_LIMIT");
    }

    @Test
    void liveWithoutAKeyIsAUsageError(@TempDir Path dir) {
        assertThat(run(offline(dir), "agent", "--live", "--provider", "openai")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("OPENAI_API_KEY");
    }

    @Test
    void bundledRecordingsAreTheGeneratedOnes() throws Exception {
        Path dir = Path.of("src/main/resources").resolve(AgentCommand.BUNDLED);
        for (Map.Entry<String, Recording> e : BundledAgentAnswers.recordings().entrySet()) {
            Path file = dir.resolve(e.getKey());
            assertThat(file).exists();
            Recording bundled = Recording.read(file);
            assertThat(bundled.body()).as(e.getKey()).isEqualTo(e.getValue().body());
            assertThat(bundled.model()).isEqualTo(BundledAgentAnswers.MODELS.get(bundled.provider()));
        }
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(BundledAgentAnswers.recordings().size());
        }
    }
}
