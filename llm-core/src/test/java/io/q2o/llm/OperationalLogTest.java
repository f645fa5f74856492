package io.q2o.llm;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.q2o.llm.spi.ServerErrorException;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

import static io.q2o.llm.Fixture.req;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees at the default level: one line each when retries are exhausted (INFO), a
 * call falls back to another provider (WARN), a circuit breaker opens (WARN) and closes (INFO).
 */
class OperationalLogTest {

    @Test
    void retriesExhaustedFallbackAndTheBreakerOpeningAndClosingLogOneLineEach() {
        Logger logger = (Logger) LoggerFactory.getLogger("io.q2o.llm.LlmService");
        Level before = logger.getLevel();
        logger.setLevel(Level.INFO);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Fixture fx = new Fixture().set("Q2O_LLM_MAX_RETRIES", "1").set("Q2O_LLM_RETRY_INITIAL_MS", "0")
                .set("Q2O_LLM_CIRCUIT_FAILURES", "2").set("Q2O_LLM_CIRCUIT_COOLDOWN_SECONDS", "10");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        gemini.fail("gemini-2.5-pro", 2, new ServerErrorException("gemini", 503, null, "down", null));
        openai.alwaysAnswer("from openai", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            assertThat(llm.complete(req("one")).provider()).isEqualTo("openai");
            fx.clock.advance(Duration.ofSeconds(11));
            gemini.alwaysAnswer("back", TokenCounts.of(1, 1));
            assertThat(llm.complete(req("two")).provider()).isEqualTo("gemini");
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
        }
        List<String> lines = appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                .map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        assertThat(lines).filteredOn(l -> l.startsWith("INFO") && l.contains("gemini/gemini-2.5-pro still failing after 1 retries (SERVER_ERROR)"))
                .hasSize(1);
        assertThat(lines).filteredOn(l -> l.startsWith("WARN") && l.contains("falls back from gemini to openai (SERVER_ERROR)"))
                .hasSize(1);
        assertThat(lines).filteredOn(l -> l.startsWith("WARN") && l.contains("gemini: circuit breaker opened after 2 consecutive failures"))
                .hasSize(1);
        assertThat(lines).filteredOn(l -> l.startsWith("INFO") && l.contains("gemini: circuit breaker closed"))
                .hasSize(1);
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain("\n"));
    }
}
