package io.q2o.llm.testing;

import io.q2o.llm.LlmResponse;
import io.q2o.llm.TokenCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReadmeExamplesTest {

    @Test
    void cannedAnswersWrittenToAFolderAreReplayedThroughTheRealAdapter(@TempDir Path dir) {
        List<Recording> canned = ReadmeExamples.canned(dir);
        assertThat(canned).hasSize(3);
        assertThat(dir.resolve("openai-hello.json")).exists();
        CannedAnswers.text(WireProvider.GEMINI, "gemini-2.5-pro", "def hook(): ...", TokenCounts.of(30, 8))
                .write(dir.resolve("gemini-hook.json"));

        LlmResponse r = ReadmeExamples.replay(dir);

        assertThat(r.success()).as(String.valueOf(r.error())).isTrue();
        assertThat(r.content()).isEqualTo("def hook(): ...");
        assertThat(r.usage().tokens()).isEqualTo(TokenCounts.of(30, 8));
    }
}
