package com.example.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.micrometer.LlmMetrics;
import io.q2o.llm.testing.CannedAnswers;
import io.q2o.llm.testing.Recordings;
import io.q2o.llm.testing.ReplayServer;
import io.q2o.llm.testing.WireProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * llm-core, llm-testing, llm-micrometer and each provider module with its real SDK: a call goes
 * through the SDK's HTTP client to the in-process replay server, so the SDK's JSON handling runs on
 * the Jackson, Kotlin and OkHttp versions the BOM chose.
 */
class ProvidersSmokeTest {

    @ParameterizedTest
    @EnumSource(WireProvider.class)
    void eachProviderAnswersThroughItsSdkAndIsMetered(WireProvider provider) {
        String model = switch (provider) {
            case OPENAI -> "gpt-4o-mini";
            case GEMINI -> "gemini-2.5-flash";
            case ANTHROPIC -> "claude-sonnet-4-5";
        };
        String answer = "answer of " + provider.id() + " " + System.nanoTime();
        Recordings recordings = Recordings.of(CannedAnswers.text(provider, model, answer, TokenCounts.of(17, 9)));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ReplayServer replay = ReplayServer.start(recordings)) {
            LlmConfig config = replay.configure(LlmConfig.builder().environment(Map.of()).isolated())
                    .set("Q2O_LLM_PRIMARY", provider.id())
                    .set("Q2O_LLM_FALLBACK", "none")
                    .set("Q2O_LLM_AUTO_FALLBACK", "false")
                    .set("Q2O_LLM_MAX_RETRIES", "0")
                    .set("Q2O_LLM_CACHE_ENABLED", "false")
                    .set(LlmConfig.prefix(provider.id()) + "_MODEL", model)
                    .build();
            LlmMetrics metrics = LlmMetrics.of(registry);
            try (LlmService llm = LlmService.builder().config(config).listener(metrics).build()) {
                assertThat(llm.usableProviders()).contains(provider.id());

                LlmResponse r = llm.complete(LlmRequest.of("You are terse.", "Say something about " + provider.id()));

                assertThat(r.success()).as("%s", r.error()).isTrue();
                assertThat(r.provider()).isEqualTo(provider.id());
                assertThat(r.model()).isEqualTo(model);
                assertThat(r.content()).isEqualTo(answer);
                assertThat(r.usage().inputTokens()).isEqualTo(17);
                assertThat(r.usage().outputTokens()).isEqualTo(9);
            }
            assertThat(replay.requests()).hasSize(1);
        }
        double calls = registry.find(LlmMetrics.CALLS).counters().stream().mapToDouble(Counter::count).sum();
        assertThat(calls).isEqualTo(1.0);
    }
}
