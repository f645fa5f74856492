package io.q2o.llm;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code Q2O_LLM_DEBUG=true} logs each prompt and answer at INFO, cut to its first 4,000 characters. */
class DebugLogTest {

    private static List<String> logged(Fixture fx, LlmRequest request) {
        Logger logger = (Logger) LoggerFactory.getLogger("io.q2o.llm.LlmService");
        Level before = logger.getLevel();
        logger.setLevel(Level.INFO);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (LlmService llm = fx.build()) {
            assertThat(llm.complete(request).success()).isTrue();
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
        }
        return appender.list.stream().filter(e -> e.getLevel() == Level.INFO)
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith("LLM re")).toList();
    }

    @Test
    void longPromptsAndAnswersAreCutToTheirFirst4000CharactersWithTheirLengthNoted() {
        Fixture fx = new Fixture().set("Q2O_LLM_DEBUG", "true");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        gemini.alwaysAnswer("b".repeat(9_000), TokenCounts.of(1, 1));

        List<String> lines = logged(fx, LlmRequest.builder().systemPrompt("short system")
                .userPrompt("a".repeat(10_000)).build());

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("LLM request").contains("system: short system | ")
                .contains("a".repeat(4_000) + "…(10000 chars)").doesNotContain("a".repeat(4_001));
        assertThat(lines.get(1)).startsWith("LLM response").contains("b".repeat(4_000) + "…(9000 chars)")
                .doesNotContain("b".repeat(4_001));
    }

    @Test
    void theCutNeverSplitsACharacterOutsideTheBasicPlane() {
        Fixture fx = new Fixture().set("Q2O_LLM_DEBUG", "true");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        gemini.alwaysAnswer("ok", TokenCounts.of(1, 1));
        String prompt = "a".repeat(3_999) + "\uD83D\uDE00".repeat(10);

        List<String> lines = logged(fx, LlmRequest.builder().systemPrompt("s").userPrompt(prompt).build());

        String request = lines.get(0);
        for (int i = 0; i < request.length(); i++) {
            char c = request.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertThat(i + 1 < request.length() && Character.isLowSurrogate(request.charAt(i + 1)))
                        .as("high surrogate at %d is followed by its low half", i).isTrue();
            } else if (Character.isLowSurrogate(c)) {
                assertThat(i > 0 && Character.isHighSurrogate(request.charAt(i - 1)))
                        .as("low surrogate at %d follows its high half", i).isTrue();
            }
        }
        assertThat(request).contains("…(4019 chars)");
    }
}
