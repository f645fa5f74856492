package io.q2o.demo;

import io.q2o.llm.testing.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline's bundled offline answers are in sync with the prompts the agents send today and
 * with the hand-written answers: regenerating them must give the same prompt hashes and answers.
 * If this fails after a prompt, the objective, a research note or an answer changed, regenerate
 * them: {@code mvn -o -q -pl agents,demo-poc -am verify -Dtest=BundledPipelineAnswersTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dq2o.regenerate=true} (or run {@link BundledPipelineAnswers}).
 */
class BundledPipelineAnswersTest {

    @Test
    void bundledRecordingsMatchTheRequestsTheAgentsSendToday(@TempDir Path scratch) throws Exception {
        if (Boolean.getBoolean("q2o.regenerate")) {
            BundledPipelineAnswers.main(new String[0]);
        }
        Map<String, Recording> fresh = BundledPipelineAnswers.generate(scratch);
        Map<String, Recording> bundled = PipelineCommand.bundled().all().stream()
                .collect(Collectors.toMap(r -> r.source().substring(r.source().lastIndexOf('/') + 1), r -> r));

        assertThat(bundled.keySet()).as("bundled files").containsExactlyInAnyOrderElementsOf(fresh.keySet());
        fresh.forEach((name, expected) -> {
            Recording actual = bundled.get(name);
            assertThat(actual.promptSha256()).as(name + ": the prompt changed; regenerate (see the class comment)")
                    .isNotNull().isEqualTo(expected.promptSha256());
            assertThat(actual.body()).as(name + ": the answer changed; regenerate").isEqualTo(expected.body());
        });
    }
}
