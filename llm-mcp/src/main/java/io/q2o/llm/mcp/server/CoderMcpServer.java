package io.q2o.llm.mcp.server;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.q2o.coder.CoderAgent;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link CoderAgent} as an MCP server, so agents in other tools (IDEs, other frameworks) can
 * call it. Tools:
 * <ul>
 *   <li>{@code validate_code} — code, language, required elements → the validator's findings;</li>
 *   <li>{@code generate_component} — a description and a relative output path → validated code
 *       from the agent (with its LLM service's budgets and cost accounting), written only inside
 *       the agent's output root; a path leading out of it is refused.</li>
 * </ul>
 * Bad arguments are JSON-RPC invalid-params errors naming the argument.
 *
 * <p>Transport: stdio ({@link #stdio}), newline-delimited JSON-RPC on the given streams — for a
 * process started by an MCP client, pass {@code System.in} and {@code System.out} and log to
 * standard error only. The server is thread-safe; it does not own the agent or its LLM service.
 */
public final class CoderMcpServer implements AutoCloseable {
    /** The server name announced to clients. */
    public static final String SERVER_NAME = "q2o-coder";

    private final McpSyncServer server;
    private final CompletableFuture<Void> inputClosed;

    private CoderMcpServer(McpSyncServer server, CompletableFuture<Void> inputClosed) {
        this.server = server;
        this.inputClosed = inputClosed;
    }

    /**
     * Starts serving over stdio; returns at once (the SDK reads on its own threads).
     *
     * @param agent   the agent that validates and generates
     * @param version the version announced to clients
     * @param in      where requests arrive (the process's standard input)
     * @param out     where answers go (the process's standard output; nothing else may write there)
     * @return the running server
     */
    public static CoderMcpServer stdio(CoderAgent agent, String version, InputStream in, OutputStream out) {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(version, "version");
        CompletableFuture<Void> closed = new CompletableFuture<>();
        McpJsonMapper mapper = McpJsonDefaults.getMapper();
        StdioServerTransportProvider transport = new StdioServerTransportProvider(mapper,
                new EndAware(Objects.requireNonNull(in, "in"), closed), Objects.requireNonNull(out, "out"));
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo(SERVER_NAME, version)
                .instructions("Validates code on its syntax tree and generates validated components with the "
                        + "Q2O CoderAgent. Files are written only inside the server's output root.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                // the tools check their arguments themselves and answer bad ones with a JSON-RPC
                // invalid-params error naming the argument (the SDK's own check answers with a tool result)
                .validateToolInputs(false)
                .tools(tools(agent, mapper))
                .build();
        return new CoderMcpServer(server, closed);
    }

    /**
     * @param agent  the agent
     * @param mapper the JSON mapper
     * @return the server's tool specifications ({@code validate_code}, {@code generate_component}),
     *         for use with another transport
     */
    public static List<McpServerFeatures.SyncToolSpecification> tools(CoderAgent agent, McpJsonMapper mapper) {
        return List.of(ValidateCodeTool.create(agent.validators(), mapper), GenerateComponentTool.create(agent, mapper));
    }

    /**
     * Blocks until the client closes the input stream (it ends the session), then closes the server.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitInputClosed() throws InterruptedException {
        try {
            inputClosed.get();
        } catch (java.util.concurrent.ExecutionException e) {
            // never completed exceptionally
        }
        close();
    }

    /** Stops the server; idempotent. */
    @Override
    public void close() {
        inputClosed.complete(null);
        server.closeGracefully();
    }

    /** Completes a future when the stream ends, so a stdio server knows its client is gone. */
    private static final class EndAware extends FilterInputStream {
        private final CompletableFuture<Void> ended;

        EndAware(InputStream in, CompletableFuture<Void> ended) {
            super(in);
            this.ended = ended;
        }

        @Override
        public int read() throws IOException {
            return ended(super.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return ended(super.read(b, off, len));
        }

        private int ended(int n) {
            if (n < 0) {
                ended.complete(null);
            }
            return n;
        }
    }
}
