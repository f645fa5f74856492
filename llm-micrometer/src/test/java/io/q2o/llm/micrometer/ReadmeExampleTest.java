package io.q2o.llm.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmService;
import io.q2o.llm.testkit.ReadmeSnippets;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

/** README.md's Java example is this class's {@code usage} region, verbatim, so it compiles with the module. */
class ReadmeExampleTest {

    @SuppressWarnings("unused")
    static void example(MeterRegistry meterRegistry) {
        // [usage]
        LlmConfig config = LlmConfig.fromEnvironment();
        LlmMetrics metrics = LlmMetrics.builder(meterRegistry)
                .config(config)                    // lets the meters tell cache misses from "cache off"
                .tags("application", "coder")      // optional: added to every meter
                .build();
        LlmService llm = LlmService.builder().config(config).listener(metrics).build();
        metrics.bindTo(llm);                       // optional: budget and daily-limit gauges
        // [/usage]
    }

    @Test
    void theReadmeShowsTheCompiledExampleAndNoOtherJavaBlock() throws IOException {
        ReadmeSnippets.assertShown(Path.of("README.md"), Path.of("src/test/java/io/q2o/llm/micrometer/ReadmeExampleTest.java"), "usage", true);
    }
}
