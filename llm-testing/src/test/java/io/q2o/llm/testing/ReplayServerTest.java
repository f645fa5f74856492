package io.q2o.llm.testing;

import io.q2o.llm.ErrorKind;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.TokenCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static io.q2o.llm.testing.RecordThenReplayTest.call;
import static io.q2o.llm.testing.RecordThenReplayTest.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayServerTest {
    private static final TokenCounts TOKENS = TokenCounts.of(10, 4);

    @Test
    void unmatchedModelIsAModelNotFoundSoThePipelineMovesToTheNextRecordedModel() {
        // GEMINI_MODEL=gemini-1.5-pro comes first, then the config file's gemini-2.5-pro
        Recordings recs = Recordings.of(CannedAnswers.text(WireProvider.GEMINI, "gemini-2.5-pro", "hi", TOKENS));
        try (ReplayServer replay = ReplayServer.start(recs)) {
            LlmResponse r = call(WireProvider.GEMINI, "gemini-1.5-pro", false,
                    replay.configure(config(WireProvider.GEMINI, "gemini-1.5-pro")));
            assertThat(r.success()).isTrue();
            assertThat(r.model()).isEqualTo("gemini-2.5-pro");
            assertThat(r.attempts()).first().satisfies(a -> {
                assertThat(a.model()).isEqualTo("gemini-1.5-pro");
                assertThat(a.error()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
                assertThat(a.message()).contains("no recording answers gemini model 'gemini-1.5-pro'")
                        .contains("recorded: gemini/gemini-2.5-pro");
            });
            assertThat(replay.requests()).hasSize(2).first().satisfies(q -> assertThat(q.answeredBy()).isNull());
        }
    }

    @Test
    void strictModeRequiresTheRecordedBodyHashAndLenientModeFallsBackToTheSameModel() {
        Recording other = Recording.of(WireProvider.OPENAI, "/v1/chat/completions", "gpt-4o", false,
                "0".repeat(64), 200, Map.of("Content-Type", "application/json"),
                CannedAnswers.text(WireProvider.OPENAI, "gpt-4o", "recorded for another prompt", TOKENS).body());
        try (ReplayServer strict = ReplayServer.start(Recordings.of(other))) {
            LlmResponse r = call(WireProvider.OPENAI, "gpt-4o", false, strict.configure(config(WireProvider.OPENAI, "gpt-4o")));
            assertThat(r.success()).isFalse();
            assertThat(r.error().kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
        }
        try (ReplayServer lenient = ReplayServer.start(Recordings.of(other), Recordings.MatchMode.LENIENT)) {
            LlmResponse r = call(WireProvider.OPENAI, "gpt-4o", false, lenient.configure(config(WireProvider.OPENAI, "gpt-4o")));
            assertThat(r.success()).isTrue();
            assertThat(r.content()).isEqualTo("recorded for another prompt");
        }
    }

    @Test
    void exactBodyHashWinsOverAnAnswerForAnyBody() {
        Recording any = CannedAnswers.text(WireProvider.ANTHROPIC, "claude-sonnet-4-5", "generic", TOKENS);
        String model = "claude-sonnet-4-5";
        try (ReplayServer first = ReplayServer.start(Recordings.of(any))) {
            call(WireProvider.ANTHROPIC, model, false, first.configure(config(WireProvider.ANTHROPIC, model)));
            String hash = first.requests().get(0).bodySha256();
            Recording exact = Recording.of(WireProvider.ANTHROPIC, "/v1/messages", model, false, hash, 200,
                    Map.of("Content-Type", "application/json"),
                    CannedAnswers.text(WireProvider.ANTHROPIC, model, "exact", TOKENS).body());
            try (ReplayServer second = ReplayServer.start(Recordings.of(any, exact))) {
                LlmResponse r = call(WireProvider.ANTHROPIC, model, false, second.configure(config(WireProvider.ANTHROPIC, model)));
                assertThat(r.content()).isEqualTo("exact");
            }
        }
    }

    @Test
    void promptHashMatchesTheSamePromptSentWithOtherParametersInStrictMode() {
        String model = "gemini-2.5-flash";
        Recording any = CannedAnswers.text(WireProvider.GEMINI, model, "first", TOKENS);
        String prompt;
        try (ReplayServer first = ReplayServer.start(Recordings.of(any))) {
            call(WireProvider.GEMINI, model, false, first.configure(config(WireProvider.GEMINI, model)));
            prompt = first.requests().get(0).promptSha256();
        }
        assertThat(prompt).hasSize(64);
        Recording byPrompt = CannedAnswers.text(WireProvider.GEMINI, model, "matched by prompt", TOKENS)
                .withHashes("f".repeat(64), prompt);
        Recording otherPrompt = CannedAnswers.text(WireProvider.GEMINI, model, "other prompt", TOKENS)
                .withHashes(null, "e".repeat(64));
        try (ReplayServer strict = ReplayServer.start(Recordings.of(otherPrompt, byPrompt))) {
            // a different max-tokens value changes the body, not the prompt
            LlmResponse r = call(WireProvider.GEMINI, model, false, strict.configure(config(WireProvider.GEMINI, model))
                    .set("Q2O_LLM_MAX_TOKENS", "77"));
            assertThat(r.content()).isEqualTo("matched by prompt");
        }
    }

    @Test
    void thePromptHashIsTheSameForEveryProvidersFormat() {
        String openai = "{\"model\":\"m\",\"messages\":[{\"role\":\"developer\",\"content\":\"S\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"U\"}]}],\"temperature\":0.3}";
        String anthropic = "{\"model\":\"m\",\"system\":\"S\",\"messages\":[{\"role\":\"user\",\"content\":\"U\"}],"
                + "\"max_tokens\":10}";
        String gemini = "{\"systemInstruction\":{\"parts\":[{\"text\":\"S\"}]},\"contents\":[{\"role\":\"user\","
                + "\"parts\":[{\"text\":\"U\"}]}],\"generationConfig\":{\"temperature\":0.9}}";
        String h = Recording.promptHash(WireProvider.OPENAI, openai.getBytes(StandardCharsets.UTF_8));
        assertThat(h).isNotNull()
                .isEqualTo(Recording.promptHash(WireProvider.ANTHROPIC, anthropic.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Recording.promptHash(WireProvider.GEMINI, gemini.getBytes(StandardCharsets.UTF_8)));
        assertThat(Recording.promptHash(WireProvider.OPENAI, "not json".getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void severalMatchingRecordingsAreServedInOrderAndTheLastRepeats() {
        Recording busy = CannedAnswers.error(WireProvider.OPENAI, "gpt-4o-mini", false, 503, "overloaded", Map.of());
        Recording ok = CannedAnswers.text(WireProvider.OPENAI, "gpt-4o-mini", "after retry", TOKENS);
        try (ReplayServer replay = ReplayServer.start(Recordings.of(busy, ok))) {
            LlmResponse r = call(WireProvider.OPENAI, "gpt-4o-mini", false, replay.configure(config(WireProvider.OPENAI, "gpt-4o-mini"))
                    .set("Q2O_LLM_MAX_RETRIES", "1").set("Q2O_LLM_RETRY_INITIAL_MS", "0").set("Q2O_LLM_RETRY_MAX_MS", "0"));
            assertThat(r.success()).isTrue();
            assertThat(r.content()).isEqualTo("after retry");
            assertThat(r.attempts()).hasSize(2);
            LlmResponse again = call(WireProvider.OPENAI, "gpt-4o-mini", false, replay.configure(config(WireProvider.OPENAI, "gpt-4o-mini")));
            assertThat(again.content()).isEqualTo("after retry");
        }
    }

    @Test
    void unknownPathsGet404WithoutCrashingTheServer() throws Exception {
        try (ReplayServer replay = ReplayServer.start(Recordings.of())) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(replay.root() + "/nope"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).contains("/nope");
            assertThat(replay.root()).startsWith("http://127.0.0.1:");
        }
    }

    @Test
    void recordingsRoundTripThroughFilesAndLoadFromFolderAndJarOnTheClassPath(@TempDir Path tmp) throws Exception {
        Recording sse = CannedAnswers.stream(WireProvider.GEMINI, "gemini-2.5-flash", CannedAnswers.chunks("abc", 2), TOKENS);
        Recording json = CannedAnswers.text(WireProvider.OPENAI, "gpt-4o", "x", TOKENS);
        Path folder = tmp.resolve("classes/llm/replay");
        sse.write(folder.resolve("a.json"));
        json.write(folder.resolve("b.json"));
        Files.writeString(folder.resolve("README.txt"), "not a recording");

        String written = Files.readString(folder.resolve("a.json"));
        assertThat(written).contains("\"sse\"").contains("\"format\" : \"q2o-llm-recording/1\"");
        Recording back = Recording.read(folder.resolve("a.json"));
        assertThat(back.body()).isEqualTo(sse.body());
        assertThat(back.contentType()).isEqualTo("text/event-stream");

        try (URLClassLoader dirLoader = new URLClassLoader(new URL[]{tmp.resolve("classes").toUri().toURL()}, null)) {
            Recordings fromDir = Recordings.fromClasspath(dirLoader, "llm/replay");
            assertThat(fromDir.all()).extracting(Recording::model).containsExactly("gemini-2.5-flash", "gpt-4o");
        }
        Path jar = tmp.resolve("answers.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String n : new String[]{"llm/replay/", "llm/replay/b.json", "llm/replay/a.json", "llm/replay/sub/c.json"}) {
                out.putNextEntry(new JarEntry(n));
                if (!n.endsWith("/")) {
                    out.write(Files.readString(folder.resolve(n.endsWith("c.json") ? "a.json" : n.substring(11)))
                            .getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        try (URLClassLoader jarLoader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, null)) {
            Recordings fromJar = Recordings.fromClasspath(jarLoader, "/llm/replay/");
            assertThat(fromJar.all()).extracting(Recording::model).containsExactly("gemini-2.5-flash", "gpt-4o");
        }
    }

    @Test
    void invalidRecordingFilesAreNamedInTheError(@TempDir Path tmp) throws IOException {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"provider\": \"mistral\"}");
        assertThatThrownBy(() -> Recording.read(bad)).hasMessageContaining("bad.json").hasMessageContaining("mistral");
        try (OutputStream out = Files.newOutputStream(tmp.resolve("broken.json"))) {
            out.write("{".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> Recordings.fromDirectory(tmp)).hasMessageContaining(".json");
    }

    @Test
    void bodyHashIgnoresFieldOrderAndWhiteSpace() {
        String a = Recording.bodyHash("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}".getBytes(StandardCharsets.UTF_8));
        String b = Recording.bodyHash("{ \"messages\": [ {\"content\":\"x\", \"role\":\"user\"} ],\n \"model\": \"m\" }".getBytes(StandardCharsets.UTF_8));
        String c = Recording.bodyHash("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"y\"}]}".getBytes(StandardCharsets.UTF_8));
        assertThat(a).isEqualTo(b).isNotEqualTo(c).hasSize(64);
    }
}
