package io.q2o.agents.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The OPT-IN runner of generated tests (nothing in the agents runs generated code unless the caller
 * creates one of these). A run copies the project folder into a fresh temporary folder (links are
 * not followed), starts the command there in a subprocess whose environment has every variable
 * ending in {@code _API_KEY}, {@code _TOKEN} or {@code _SECRET} removed, waits at most the time
 * limit (then kills the process tree), reports pass/fail with the end of the output, and deletes
 * the copy. This limits what the code can touch, but it is NOT a sandbox: the code runs with the
 * caller's user rights, so run untrusted code only inside a container or VM.
 *
 * <p>Immutable and thread-safe; each run has its own copy.
 */
public final class TestRunner {
    private static final Logger log = LoggerFactory.getLogger(TestRunner.class);

    /** Default time limit. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    /** Default number of output characters kept (the end of the output). */
    public static final int DEFAULT_OUTPUT_CHARS = 8000;

    private final List<String> command;
    private final Duration timeout;
    private final int outputChars;

    /**
     * @param command     the command and its arguments, run in the copy, e.g.
     *                    {@code ["python3", "-m", "pytest", "-q"]} ({@link TestFramework#defaultCommand()})
     * @param timeout     the time limit, positive
     * @param outputChars how many characters of output to keep, at least 100
     * @throws IllegalArgumentException naming the value if one is unusable
     */
    public TestRunner(List<String> command, Duration timeout, int outputChars) {
        Objects.requireNonNull(command, "command");
        if (command.isEmpty() || command.stream().anyMatch(c -> c == null || c.isEmpty())) {
            throw new IllegalArgumentException("test command must be a non-empty list of non-empty strings, was " + command);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("test timeout must be positive, was " + timeout);
        }
        if (outputChars < 100) {
            throw new IllegalArgumentException("outputChars must be at least 100, was " + outputChars);
        }
        this.command = List.copyOf(command);
        this.timeout = timeout;
        this.outputChars = outputChars;
    }

    /**
     * @param framework a framework
     * @return a runner of its default command with the default time limit and output size
     */
    public static TestRunner forFramework(TestFramework framework) {
        return new TestRunner(framework.defaultCommand(), DEFAULT_TIMEOUT, DEFAULT_OUTPUT_CHARS);
    }

    /** @return the command */
    public List<String> command() {
        return command;
    }

    /** @return the time limit */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Runs the command in a temporary copy of {@code project}.
     *
     * @param project the folder holding the code and its tests (e.g. the output root)
     * @return the report
     * @throws IllegalArgumentException naming the folder if it is not a directory
     * @throws UncheckedIOException     if the copy cannot be made
     */
    public TestRunReport run(Path project) {
        if (!Files.isDirectory(project)) {
            throw new IllegalArgumentException("test project folder " + project + " is not a directory");
        }
        Path copy;
        try {
            copy = Files.createTempDirectory("q2o-tests-");
            copyTree(project, copy);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + project + " for a test run: " + e.getMessage(), e);
        }
        long start = System.nanoTime();
        Path log = copy.resolve(".q2o-test-output.txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(copy.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().keySet().removeIf(TestRunner::secretVariable);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                return new TestRunReport(TestRunReport.Outcome.NOT_STARTED, -1, command,
                        "cannot start " + command.get(0) + ": " + e.getMessage(), elapsed(start));
            }
            boolean finished;
            try {
                finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                finished = false;
            }
            if (!finished) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new TestRunReport(TestRunReport.Outcome.TIMED_OUT, -1, command,
                        tail(log) + "\n[killed after the " + timeout + " time limit]", elapsed(start));
            }
            int code = p.exitValue();
            return new TestRunReport(code == 0 ? TestRunReport.Outcome.PASSED : TestRunReport.Outcome.FAILED, code, command,
                    tail(log), elapsed(start));
        } finally {
            delete(copy);
        }
    }

    static boolean secretVariable(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return n.endsWith("_API_KEY") || n.endsWith("_TOKEN") || n.endsWith("_SECRET") || n.contains("PASSWORD");
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private String tail(Path log) {
        try {
            String s = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            return s.length() <= outputChars ? s : s.substring(s.length() - outputChars);
        } catch (IOException | UncheckedIOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.debug("cannot delete {}", p, e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("cannot delete the test copy {}: {}", dir, e.toString());
        }
    }

    @Override
    public String toString() {
        return "TestRunner{command=" + command + ", timeout=" + timeout + "}";
    }
}
