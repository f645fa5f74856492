package io.q2o.llm.testing;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.TokenCounts;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Java examples of llm-testing/README.md: each region between {@code // [name]} and
 * {@code // [/name]} appears verbatim in the README (checked by demo-poc's DocSnippetsTest);
 * {@code ReadmeExamplesTest} runs the offline ones.
 */
final class ReadmeExamples {
    private ReadmeExamples() {
    }

    static LlmResponse replay(Path recordingsDir) {
        // [replay]
        Recordings answers = Recordings.fromDirectory(recordingsDir);
        // or Recordings.fromClasspath(getClass().getClassLoader(), "llm-recordings")  (folders and jars)
        try (ReplayServer replay = ReplayServer.start(answers)) {
            LlmConfig config = replay.configure(LlmConfig.builder().environment(Map.of()).isolated())
                    .set("Q2O_LLM_PRIMARY", "gemini")
                    .build();
            try (LlmService llm = LlmService.builder().config(config).build()) {
                LlmResponse r = llm.complete(LlmRequest.of("You write Python.", "Write a Stripe webhook"));
                // r.content(), r.usage().tokens(), r.usage().totalCost() are what was recorded
                List<ReplayServer.Replayed> seen = replay.requests();   // what arrived, which recording answered
                return r;
            }
        }
        // [/replay]
    }

    static void record() {
        // [record]
        try (RecordingProxy proxy = RecordingProxy.start(Path.of("src/test/resources/llm-recordings"))) {
            LlmConfig config = proxy.pointAt(LlmConfig.builder()).build();   // keys from the environment
            try (LlmService llm = LlmService.builder().config(config).build()) {
                llm.complete(LlmRequest.of("You write Python.", "Write a Stripe webhook"));
            }
        }
        // [/record]
    }

    static List<Recording> canned(Path dir) {
        // [canned]
        Recording ok = CannedAnswers.text(WireProvider.OPENAI, "gpt-4o-mini", "Hello", TokenCounts.of(12, 5));
        Recording streamed = CannedAnswers.stream(WireProvider.ANTHROPIC, "claude-sonnet-4-5",
                CannedAnswers.chunks("Hello world", 4), TokenCounts.of(12, 5));
        Recording limited = CannedAnswers.error(WireProvider.GEMINI, "gemini-2.5-pro", false, 429,
                "quota", Map.of("Retry-After", "1"));
        ok.write(dir.resolve("openai-hello.json"));
        // [/canned]
        return List.of(ok, streamed, limited);
    }
}
