package io.q2o.agents.testing;

import java.util.List;

/**
 * The model's answer when it writes tests (structured output).
 *
 * @param code      the complete test file
 * @param testNames the names of the tests in it
 */
public record GeneratedTests(String code, List<String> testNames) {
    /** Copies the list. */
    public GeneratedTests {
        code = code == null ? "" : code;
        testNames = testNames == null ? List.of() : List.copyOf(testNames);
    }
}
