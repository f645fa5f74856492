package io.q2o.llm;

import io.q2o.llm.spi.ServerErrorException;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.q2o.llm.Fixture.req;
import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {

    @Test
    void repeatedFailuresOpenTheCircuitAndTheProviderIsSkippedUntilTheCooldownPasses() {
        Fixture fx = new Fixture().set("Q2O_LLM_MAX_RETRIES", "0").set("Q2O_LLM_CIRCUIT_FAILURES", "3")
                .set("Q2O_LLM_CIRCUIT_COOLDOWN_SECONDS", "30");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        gemini.fail("gemini-2.5-pro", 3, new ServerErrorException("gemini", 503, null, "down", null));
        openai.alwaysAnswer("from openai", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            for (int i = 0; i < 3; i++) {
                assertThat(llm.complete(req("call " + i)).provider()).isEqualTo("openai");
            }
            assertThat(gemini.calls()).isEqualTo(3);

            LlmResponse skipped = llm.complete(req("call 4"));
            assertThat(skipped.provider()).isEqualTo("openai");
            assertThat(skipped.attempts().get(0).outcome()).isEqualTo(Attempt.Outcome.SKIPPED_CIRCUIT_OPEN);
            assertThat(gemini.calls()).as("no network call while open").isEqualTo(3);

            fx.clock.advance(Duration.ofSeconds(31));
            gemini.alwaysAnswer("gemini is back", TokenCounts.of(1, 1));
            LlmResponse probe = llm.complete(req("call 5"));
            assertThat(probe.provider()).isEqualTo("gemini");

            LlmResponse after = llm.complete(req("call 6"));
            assertThat(after.provider()).as("circuit closed again").isEqualTo("gemini");
            assertThat(gemini.calls()).isEqualTo(5);
        }
    }

    @Test
    void aFallbackPastAnOpenBreakerNamesTheFailureThatOpenedIt() {
        Fixture fx = new Fixture().set("Q2O_LLM_MAX_RETRIES", "0").set("Q2O_LLM_CIRCUIT_FAILURES", "2")
                .set("Q2O_LLM_CIRCUIT_COOLDOWN_SECONDS", "30");
        List<LlmListener.FallbackEvent> fallbacks = new java.util.concurrent.CopyOnWriteArrayList<>();
        fx.alerts.add(new LlmListener() {
            @Override
            public void onFallback(FallbackEvent event) {
                fallbacks.add(event);
            }
        });
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        gemini.byDefault(r -> {
            throw new ServerErrorException("gemini", 503, null, "down", null);
        });
        openai.alwaysAnswer("from openai", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            llm.complete(req("1"));
            llm.complete(req("2"));
            LlmResponse skipped = llm.complete(req("3"));
            assertThat(skipped.attempts().get(0).outcome()).isEqualTo(Attempt.Outcome.SKIPPED_CIRCUIT_OPEN);
        }
        assertThat(fallbacks).hasSize(3).allSatisfy(e -> {
            assertThat(e.fromProvider()).isEqualTo("gemini");
            assertThat(e.reason()).isEqualTo(ErrorKind.SERVER_ERROR);
        });
    }

    @Test
    void aFailedProbeReopensTheCircuit() {
        Fixture fx = new Fixture().set("Q2O_LLM_MAX_RETRIES", "0").set("Q2O_LLM_CIRCUIT_FAILURES", "2")
                .set("Q2O_LLM_CIRCUIT_COOLDOWN_SECONDS", "10");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        gemini.byDefault(r -> {
            throw new ServerErrorException("gemini", 500, null, "still down", null);
        });
        openai.alwaysAnswer("ok", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            llm.complete(req("1"));
            llm.complete(req("2"));
            fx.clock.advance(Duration.ofSeconds(11));
            llm.complete(req("probe"));
            assertThat(gemini.calls()).isEqualTo(3);
            LlmResponse r = llm.complete(req("4"));
            assertThat(r.attempts().get(0).outcome()).isEqualTo(Attempt.Outcome.SKIPPED_CIRCUIT_OPEN);
            assertThat(gemini.calls()).isEqualTo(3);
        }
    }

    @Test
    void whenEveryCircuitIsOpenTheErrorSaysSo() {
        Fixture fx = new Fixture().set("Q2O_LLM_MAX_RETRIES", "0").set("Q2O_LLM_CIRCUIT_FAILURES", "1")
                .set("Q2O_LLM_FALLBACK", "none");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        gemini.byDefault(r -> {
            throw new ServerErrorException("gemini", 500, null, "down", null);
        });
        try (LlmService llm = fx.build()) {
            llm.complete(req("1"));
            LlmResponse r = llm.complete(req("2"));
            assertThat(r.error().code()).isEqualTo("circuit-open");
            assertThat(r.error().message()).contains("circuit breaker is open");
        }
    }
}
