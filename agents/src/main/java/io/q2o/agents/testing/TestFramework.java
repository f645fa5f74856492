package io.q2o.agents.testing;

import io.q2o.coder.Language;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The test framework used for a language: pytest for Python, JUnit 5 for Java, Jest for JavaScript
 * and TypeScript. Each knows where a test file goes, what marks a test, and the command that runs
 * its tests (used only by an opt-in {@link TestRunner}).
 */
public enum TestFramework {
    /** pytest: {@code tests/test_<stem>.py}. */
    PYTEST("pytest", Language.PYTHON, Pattern.compile("(?m)^\\s*(?:async\\s+)?def\\s+test_\\w*\\s*\\("),
            List.of("python3", "-m", "pytest", "-q")),
    /** JUnit 5: {@code <Name>Test.java} beside the class, or under {@code src/test/java} for a Maven layout. */
    JUNIT5("JUnit 5", Language.JAVA, Pattern.compile("@Test\\b"), List.of("mvn", "-q", "test")),
    /** Jest: {@code <stem>.test.js} / {@code .test.ts} beside the module. */
    JEST("Jest", Language.JAVASCRIPT, Pattern.compile("\\b(?:test|it)\\s*\\(\\s*['\"`]"), List.of("npx", "jest"));

    private final String displayName;
    private final Language language;
    private final Pattern testMarker;
    private final List<String> command;

    TestFramework(String displayName, Language language, Pattern testMarker, List<String> command) {
        this.displayName = displayName;
        this.language = language;
        this.testMarker = testMarker;
        this.command = command;
    }

    /** @return the name used in prompts and reports, e.g. {@code "pytest"} */
    public String displayName() {
        return displayName;
    }

    /** @return the default command that runs this framework's tests in a project folder */
    public List<String> defaultCommand() {
        return command;
    }

    /**
     * @param language a source language
     * @return the framework for it, if there is one
     */
    public static Optional<TestFramework> forLanguage(Language language) {
        switch (language) {
            case PYTHON:
                return Optional.of(PYTEST);
            case JAVA:
                return Optional.of(JUNIT5);
            case JAVASCRIPT:
            case TYPESCRIPT:
            case TSX:
                return Optional.of(JEST);
            default:
                return Optional.empty();
        }
    }

    /**
     * @param code a test file
     * @return how many tests it declares
     */
    public int countTests(String code) {
        return (int) testMarker.matcher(code).results().count();
    }

    /**
     * @param sourcePath the tested file, relative, with {@code /} separators
     * @return the test file's relative path
     */
    public String testPath(String sourcePath) {
        int slash = sourcePath.lastIndexOf('/');
        String dir = slash < 0 ? "" : sourcePath.substring(0, slash + 1);
        String file = sourcePath.substring(slash + 1);
        int dot = file.lastIndexOf('.');
        String stem = dot <= 0 ? file : file.substring(0, dot);
        String ext = dot <= 0 ? "" : file.substring(dot);
        switch (this) {
            case PYTEST:
                return "tests/test_" + stem + ".py";
            case JUNIT5:
                return (dir.contains("src/main/java/") ? dir.replace("src/main/java/", "src/test/java/") : dir) + stem + "Test.java";
            default:
                return dir + stem + ".test" + (ext.isEmpty() ? ".js" : ext);
        }
    }

    /** @return the language test files of this framework are written in (Jest: that of the tested file) */
    Language language() {
        return language;
    }
}
