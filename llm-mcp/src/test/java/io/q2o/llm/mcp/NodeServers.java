package io.q2o.llm.mcp;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.awaitility.Awaitility.await;

/**
 * The MCP reference servers from npm (installed by .ci/run into .ci/mcp-servers/node_modules at
 * the versions pinned in .ci/mcp-servers/package.json) and node to run them. Without node or the
 * packages a test is skipped, or fails when {@code CI=true}.
 */
final class NodeServers {
    static final Path MODULES = Path.of("../.ci/mcp-servers/node_modules").toAbsolutePath().normalize();
    static final Path EVERYTHING = MODULES.resolve("@modelcontextprotocol/server-everything/dist/index.js");
    static final Path FILESYSTEM = MODULES.resolve("@modelcontextprotocol/server-filesystem/dist/index.js");
    static final Path CHANGING = Path.of("src/test/resources/mcp/changing-server.cjs").toAbsolutePath();

    private NodeServers() {
    }

    /** @return the node executable; skips (or fails on CI) when node or the servers are missing */
    static String node() {
        Optional<Path> node = onPath("node");
        if (node.isEmpty()) {
            missing("node is not on the PATH");
        }
        if (!Files.isRegularFile(EVERYTHING) || !Files.isRegularFile(FILESYSTEM)) {
            missing("the MCP reference servers are not installed in " + MODULES
                    + " (run: npm ci --prefix .ci/mcp-servers)");
        }
        return node.orElseThrow().toString();
    }

    static McpServerSpec.Builder everything(String name) {
        return McpServerSpec.stdio(name, node(), EVERYTHING.toString(), "stdio");
    }

    static McpServerSpec.Builder filesystem(String name, Path dir) {
        return McpServerSpec.stdio(name, node(), FILESYSTEM.toString(), dir.toString());
    }

    static McpServerSpec.Builder changing(String name) {
        return McpServerSpec.stdio(name, node(), CHANGING.toString()).env("MCP_NODE_MODULES", MODULES.toString());
    }

    /** server-everything in Streamable HTTP mode on a free port; close to stop it. */
    static final class HttpEverything implements AutoCloseable {
        final Process process;
        final int port;

        HttpEverything() throws IOException {
            String node = node();
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            ProcessBuilder pb = new ProcessBuilder(node, EVERYTHING.toString(), "streamableHttp");
            pb.environment().put("PORT", String.valueOf(port));
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            process = pb.start();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(this::listening);
        }

        String url() {
            return "http://127.0.0.1:" + port + "/mcp";
        }

        private boolean listening() {
            if (!process.isAlive()) {
                throw new IllegalStateException("server-everything (streamableHttp) exited with " + process.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void close() {
            process.destroy();
            process.onExit().join();
        }
    }

    /**
     * Kills (SIGKILL) the server processes this JVM started whose command line contains a text.
     *
     * @return how many were killed
     */
    static long kill(String commandLinePart) {
        List<ProcessHandle> found = ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(commandLinePart)).toList();
        found.forEach(ProcessHandle::destroyForcibly);
        found.forEach(p -> p.onExit().join());
        return found.size();
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static void missing(String message) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + " — failing because CI=true");
        }
        Assumptions.abort(message + " — skipped (set CI=true to make this a failure)");
    }
}
