package io.q2o.llm;

import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The code-generation system prompt speaks the requested language's terms, not Python's. */
class CodePromptTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "python, mypy strict, Javadoc",
            "Java, Javadoc, mypy",
            "typescript, Strict TypeScript types, Pydantic",
            "go, errors returned and wrapped, Pydantic",
            "cobol, Documentation comments, mypy"})
    void theSystemPromptFitsTheLanguage(String language, String expected, String absent) {
        Fixture fx = new Fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        gemini.alwaysAnswer("code", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            llm.generateCode("a webhook endpoint", List.of("Stack"), null, 0.3, language);
        }
        String system = gemini.requests().get(0).systemPrompt();
        assertThat(system).contains("production-quality " + language + " code").contains(expected).doesNotContain(absent);
        if (!language.equals("python")) {
            assertThat(system).doesNotContain("Pydantic").doesNotContain("mypy");
        }
    }
}
