package io.q2o.llm.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.TokenCounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records answers of a fake upstream (WireMock speaking each provider's wire format) through the
 * {@link RecordingProxy} with the real adapters, then replays the files with the
 * {@link ReplayServer}: the adapters must see the same content, tokens and cost, and the API key
 * must appear in no file.
 */
class RecordThenReplayTest {
    private static final String KEY = "sk-live-DO-NOT-WRITE-1234567890abcdef";
    private static final String TEXT = "def handler(event: dict) -> int:\n    \"\"\"Ünïcode ✓\"\"\"\n    return 200\n";
    private static final TokenCounts TOKENS = new TokenCounts(812, 431, 0, 0, 0);

    private WireMockServer upstream;

    @BeforeEach
    void startUpstream() {
        upstream = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        upstream.start();
    }

    @AfterEach
    void stopUpstream() {
        upstream.stop();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(WireProvider.OPENAI, "gpt-4o-mini", false),
                Arguments.of(WireProvider.OPENAI, "gpt-4o-mini", true),
                Arguments.of(WireProvider.GEMINI, "gemini-2.5-flash", false),
                Arguments.of(WireProvider.GEMINI, "gemini-2.5-flash", true),
                Arguments.of(WireProvider.ANTHROPIC, "claude-sonnet-4-5", false),
                Arguments.of(WireProvider.ANTHROPIC, "claude-sonnet-4-5", true));
    }

    @ParameterizedTest(name = "{0} {1} stream={2}")
    @MethodSource("cases")
    void recordedAnswerReplaysWithTheSameContentUsageAndCost(WireProvider provider, String model, boolean stream,
                                                            @TempDir Path dir) throws IOException {
        Recording canned = stream
                ? CannedAnswers.stream(provider, model, CannedAnswers.chunks(TEXT, 7), TOKENS)
                : CannedAnswers.text(provider, model, TEXT, TOKENS);
        upstream.stubFor(stub(provider, model, stream)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", canned.contentType())
                        .withBody(canned.body())));

        LlmResponse live;
        try (RecordingProxy proxy = RecordingProxy.builder(dir)
                .upstream(provider, upstream.baseUrl()).start()) {
            live = call(provider, model, stream, proxy.pointAt(config(provider, model)).set(provider.apiKeyVariable(), KEY));
            assertThat(proxy.recorded()).hasSize(1);
        }
        assertThat(live.success()).as(String.valueOf(live.error())).isTrue();
        assertThat(live.content()).isEqualTo(TEXT);
        upstream.verify(1, postRequestedFor(urlPathEqualTo(provider.path(model, stream))));

        String files = readAll(dir);
        assertThat(files).doesNotContain(KEY).contains("\"bodySha256\"");

        Recordings recorded = Recordings.fromDirectory(dir);
        assertThat(recorded.all()).singleElement().satisfies(r -> {
            assertThat(r.provider()).isEqualTo(provider);
            assertThat(r.model()).isEqualTo(model);
            assertThat(r.stream()).isEqualTo(stream);
        });
        upstream.stop();

        LlmResponse replayed;
        try (ReplayServer replay = ReplayServer.start(recorded)) {
            replayed = call(provider, model, stream, replay.configure(config(provider, model)));
            assertThat(replay.requests()).singleElement()
                    .satisfies(q -> assertThat(q.answeredBy()).isNotNull());
        }
        assertThat(replayed.success()).as(String.valueOf(replayed.error())).isTrue();
        assertThat(replayed.content()).isEqualTo(live.content());
        assertThat(replayed.model()).isEqualTo(live.model());
        assertThat(replayed.usage().tokens()).isEqualTo(live.usage().tokens()).isEqualTo(TOKENS);
        assertThat(replayed.usage().totalCost()).isEqualTo(live.usage().totalCost());
        assertThat(replayed.usage().totalCost()).isPresent();
    }

    @Test
    void keysEchoedByTheUpstreamAreRedactedInTheRecording(@TempDir Path dir) throws IOException {
        upstream.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withHeader("Set-Cookie", "session=abc")
                .withBody(WireProvider.OPENAI.errorBody(401, "Incorrect API key provided: " + KEY
                        + " (sk-live-****cdef)").toString())));
        LlmResponse r;
        try (RecordingProxy proxy = RecordingProxy.builder(dir).upstream(WireProvider.OPENAI, upstream.baseUrl() + "/v1").start()) {
            r = call(WireProvider.OPENAI, "gpt-4o-mini", false,
                    proxy.pointAt(config(WireProvider.OPENAI, "gpt-4o-mini")).set("OPENAI_API_KEY", KEY));
        }
        assertThat(r.success()).isFalse();
        assertThat(r.error().kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        String files = readAll(dir);
        assertThat(files).contains("401").contains(RecordingProxy.REDACTED)
                .doesNotContain(KEY).doesNotContain("****").doesNotContain("session=abc");

        try (ReplayServer replay = ReplayServer.start(Recordings.fromDirectory(dir))) {
            LlmResponse again = call(WireProvider.OPENAI, "gpt-4o-mini", false,
                    replay.configure(config(WireProvider.OPENAI, "gpt-4o-mini")));
            assertThat(again.error().kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        }
    }

    @Test
    void serverErrorsAreForwardedButNotRecordedByDefault(@TempDir Path dir) {
        upstream.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody(WireProvider.ANTHROPIC.errorBody(503, "down").toString())));
        try (RecordingProxy proxy = RecordingProxy.builder(dir).upstream(WireProvider.ANTHROPIC, upstream.baseUrl()).start()) {
            LlmResponse r = call(WireProvider.ANTHROPIC, "claude-sonnet-4-5", false,
                    proxy.pointAt(config(WireProvider.ANTHROPIC, "claude-sonnet-4-5")).set("ANTHROPIC_API_KEY", KEY));
            assertThat(r.error().kind()).isEqualTo(ErrorKind.SERVER_ERROR);
            assertThat(proxy.recorded()).isEmpty();
        }
    }

    @Test
    void unreachableUpstreamIsAConnectionLevelAnswerAndNothingIsRecorded(@TempDir Path dir) {
        int port = upstream.port();
        upstream.stop();
        try (RecordingProxy proxy = RecordingProxy.builder(dir).upstream(WireProvider.GEMINI, "http://127.0.0.1:" + port).start()) {
            LlmResponse r = call(WireProvider.GEMINI, "gemini-2.5-flash", false,
                    proxy.pointAt(config(WireProvider.GEMINI, "gemini-2.5-flash")).set("GOOGLE_API_KEY", KEY));
            assertThat(r.success()).isFalse();
            assertThat(r.error().message()).contains("could not reach the upstream");
            assertThat(proxy.recorded()).isEmpty();
        }
    }

    private MappingBuilder stub(WireProvider provider, String model, boolean stream) {
        return post(urlPathEqualTo(provider.path(model, stream)));
    }

    static LlmConfig.Builder config(WireProvider provider, String model) {
        return LlmConfig.builder().environment(Map.of()).isolated()
                .set("Q2O_LLM_PRIMARY", provider.id())
                .set("Q2O_LLM_FALLBACK", "none")
                .set("Q2O_LLM_AUTO_FALLBACK", "false")
                .set("Q2O_LLM_MAX_RETRIES", "0")
                .set("Q2O_LLM_CACHE_ENABLED", "false")
                .set("Q2O_LLM_REQUEST_TIMEOUT_SECONDS", "20")
                .set(LlmConfig.prefix(provider.id()) + "_MODEL", model);
    }

    static LlmResponse call(WireProvider provider, String model, boolean stream, LlmConfig.Builder config) {
        try (LlmService llm = LlmService.builder().config(config.build()).build()) {
            assertThat(llm.usableProviders()).contains(provider.id());
            LlmRequest req = LlmRequest.builder().systemPrompt("You write Python.")
                    .userPrompt("Write a handler for " + model).temperature(0.3).maxTokens(1024).build();
            if (stream) {
                StringBuilder seen = new StringBuilder();
                LlmResponse r = llm.stream(req, seen::append).join();
                if (r.success()) {
                    assertThat(seen.toString()).isEqualTo(r.content());
                }
                return r;
            }
            return llm.complete(req);
        }
    }

    private static String readAll(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                sb.append(Files.readString(p));
            }
        }
        return sb.toString();
    }
}
