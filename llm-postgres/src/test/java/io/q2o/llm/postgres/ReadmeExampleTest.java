package io.q2o.llm.postgres;

import io.q2o.llm.LlmConfig;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** README.md's Java example is this class's {@code reading} region, verbatim, so it compiles with the module. */
class ReadmeExampleTest {
    private static final Pattern REGION = Pattern.compile("(?m)^[ \\t]*// \\[reading\\]\\n(.*?)^[ \\t]*// \\[/reading\\]",
            Pattern.DOTALL);
    private static final Pattern BLOCK = Pattern.compile("<!-- snippet: reading -->\\n```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern ANY_BLOCK = Pattern.compile("```java\\n");

    @SuppressWarnings("unused")
    static void example() {
        // [reading]
        try (LedgerDatabase db = new LedgerDatabase(PostgresLedgerSettings.fromConfig(LlmConfig.fromEnvironment()).orElseThrow())) {
            List<UsageGroup> month = new PostgresUsageReader(db).groups(LocalDate.now().withDayOfMonth(1), LocalDate.now(), ZoneId.of("UTC"));
        }
        // [/reading]
    }

    @Test
    void theReadmeShowsTheCompiledExampleAndNoOtherJavaBlock() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String source = Files.readString(Path.of("src/test/java/io/q2o/llm/postgres/ReadmeExampleTest.java"));
        Matcher region = REGION.matcher(source);
        Matcher block = BLOCK.matcher(readme);
        assertThat(region.find()).isTrue();
        assertThat(block.find()).as("README.md marks its example <!-- snippet: reading -->").isTrue();
        assertThat(block.group(1).strip()).isEqualTo(dedent(region.group(1)));
        assertThat(ANY_BLOCK.matcher(readme).results().count()).as("every Java block is checked").isEqualTo(1);
    }

    private static String dedent(String block) {
        int indent = block.lines().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        return block.lines().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n")).strip();
    }
}
