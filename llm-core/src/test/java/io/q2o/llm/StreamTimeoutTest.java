package io.q2o.llm;

import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.q2o.llm.Fixture.req;
import static org.assertj.core.api.Assertions.assertThat;

/** A stream is held to the per-attempt timeout, so a stalled or slow primary falls back before the deadline. */
class StreamTimeoutTest {

    private static Fixture fixture() {
        return new Fixture().set("Q2O_LLM_REQUEST_TIMEOUT_SECONDS", "5").set("Q2O_LLM_TIMEOUT_SECONDS", "120")
                .set("Q2O_LLM_MAX_RETRIES", "0");
    }

    @Test
    void aStalledPrimaryStreamFailsOverWithinThePerAttemptTimeout() {
        Fixture fx = fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        gemini.hang("gemini-2.5-flash");
        openai.answer("gpt-4o-mini", "from openai", TokenCounts.of(1, 2));
        List<String> chunks = new CopyOnWriteArrayList<>();
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.stream(req("hi"), chunks::add).join();

            assertThat(r.success()).isTrue();
            assertThat(r.provider()).isEqualTo("openai");
            assertThat(String.join("", chunks)).isEqualTo("from openai");
            assertThat(r.attempts().get(0).error()).isEqualTo(ErrorKind.TIMEOUT);
        }
        assertThat(gemini.requests().get(0).timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(fx.scheduler.delays()).as("only the attempt timeout passed, not the deadline")
                .containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void aPrimaryStreamWhoseFirstEventIsLaterThanTheTimeoutFailsOver() {
        Fixture fx = fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        gemini.slowStream("gemini-2.5-flash", Duration.ofSeconds(30), "too late", TokenCounts.of(1, 2));
        openai.answer("gpt-4o-mini", "from openai", TokenCounts.of(1, 2));
        java.time.Instant start = fx.clock.instant();
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.stream(req("hi"), c -> { }).join();

            assertThat(r.provider()).isEqualTo("openai");
            assertThat(r.content()).isEqualTo("from openai");
        }
        assertThat(Duration.between(start, fx.clock.instant())).as("gave up after the attempt timeout")
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aSlowStreamWithinTheTimeoutIsWaitedFor() {
        Fixture fx = fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        gemini.slowStream("gemini-2.5-flash", Duration.ofSeconds(4), "worth the wait", TokenCounts.of(1, 2));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.stream(req("hi"), c -> { }).join();

            assertThat(r.provider()).isEqualTo("gemini");
            assertThat(r.content()).isEqualTo("worth the wait");
        }
        assertThat(openai.calls()).isZero();
    }
}
