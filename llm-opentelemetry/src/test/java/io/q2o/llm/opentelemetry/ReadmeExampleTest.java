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
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's example, compiled and run; the README shows this file's region verbatim. */
class ReadmeExampleTest {

    private static final Pattern REGION = Pattern.compile("(?m)^[ \\t]*// \\[tracing\\]\\n(.*?)^[ \\t]*// \\[/tracing\\]",
            Pattern.DOTALL);
    private static final Pattern BLOCK = Pattern.compile("<!-- snippet: tracing -->\\n```java\\n(.*?)```", Pattern.DOTALL);

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
        Matcher region = REGION.matcher(Files.readString(Path.of("src/test/java/io/q2o/llm/opentelemetry/ReadmeExampleTest.java")));
        assertThat(region.find()).isTrue();
        Matcher block = BLOCK.matcher(Files.readString(Path.of("README.md")));
        assertThat(block.find()).as("README.md has the tracing snippet").isTrue();
        assertThat(block.group(1).strip()).isEqualTo(dedent(region.group(1)));
    }

    static String dedent(String block) {
        List<String> lines = block.lines().collect(Collectors.toList());
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n")).strip();
    }
}
