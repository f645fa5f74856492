package io.q2o.agents.testing;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs real subprocesses with python3 (always on PATH in CI; skipped locally without it, never skipped in CI). */
class TestRunnerTest {

    @TempDir
    Path project;

    @BeforeAll
    static void python3IsThere() throws Exception {
        boolean present;
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor() == 0;
        } catch (IOException e) {
            present = false;
        }
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as("python3 must be on PATH in CI").isTrue();
        }
        assumeTrue(present, "python3 is not on PATH");
    }

    private static TestRunner unittest(Duration timeout) {
        return new TestRunner(List.of("python3", "-m", "unittest", "discover", "-s", "tests", "-v"), timeout, 2000);
    }

    @Test
    void passingTestsPassInATemporaryCopyThatIsRemovedAfterwards() throws Exception {
        Files.createDirectories(project.resolve("tests"));
        Files.writeString(project.resolve("tests/test_ok.py"), "import os, unittest\n\n"
                + "class T(unittest.TestCase):\n    def test_ok(self):\n"
                + "        open('marker.txt', 'w').write(os.getcwd())\n        self.assertEqual(1 + 1, 2)\n");

        TestRunReport r = unittest(Duration.ofMinutes(1)).run(project);

        assertThat(r.outcome()).as(r.output()).isEqualTo(TestRunReport.Outcome.PASSED);
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).contains("test_ok");
        assertThat(project.resolve("marker.txt")).doesNotExist();
    }

    @Test
    void failingTestsAreReportedWithTheirOutput() throws Exception {
        Files.createDirectories(project.resolve("tests"));
        Files.writeString(project.resolve("tests/test_bad.py"), "import unittest\n\n"
                + "class T(unittest.TestCase):\n    def test_bad(self):\n        self.assertEqual('fee', 'free')\n");

        TestRunReport r = unittest(Duration.ofMinutes(1)).run(project);

        assertThat(r.outcome()).isEqualTo(TestRunReport.Outcome.FAILED);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("'fee' != 'free'");
    }

    @Test
    void aRunPastTheTimeLimitIsKilled() {
        TestRunner forever = new TestRunner(List.of("python3", "-c", "while True: pass"), Duration.ofMillis(300), 200);

        TestRunReport r = forever.run(project);

        assertThat(r.outcome()).isEqualTo(TestRunReport.Outcome.TIMED_OUT);
        assertThat(r.output()).contains("time limit");
    }

    @Test
    void secretsAreNotPassedToTheTestsAndMissingCommandsAreReported() {
        assertThat(TestRunner.secretVariable("OPENAI_API_KEY")).isTrue();
        assertThat(TestRunner.secretVariable("GITHUB_TOKEN")).isTrue();
        assertThat(TestRunner.secretVariable("PATH")).isFalse();
        TestRunReport r = new TestRunner(List.of("no-such-runner-q2o"), Duration.ofSeconds(5), 200).run(project);
        assertThat(r.outcome()).isEqualTo(TestRunReport.Outcome.NOT_STARTED);
        assertThat(r.output()).contains("no-such-runner-q2o");
        assertThatThrownBy(() -> new TestRunner(List.of(), Duration.ofSeconds(1), 200)).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> new TestRunner(List.of("x"), Duration.ZERO, 200)).hasMessageContaining("positive");
    }
}
