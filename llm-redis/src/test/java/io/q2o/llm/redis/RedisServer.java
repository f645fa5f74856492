package io.q2o.llm.redis;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} (the Debian package) on 127.0.0.1, a free port and a temporary
 * folder, without persistence. If {@code redis-server} is not installed, the test fails with a
 * clear message when {@code CI=true} and is skipped otherwise.
 */
final class RedisServer implements AutoCloseable {
    private final String executable;
    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private Process process;

    private RedisServer(String executable, int port, Path dir, List<String> extraArgs) {
        this.executable = executable;
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
    }

    /**
     * @param extraArgs more {@code redis-server} arguments, e.g. {@code "--requirepass", "x"}
     * @return a started server
     */
    static RedisServer start(String... extraArgs) throws IOException, InterruptedException {
        String exe = find();
        Path dir = Files.createTempDirectory("q2o-redis-");
        RedisServer s = new RedisServer(exe, freePort(), dir, List.of(extraArgs));
        s.startProcess();
        return s;
    }

    /** @return the executable: {@code $REDIS_SERVER} if set (and only that), else the usual places and the PATH */
    private static String find() {
        String explicit = System.getenv("REDIS_SERVER");
        if (explicit != null && !explicit.isBlank()) {
            if (Files.isExecutable(Path.of(explicit))) {
                return explicit;
            }
            return missing("REDIS_SERVER=" + explicit + " is not an executable");
        }
        for (String candidate : new String[] {"/usr/bin/redis-server", "/usr/local/bin/redis-server"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                Path p = Path.of(d, "redis-server");
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return missing("redis-server is not installed");
    }

    private static String missing(String why) {
        String message = why + ": the llm-redis tests need a real Redis "
                + "(Debian: apt-get install -y redis-server; .ci/run installs it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + " — failing because CI=true");
        }
        Assumptions.abort(message + " — skipped (set CI=true to make this a failure)");
        throw new AssertionError("unreachable");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts (or restarts, on the same port and folder) the server and waits until it answers PING. */
    void startProcess() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(executable, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                "--loglevel", "warning", "--logfile", dir.resolve("redis.log").toString()));
        cmd.addAll(extraArgs);
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("stdout.log")));
            }
            if (answersPing()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("redis-server did not answer on port " + port + " within 10 s");
    }

    private boolean answersPing() {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64];
            int n = in.read(buf);
            // "+PONG" or "-NOAUTH …": either way the server is up
            return n > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills the server at once (SIGKILL): clients see the connection drop. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Stops the server (SIGKILL: nothing is persisted anyway) and waits for it. */
    void stop() throws InterruptedException {
        kill();
    }

    int port() {
        return port;
    }

    /** @return the URL without credentials */
    String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    @Override
    public void close() throws IOException {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
