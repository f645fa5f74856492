package io.q2o.agents.testing;

import io.q2o.agents.AgentUsage;
import io.q2o.coder.validation.ValidationReport;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The test file written for one source file, or why none was.
 *
 * @param sourcePath   the tested file
 * @param testPath     the test file's relative path
 * @param framework    the framework, or {@code null} when the language has none
 * @param source       how the tests were written
 * @param tests        how many tests the file declares
 * @param written      the file written, or {@code null}
 * @param validation   the validator's report on the test file, or {@code null}
 * @param fallbackReason why the LLM's tests were not used and the template's were, or {@code null}
 * @param usage        the LLM calls made
 * @param error        why no file was written, or {@code null}
 */
public record TestFileResult(String sourcePath, String testPath, TestFramework framework, Source source, int tests,
                             Path written, ValidationReport validation, String fallbackReason, AgentUsage usage,
                             String error) {
    /** How a test file was produced. */
    public enum Source {
        /** The bundled smoke-test template. */
        TEMPLATE,
        /** The LLM. */
        LLM
    }

    /** Checks the components. */
    public TestFileResult {
        Objects.requireNonNull(sourcePath, "sourcePath");
        Objects.requireNonNull(usage, "usage");
    }

    /** @return whether a test file was written */
    public boolean succeeded() {
        return written != null && error == null;
    }

    /** @return the written file, if any */
    public Optional<Path> writtenFile() {
        return Optional.ofNullable(written);
    }
}
