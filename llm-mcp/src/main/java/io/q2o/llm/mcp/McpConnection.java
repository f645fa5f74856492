package io.q2o.llm.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.q2o.llm.LlmListener.ToolCallEvent.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.io.File;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One MCP server: starts (or connects to) it, keeps its current tool list, calls its tools, and
 * restarts or drops it when it dies.
 *
 * <p>Design: every request goes through the SDK's client with the spec's call timeout, and a
 * call also ends as soon as a stdio server's process exits ({@link ServerExit}), so no call waits
 * longer than the timeout and none waits on a dead process. A call that fails for any reason
 * other than the server's own JSON-RPC error (the process died, the connection broke, the call
 * timed out — a server that does not answer may be hung) discards the client: the next call
 * starts the server again, at most {@link McpServerSpec#maxRestarts()} times, after which the
 * server is dropped and its tools answer with an error at once. Each of these events is one log
 * line. A {@code notifications/tools/list_changed} from the server replaces the tool list (the
 * SDK fetches the new list). Thread-safe: calls may run concurrently; restarts are serialized.
 */
final class McpConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(McpConnection.class);

    private final McpServerSpec spec;
    private final McpJsonMapper mapper;
    private final Object lock = new Object();
    /** A connected client and the exit of its server process. */
    private record Live(McpAsyncClient client, CompletableFuture<Integer> exit) {
    }

    /** guarded by lock; null when not connected */
    private Live client;
    /** guarded by lock */
    private int restarts;
    /** guarded by lock; non-null once dropped */
    private String dropped;
    private volatile boolean closed;
    /** the server's offered tools by the server's names, after the filter, in the server's order */
    private volatile Map<String, McpSchema.Tool> tools = Map.of();

    McpConnection(McpServerSpec spec, McpJsonMapper mapper) {
        this.spec = spec;
        this.mapper = mapper;
    }

    /** @return the spec */
    McpServerSpec spec() {
        return spec;
    }

    /**
     * Starts the server and reads its tools.
     *
     * @throws McpServerException naming the server if it cannot be started or initialized
     */
    void start() {
        synchronized (lock) {
            client = connect();
        }
    }

    /** @return the tools currently offered, by the server's names */
    Map<String, McpSchema.Tool> tools() {
        return tools;
    }

    /**
     * Calls one tool.
     *
     * @param toolName      the server's name of the tool
     * @param argumentsJson the arguments as a JSON object
     * @return the server's result (which may report {@code isError})
     * @throws McpToolException when there is no result: refused, timed out, or server unavailable
     */
    McpSchema.CallToolResult call(String toolName, String argumentsJson) throws McpToolException {
        Live c = liveClient();
        if (!tools.containsKey(toolName)) {
            throw new McpToolException(spec.name(), Outcome.REJECTED, "MCP server '" + spec.name()
                    + "' no longer offers tool '" + toolName + "'");
        }
        CompletableFuture<McpSchema.CallToolResult> answer;
        try {
            // the call's own timeout: the client's request timeout also covers start-up requests
            answer = c.client().callTool(new McpSchema.CallToolRequest(mapper, toolName, argumentsJson))
                    .timeout(spec.callTimeout()).toFuture();
        } catch (RuntimeException e) {
            throw lost(c, toolName, e);
        }
        try {
            CompletableFuture.anyOf(answer, c.exit()).get(spec.callTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            throw new McpToolException(spec.name(), Outcome.SERVER_UNAVAILABLE, "MCP server '" + spec.name()
                    + "': the call of tool '" + toolName + "' was interrupted");
        } catch (TimeoutException | ExecutionException e) {
            // examined below
        }
        if (!answer.isDone()) {
            answer.cancel(true);
            if (c.exit().isDone()) {
                throw lost(c, toolName, "the server process exited with code " + c.exit().join(), false);
            }
            throw lost(c, toolName, "no answer within " + spec.callTimeout(), true);
        }
        try {
            return answer.join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof McpError m && m.getJsonRpcError() != null && isAlive(c)) {
                throw new McpToolException(spec.name(), Outcome.REJECTED, "MCP server '" + spec.name()
                        + "' refused the call of tool '" + toolName + "': " + m.getJsonRpcError().message()
                        + " (JSON-RPC error " + m.getJsonRpcError().code() + ")");
            }
            throw lost(c, toolName, e);
        }
    }

    private McpToolException lost(Live c, String toolName, RuntimeException e) {
        boolean timeout = hasCause(e, TimeoutException.class);
        if (c.exit().isDone()) {
            return lost(c, toolName, "the server process exited with code " + c.exit().join(), false);
        }
        return lost(c, toolName, timeout ? "no answer within " + spec.callTimeout() : describe(e), timeout);
    }

    private McpToolException lost(Live c, String toolName, String why, boolean timeout) {
        discard(c, "the call of tool '" + toolName + "' failed: " + why);
        return new McpToolException(spec.name(), timeout ? Outcome.TIMEOUT : Outcome.SERVER_UNAVAILABLE,
                "MCP server '" + spec.name() + "': the call of tool '" + toolName + "' failed: " + why);
    }

    private boolean isAlive(Live c) {
        synchronized (lock) {
            return client == c && !closed;
        }
    }

    /** Drops the given client (if still current), so the next call restarts the server. */
    private void discard(Live c, String reason) {
        synchronized (lock) {
            if (client != c || closed) {
                return;
            }
            client = null;
            if (restarts >= spec.maxRestarts()) {
                dropped = reason;
                tools = Map.of();
                log.warn("MCP server '{}' dropped after {} restart(s): {}", spec.name(), restarts, reason);
            } else {
                log.warn("MCP server '{}' lost: {}; it is restarted at its next call (restart {} of {})",
                        spec.name(), reason, restarts + 1, spec.maxRestarts());
            }
        }
        closeQuietly(c.client());
    }

    private Live liveClient() throws McpToolException {
        synchronized (lock) {
            if (closed) {
                throw new McpToolException(spec.name(), Outcome.SERVER_UNAVAILABLE, "MCP server '" + spec.name()
                        + "' is closed");
            }
            if (dropped != null) {
                throw new McpToolException(spec.name(), Outcome.SERVER_UNAVAILABLE, "MCP server '" + spec.name()
                        + "' is unavailable (dropped after " + restarts + " restart(s); last failure: " + dropped + ")");
            }
            if (client != null) {
                return client;
            }
            restarts++;
            try {
                client = connect();
                // the loss was the one warning; a successful restart is detail
                log.debug("MCP server '{}' restarted ({} of {})", spec.name(), restarts, spec.maxRestarts());
                return client;
            } catch (McpServerException e) {
                if (restarts >= spec.maxRestarts()) {
                    dropped = e.getMessage();
                    tools = Map.of();
                    log.warn("MCP server '{}' dropped: {}", spec.name(), e.getMessage());
                }
                throw new McpToolException(spec.name(), Outcome.SERVER_UNAVAILABLE, e.getMessage());
            }
        }
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private Live connect() {
        McpAsyncClient c = null;
        try {
            McpClientTransport transport = transport();
            c = McpClient.async(transport)
                    .clientInfo(new McpSchema.Implementation("q2o-llm-mcp", "0.1.0"))
                    // also bounds initialize and the first tools/list: the longer of the two timeouts,
                    // so a slow start is not cut at a short call timeout (calls get their own, in call())
                    .requestTimeout(longer(spec.callTimeout(), spec.startTimeout()))
                    .initializationTimeout(spec.startTimeout())
                    .toolsChangeConsumer(list -> Mono.fromRunnable(() -> toolsChanged(list)))
                    .build();
            CompletableFuture<Integer> exit = ServerExit.of(transport, spec.startTimeout().plusSeconds(1));
            CompletableFuture<McpSchema.InitializeResult> init = c.initialize().toFuture();
            try {
                CompletableFuture.anyOf(init, exit).get(spec.startTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // examined below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting", e);
            }
            if (!init.isDone()) {
                init.cancel(true);
                throw new IllegalStateException(exit.isDone()
                        ? "the server process exited with code " + exit.join() + " before it answered"
                        : "no answer to initialize within " + spec.startTimeout());
            }
            init.join();
            List<McpSchema.Tool> all = new ArrayList<>();
            String cursor = null;
            do {
                McpSchema.ListToolsResult page = (cursor == null ? c.listTools() : c.listTools(cursor))
                        .block(longer(spec.callTimeout(), spec.startTimeout()).plusSeconds(1));
                if (page == null) {
                    break;
                }
                if (page.tools() != null) {
                    all.addAll(page.tools());
                }
                cursor = page.nextCursor();
            } while (cursor != null && !cursor.isEmpty());
            toolsChanged(all);
            return new Live(c, exit);
        } catch (RuntimeException e) {
            if (c != null) {
                closeQuietly(c);
            }
            throw new McpServerException("MCP server '" + spec.name() + "' could not be started or initialized ("
                    + where() + "): " + describe(e), e);
        }
    }

    private McpClientTransport transport() {
        if (spec.transport() == McpServerSpec.Transport.STDIO) {
            checkCommand(spec.command());
            ServerParameters.Builder p = ServerParameters.builder(spec.command()).args(spec.args());
            if (!spec.env().isEmpty()) {
                p.env(spec.env());
            }
            StdioClientTransport t = new StdioClientTransport(p.build(), mapper);
            t.setStdErrorHandler(line -> log.debug("MCP server '{}' stderr: {}", spec.name(), line));
            return t;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder();
        spec.headers().forEach(request::header);
        String url = spec.url().toString();
        String base = url.substring(0, url.length() - spec.url().getRawPath().length()
                - (spec.url().getRawQuery() == null ? 0 : spec.url().getRawQuery().length() + 1));
        String endpoint = url.substring(base.length());
        return HttpClientStreamableHttpTransport.builder(base)
                .endpoint(endpoint.isEmpty() ? "/" : endpoint)
                .jsonMapper(mapper)
                .requestBuilder(request)
                .connectTimeout(spec.startTimeout())
                .build();
    }

    /** Fails at once for a command that cannot be run (the SDK would only time out). */
    private static void checkCommand(String command) {
        boolean windows = File.separatorChar == '\\';
        if (command.indexOf('/') >= 0 || command.indexOf(File.separatorChar) >= 0) {
            if (!Files.isExecutable(Path.of(command))) {
                throw new IllegalStateException("the command " + command + " does not exist or is not executable");
            }
            return;
        }
        String path = System.getenv("PATH");
        if (windows || path == null) {
            return;   // PATHEXT and friends: leave the lookup to the process start
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return;
            }
        }
        throw new IllegalStateException("the command " + command + " is not on the PATH");
    }

    private void toolsChanged(List<McpSchema.Tool> list) {
        Map<String, McpSchema.Tool> offered = new LinkedHashMap<>();
        for (McpSchema.Tool t : list) {
            if (t != null && t.name() != null && spec.toolFilter().test(t.name())) {
                offered.put(t.name(), t);
            }
        }
        Map<String, McpSchema.Tool> before = tools;
        tools = Collections.unmodifiableMap(offered);
        if (!before.isEmpty() && !before.keySet().equals(offered.keySet())) {
            log.info("MCP server '{}' changed its tools: now {}", spec.name(), offered.keySet());
        }
    }

    private String where() {
        return spec.transport() == McpServerSpec.Transport.STDIO ? "command " + spec.command() : "url " + spec.url();
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(McpAsyncClient c) {
        try {
            c.close();
        } catch (RuntimeException e) {
            log.debug("closing an MCP client failed", e);
        }
    }

    /** Stops the server (stdio) or closes the connection (HTTP); idempotent. */
    @Override
    public void close() {
        Live c;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            c = client;
            client = null;
        }
        if (c != null) {
            try {
                c.client().closeGracefully().block(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.debug("MCP server '{}' did not close gracefully", spec.name(), e);
            } finally {
                closeQuietly(c.client());
            }
        }
    }
}
