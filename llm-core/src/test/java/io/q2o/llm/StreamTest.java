package io.q2o.llm;

import io.q2o.llm.spi.ProviderConnectionException;
import io.q2o.llm.spi.ServerErrorException;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.q2o.llm.Fixture.req;
import static org.assertj.core.api.Assertions.assertThat;

class StreamTest {

    @Test
    void chunksArriveInOrderAndTheFinalResponseCarriesUsageAndCost() {
        Fixture fx = new Fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gpt-4o-mini");
        gemini.answer("gpt-4o-mini", "Hello world", TokenCounts.of(10, 100));
        List<String> chunks = new CopyOnWriteArrayList<>();
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.stream(req("hi"), chunks::add).join();
            assertThat(String.join("", chunks)).isEqualTo("Hello world");
            assertThat(chunks).hasSize(2);
            assertThat(r.content()).isEqualTo("Hello world");
            assertThat(r.usage().totalCost()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("0.0000615"));
        }
    }

    @Test
    void fallsBackBeforeTheFirstChunk() {
        Fixture fx = new Fixture().set("Q2O_LLM_MAX_RETRIES", "0");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        gemini.fail("gemini-2.5-flash", new ServerErrorException("gemini", 503, null, "down", null));
        openai.answer("gpt-4o-mini", "from openai", TokenCounts.of(1, 1));
        List<String> chunks = new CopyOnWriteArrayList<>();
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.stream(req("hi"), chunks::add).join();
            assertThat(r.success()).isTrue();
            assertThat(r.provider()).isEqualTo("openai");
            assertThat(String.join("", chunks)).isEqualTo("from openai");
        }
    }

    @Test
    void aStreamCutAfterTheFirstChunkEndsWithThePartialTextAndNoFallback() {
        Fixture fx = new Fixture().set("Q2O_LLM_CACHE_ENABLED", "true");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        gemini.streamThenFail("gemini-2.5-flash", List.of("Hel", "lo"),
                new ProviderConnectionException("gemini", -1, "connection reset", null));
        gemini.answer("gemini-2.5-flash", "complete", TokenCounts.of(1, 1));
        List<String> chunks = new CopyOnWriteArrayList<>();
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.stream(req("hi"), chunks::add).join();
            assertThat(r.success()).isFalse();
            assertThat(r.partial()).isTrue();
            assertThat(r.content()).isEqualTo("Hello");
            assertThat(r.error().kind()).isEqualTo(ErrorKind.STREAM_INTERRUPTED);
            assertThat(r.error().message()).contains("connection reset");
            assertThat(openai.calls()).isZero();

            LlmResponse again = llm.stream(req("hi"), c -> { }).join();
            assertThat(again.cacheHit()).as("a cut stream is never cached").isFalse();
            assertThat(again.content()).isEqualTo("complete");
            List<String> cachedChunks = new CopyOnWriteArrayList<>();
            LlmResponse third = llm.stream(req("hi"), cachedChunks::add).join();
            assertThat(third.cacheHit()).as("a complete stream is cached").isTrue();
            assertThat(cachedChunks).containsExactly("complete");
        }
        assertThat(gemini.calls()).isEqualTo(2);
    }

    @Test
    void aThrowingListenerEndsTheStreamWithAClearError() {
        Fixture fx = new Fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        gemini.answer("gemini-2.5-flash", "Hello world", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.stream(req("hi"), c -> {
                throw new IllegalStateException("listener broke");
            }).join();
            assertThat(r.success()).isFalse();
            assertThat(r.error().message()).contains("listener broke");
        }
    }
}
