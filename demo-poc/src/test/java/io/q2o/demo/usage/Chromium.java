package io.q2o.demo.usage;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} in headless mode, for checking pages in a real browser. The
 * executable is {@code CHROMIUM} if set, else {@code chromium} / {@code chromium-browser} from
 * {@code /usr/bin} or the {@code PATH}. When it is missing, tests fail with a clear message if
 * {@code CI=true} (as {@code .ci/run} sets, after installing it) and are skipped otherwise.
 * Every run is bounded by a timeout after which the browser and its child processes are killed.
 */
final class Chromium {
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final String executable;

    private Chromium(String executable) {
        this.executable = executable;
    }

    /** @return the browser, or a failed / aborted test when it is not installed */
    static Chromium require() {
        String chosen = System.getenv("CHROMIUM");
        if (chosen != null && !chosen.isBlank()) {
            if (Files.isExecutable(Path.of(chosen))) {
                return new Chromium(chosen);
            }
            return missing("CHROMIUM=" + chosen + " is not an executable file");
        }
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser")));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                candidates.add(Path.of(d, "chromium"));
                candidates.add(Path.of(d, "chromium-browser"));
            }
        }
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                return new Chromium(p.toString());
            }
        }
        return missing("chromium is not installed");
    }

    private static Chromium missing(String why) {
        String message = why + ": the dashboard test loads the page in a real headless browser"
                + " (Debian: apt-get install -y chromium; .ci/run installs it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + " - failing because CI=true");
        }
        Assumptions.abort(message + " - skipped (set CI=true to make this a failure)");
        throw new AssertionError("unreachable");
    }

    /**
     * Loads a page with scripts enabled and returns the DOM after they ran.
     *
     * @param page        the HTML file
     * @param userDataDir an empty temporary profile folder
     * @return the serialized DOM
     */
    String dumpDom(Path page, Path userDataDir) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", page.toUri().toString()), userDataDir);
    }

    /**
     * Writes a PNG of a page.
     *
     * @param page        the HTML file
     * @param png         the target file
     * @param width       window width
     * @param height      window height
     * @param userDataDir an empty temporary profile folder
     */
    void screenshot(Path page, Path png, int width, int height, Path userDataDir) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars", page.toUri().toString()), userDataDir);
    }

    private String run(List<String> args, Path userDataDir) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(executable, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--disable-extensions", "--mute-audio",
                "--user-data-dir=" + userDataDir.toAbsolutePath()));
        cmd.addAll(args);
        Path stdout = Files.createTempFile(userDataDir.getParent(), "chromium", ".out");
        Path stderr = Files.createTempFile(userDataDir.getParent(), "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            Assertions.fail("chromium did not finish within " + TIMEOUT.toSeconds() + " s: " + String.join(" ", cmd)
                    + "\n" + tail(stderr));
        }
        if (p.exitValue() != 0) {
            Assertions.fail("chromium exited with " + p.exitValue() + ": " + String.join(" ", cmd) + "\n" + tail(stderr));
        }
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    private static String tail(Path f) throws IOException {
        String s = Files.readString(f, StandardCharsets.UTF_8);
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }
}
