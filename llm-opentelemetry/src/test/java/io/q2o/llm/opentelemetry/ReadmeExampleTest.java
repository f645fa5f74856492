package io.q2o.llm.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.testing.CannedAnswers;
import io.q2o.llm.testing.Recording;
import io.q2o.llm.testing.Recordings;
import io.q2o.llm.testing.ReplayServer;
import io.q2o.llm.testing.WireProvider;
import io.q2o.llm.testkit.ReadmeSnippets;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's example, compiled and run; the README shows this file's region verbatim. */
class ReadmeExampleTest {

    static void example(OpenTelemetry openTelemetry, LlmConfig config) {
        // [tracing]
        LlmTracing tracing = LlmTracing.builder(openTelemetry)   // the application's OpenTelemetry (SDK or agent)
                .captureContent(false)                           // the default: no prompt or answer text
                .build();
        try (LlmService llm = LlmService.builder().config(config).listener(tracing).build()) {
            LlmResponse r = llm.complete(LlmRequest.of("You are terse.", "Say hello"));
            System.out.println(r.content());   // one "chat <model>" span, one child per provider request
        }
        // [/tracing]
    }

    @Test
    void readmeExampleTracesARealGeminiCallThroughTheReplayServer() {
        Recording answer = CannedAnswers.text(WireProvider.GEMINI, "gemini-2.5-flash", "Hello", TokenCounts.of(12, 5));
        try (Harness h = new Harness(); ReplayServer replay = ReplayServer.start(Recordings.of(answer))) {
            LlmConfig config = replay.configure(LlmConfig.builder().environment(Map.of()).isolated())
                    .set("Q2O_LLM_PRIMARY", "gemini").set("GEMINI_MODEL", "gemini-2.5-flash")
                    .set("Q2O_LLM_CACHE_ENABLED", "false").build();

            example(h.otel, config);

            assertThat(replay.requests()).hasSize(1);
            List<SpanData> spans = h.spans();
            assertThat(spans).hasSize(2);
            assertThat(spans).allSatisfy(s -> {
                assertThat(s.getName()).isEqualTo("chat gemini-2.5-flash");
                assertThat(s.getAttributes().get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("gcp.gemini");
                assertThat(s.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS)).isEqualTo(12L);
                assertThat(s.getAttributes().get(GenAiAttributes.USAGE_OUTPUT_TOKENS)).isEqualTo(5L);
                assertThat(s.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isNull();
            });
        }
    }

    @Test
    void readmeShowsTheCompiledRegionVerbatim() throws IOException {
        ReadmeSnippets.assertShown(Path.of("README.md"), Path.of("src/test/java/io/q2o/llm/opentelemetry/ReadmeExampleTest.java"), "tracing", false);
    }
}
