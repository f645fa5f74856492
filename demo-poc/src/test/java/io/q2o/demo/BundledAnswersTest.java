package io.q2o.demo;

import io.q2o.llm.testing.Recording;
import io.q2o.llm.testing.Recordings;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled offline answers are in sync with the prompts the demo and the CoderAgent send and
 * with the hand-written answers: regenerating them must give the same prompt hashes and answers.
 * (Request-body hashes may drift when an adapter adds a field; matching then falls back to the
 * prompt hash, which is what this test guards.)
 * If this fails after a prompt, task or answer changed, regenerate them (see {@link BundledAnswers}).
 */
class BundledAnswersTest {

    @Test
    void bundledRecordingsMatchTheRequestsSentTodayExactly() {
        Map<String, Recording> fresh = BundledAnswers.generate();
        Recordings bundled = LlmSession.bundled();
        Map<String, Recording> byName = bundled.all().stream()
                .collect(Collectors.toMap(r -> r.source().substring(r.source().lastIndexOf('/') + 1), r -> r));
        assertThat(byName.keySet()).as("bundled files").containsExactlyInAnyOrderElementsOf(fresh.keySet());
        fresh.forEach((name, expected) -> {
            Recording actual = byName.get(name);
            assertThat(actual.promptSha256()).as(name + ": the prompt changed; regenerate with "
                    + "mvn -pl demo-poc test-compile exec:java -Dexec.classpathScope=test -Ddemo.mainClass=io.q2o.demo.BundledAnswers")
                    .isNotNull().isEqualTo(expected.promptSha256());
            assertThat(actual.body()).as(name + ": the answer changed; regenerate").isEqualTo(expected.body());
            assertThat(actual.model()).isEqualTo(expected.model());
        });
    }
}
