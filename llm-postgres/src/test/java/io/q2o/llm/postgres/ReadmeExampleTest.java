package io.q2o.llm.postgres;

import io.q2o.llm.LlmConfig;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import io.q2o.llm.testkit.ReadmeSnippets;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

/** README.md's Java example is this class's {@code reading} region, verbatim, so it compiles with the module. */
class ReadmeExampleTest {

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
        ReadmeSnippets.assertShown(Path.of("README.md"), Path.of("src/test/java/io/q2o/llm/postgres/ReadmeExampleTest.java"), "reading", true);
    }
}
