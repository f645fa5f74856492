package io.q2o.demo;

import io.q2o.llm.LlmConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Usage errors and unusable output folders: one clear line (and a hint), a non-zero exit. */
class CommandLineErrorsTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        DemoApp app = new DemoApp(() -> LlmConfig.builder().environment(Map.of()).isolated(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return app.commandLine().execute(args);
    }

    private List<String> errLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aUsageErrorIsOneLineAndAHintNotTheUsageScreen() {
        String[][] cases = {
                {"--no-such-option"},
                {"connections", "--timeout", "soon"},
                {"usage", "--zone", "Mars/Olympus"},
                {"real-world", "--bogus", "x"},
                {"usage", "--days"}};
        for (String[] args : cases) {
            err.reset();
            out.reset();
            int code = run(args);
            assertThat(code).as(String.join(" ", args)).isEqualTo(2);
            List<String> lines = errLines();
            assertThat(lines).as(String.join(" ", args)).hasSize(2);
            assertThat(lines.get(0)).startsWith("Error: ");
            assertThat(lines.get(1)).startsWith("Try 'q2o-demo").endsWith(" --help' for the options.");
            assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("Usage:");
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        }
        assertThat(errLines().get(1)).isEqualTo("Try 'q2o-demo usage --help' for the options.");
    }

    @Test
    void anOutputFolderThatIsAFileSaysSo() throws IOException {
        Path file = Files.writeString(tmp.resolve("taken-" + tmp.getFileName()), "x");
        for (String[] args : new String[][] {{"--offline", "-o", file.toString()},
                {"real-world", "--offline", "-o", file.resolve("sub").toString()}}) {
            err.reset();
            assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(errLines()).singleElement().asString()
                    .startsWith("Error: cannot use the output folder (-o/--output): ")
                    .contains(file.toString() + " is a file, not a folder");
        }
    }

    @Test
    void folderFailuresAreExplainedInWords() {
        Path folder = tmp.resolve("out");
        assertThat(OutputFolder.reason(folder, tmp, new AccessDeniedException(folder.toString())))
                .isEqualTo("permission denied: cannot create " + folder + " in " + tmp);
        assertThat(OutputFolder.reason(folder, tmp, new FileSystemException(folder.toString(), null, "Read-only file system")))
                .isEqualTo("cannot create " + folder + ": read-only file system");
    }
}
