package io.q2o.llm.postgres;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real, throwaway PostgreSQL cluster (Debian's {@code postgresql} package): {@code initdb} into a
 * temporary folder, {@code postgres} on 127.0.0.1 and a free port, no Unix socket, password login
 * (scram-sha-256) for the superuser {@link #USER}. PostgreSQL refuses to run as root: as root the
 * binaries run as the {@code postgres} user through {@code setpriv} (which execs, so the process
 * handle is the server itself), and the folder is handed to that user.
 *
 * <p>The binaries are looked up in {@code $POSTGRES_BIN} if set, else the newest
 * {@code /usr/lib/postgresql/<version>/bin}, else the {@code PATH}. If none is found, the test fails
 * with a clear message when {@code CI=true} and is skipped otherwise.
 */
public final class PgCluster implements AutoCloseable {
    /** The superuser. */
    public static final String USER = "q2o";
    /** Its password. */
    public static final String PASSWORD = "s3cret-Pw!";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PgCluster shared;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean root;
    private Process process;

    private PgCluster(Path bin, Path dir, int port, boolean root) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.root = root;
    }

    /** @return one cluster for the whole test JVM, started on first use and stopped when the JVM exits */
    public static synchronized PgCluster shared() throws IOException, InterruptedException {
        if (shared == null) {
            shared = start();
            PgCluster c = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    c.close();
                } catch (IOException e) {
                    // best effort at exit
                }
            }));
        }
        return shared;
    }

    /** @return a new started cluster of its own (for tests that stop and start it) */
    public static PgCluster start() throws IOException, InterruptedException {
        Path bin = findBin();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("q2o-pg-");
        if (root) {
            UserPrincipal pg = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, pg);
        }
        Path pw = dir.resolve("pw");
        Files.writeString(pw, PASSWORD + "\n");
        if (root) {
            Files.setOwner(pw, Files.getOwner(dir));
        }
        PgCluster c = new PgCluster(bin, dir, freePort(), root);
        c.run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
                "--pwfile=" + pw, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"));
        c.startServer();
        return c;
    }

    private static Path findBin() {
        String explicit = System.getenv("POSTGRES_BIN");
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            if (Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("postgres"))) {
                return p;
            }
            return missing("POSTGRES_BIN=" + explicit + " holds no initdb and postgres");
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Path best = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(PgCluster::version)).orElse(null);
                if (best != null) {
                    return best.resolve("bin");
                }
            } catch (IOException e) {
                // fall through to the PATH
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                Path p = Path.of(d);
                if (Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("postgres"))) {
                    return p;
                }
            }
        }
        return missing("PostgreSQL's initdb and postgres are not installed");
    }

    private static int version(Path p) {
        try {
            return Integer.parseInt(p.getFileName().toString().replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static <T> T missing(String why) {
        String message = why + ": the llm-postgres tests need a real PostgreSQL server "
                + "(Debian: apt-get install -y postgresql; .ci/run installs it)";
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

    private List<String> asOwner(List<String> cmd) {
        List<String> out = new ArrayList<>();
        if (root) {
            out.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
        }
        out.addAll(cmd);
        return out;
    }

    private void run(List<String> cmd) throws IOException, InterruptedException {
        Path log = dir.resolve("initdb.log");
        Process p = new ProcessBuilder(asOwner(cmd)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(cmd.get(0) + " failed: " + Files.readString(log));
        }
    }

    /** Starts (or restarts, on the same port and data) the server and waits until it accepts a login. */
    public void startServer() throws IOException, InterruptedException {
        Path log = dir.resolve("server.log");
        process = new ProcessBuilder(asOwner(List.of(bin.resolve("postgres").toString(), "-D",
                dir.resolve("data").toString(), "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off", "-c", "max_connections=60")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("postgres exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Connection c = DriverManager.getConnection(url("postgres"), USER, PASSWORD)) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("postgres did not accept a login on port " + port + " within 60 s: " + last);
    }

    /** Stops the server at once ("fast" shutdown: clients are disconnected) and waits for it. */
    public void stopServer() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * @param database a database name
     * @return its JDBC URL (no credentials)
     */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** @return a new empty database's URL, so that tests do not see each other's rows */
    public String newDatabase() throws SQLException {
        String name = "t" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws IOException {
        try {
            stopServer();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
