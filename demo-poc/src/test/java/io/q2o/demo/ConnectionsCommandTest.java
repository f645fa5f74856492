package io.q2o.demo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.testing.CannedAnswers;
import io.q2o.llm.testing.WireProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** The {@code connections} command against WireMock speaking each provider's wire format. */
class ConnectionsCommandTest {
    private static final TokenCounts TOKENS = TokenCounts.of(14, 6);

    private WireMockServer api;
    private final Map<String, String> env = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        api = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
        env.put("Q2O_LLM_FALLBACK", "none");
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    private int run(String... args) {
        DemoApp app = new DemoApp(() -> LlmConfig.builder().environment(Map.copyOf(env)).isolated(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return app.commandLine().execute(args);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String line(String provider) {
        return output().lines().filter(l -> l.matches("^(OK|FAIL|SKIP)\\s+" + provider + "\\b.*")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + provider + " in:\n" + output()));
    }

    private void stubGeminiOk() {
        api.stubFor(post(urlPathEqualTo("/v1beta/models/gemini-2.5-pro:generateContent")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(CannedAnswers.text(WireProvider.GEMINI, "gemini-2.5-pro", "Gemini API working!", TOKENS).body())));
    }

    @Test
    void okPrintsLatencyAndModelAndExitsZero() {
        stubGeminiOk();
        env.put("GOOGLE_API_KEY", "test-key");
        env.put("GEMINI_BASE_URL", api.baseUrl());

        int code = run("connections");

        assertThat(code).as(output() + err).isZero();
        assertThat(line("gemini")).matches("OK\\s+gemini\\s+gemini-2\\.5-pro\\s+\\d+ ms\\s+\"Gemini API working!\"");
        assertThat(line("openai")).startsWith("SKIP").contains("OPENAI_API_KEY not set");
        assertThat(output()).contains("ALL API CONNECTIONS WORKING!");
        api.verify(1, postRequestedFor(urlPathEqualTo("/v1beta/models/gemini-2.5-pro:generateContent")));
    }

    @Test
    void refusedKeyNamesTheVariableAndExitsOne() {
        api.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody(WireProvider.OPENAI.errorBody(401, "Incorrect API key provided").toString())));
        env.put("Q2O_LLM_PRIMARY", "openai");
        env.put("OPENAI_API_KEY", "sk-wrong");
        env.put("OPENAI_BASE_URL", api.baseUrl() + "/v1");

        int code = run("connections");

        assertThat(code).isEqualTo(1);
        assertThat(line("openai")).startsWith("FAIL").contains("gpt-4o").contains("key refused (HTTP 401)")
                .contains("OPENAI_API_KEY").doesNotContain("sk-wrong");
        assertThat(output()).contains("Some connections failed (1 of 1)");
    }

    @Test
    void unreachableHostIsReportedWithTheUrl() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        env.put("Q2O_LLM_PRIMARY", "anthropic");
        env.put("ANTHROPIC_API_KEY", "sk-ant-test");
        env.put("ANTHROPIC_BASE_URL", "http://127.0.0.1:" + closed);

        int code = run("connections", "--timeout", "10");

        assertThat(code).isEqualTo(1);
        assertThat(line("anthropic")).startsWith("FAIL").contains("unreachable host http://127.0.0.1:" + closed);
    }

    @Test
    void missingKeyNamesTheVariableWithoutAnyRequest() {
        env.put("Q2O_LLM_PRIMARY", "gemini");
        env.put("GEMINI_BASE_URL", api.baseUrl());

        int code = run("connections");

        assertThat(code).isEqualTo(1);
        assertThat(line("gemini")).startsWith("FAIL").contains("missing key: GOOGLE_API_KEY is not set");
        assertThat(api.getAllServeEvents()).isEmpty();
    }

    @Test
    void unknownModelSaysWhichVariableToChange() {
        api.stubFor(post(urlPathEqualTo("/v1beta/models/gemini-9-ultra:generateContent")).willReturn(aResponse()
                .withStatus(404).withHeader("Content-Type", "application/json")
                .withBody(WireProvider.GEMINI.errorBody(404, "models/gemini-9-ultra is not found").toString())));
        env.put("GOOGLE_API_KEY", "test-key");
        env.put("GEMINI_BASE_URL", api.baseUrl());
        env.put("GEMINI_MODEL", "gemini-9-ultra");

        int code = run("connections");

        assertThat(code).isEqualTo(1);
        assertThat(line("gemini")).contains("unknown model 'gemini-9-ultra'").contains("GEMINI_MODEL");
        // only the configured model is tried, not the fallback models of the list
        api.verify(0, postRequestedFor(urlPathEqualTo("/v1beta/models/gemini-2.5-pro:generateContent")));
    }

    @Test
    void oneFailingProviderAmongWorkingOnesFailsTheRun() {
        stubGeminiOk();
        api.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody(WireProvider.OPENAI.errorBody(401, "bad key").toString())));
        env.put("Q2O_LLM_FALLBACK", "openai");
        env.put("GOOGLE_API_KEY", "test-key");
        env.put("GEMINI_BASE_URL", api.baseUrl());
        env.put("OPENAI_API_KEY", "sk-bad");
        env.put("OPENAI_BASE_URL", api.baseUrl() + "/v1");

        int code = run("connections");

        assertThat(code).isEqualTo(1);
        assertThat(line("gemini")).startsWith("OK");
        assertThat(line("openai")).startsWith("FAIL").contains("key refused");
        assertThat(output()).contains("Some connections failed (1 of 2)");
    }

    @Test
    void providerOptionNarrowsTheCheckAndRejectsUnknownNames() {
        stubGeminiOk();
        env.put("Q2O_LLM_FALLBACK", "openai");
        env.put("GOOGLE_API_KEY", "test-key");
        env.put("GEMINI_BASE_URL", api.baseUrl());

        assertThat(run("connections", "--provider", "gemini")).isZero();
        assertThat(line("openai")).startsWith("SKIP").contains("not selected");

        assertThat(run("connections", "--provider", "mistral")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown provider 'mistral'");
    }

    @Test
    void offlineChecksTheThreeAdaptersAgainstTheReplayServerWithoutKeysOrNetwork() {
        // the WireMock "API" must not be reached: every adapter talks to the local replay server
        int code = run("connections", "--offline");

        assertThat(code).as(output() + err).isZero();
        assertThat(line("gemini")).startsWith("OK").contains("gemini-2.5-pro");
        assertThat(line("openai")).startsWith("OK").contains("gpt-4o");
        assertThat(line("anthropic")).startsWith("OK").contains("claude-sonnet-4-20250514");
        assertThat(output()).contains("ALL API CONNECTIONS WORKING! (3 of 3)");
        assertThat(api.getAllServeEvents()).isEmpty();
    }

    @Test
    void offlineHonoursTheProviderOption() {
        assertThat(run("connections", "--offline", "--provider", "anthropic")).as(output() + err).isZero();
        assertThat(line("anthropic")).startsWith("OK");
        assertThat(line("gemini")).startsWith("SKIP");
        assertThat(line("openai")).startsWith("SKIP");
    }
}
