package io.q2o.llm.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.q2o.llm.LlmListener;
import io.q2o.llm.Tool;
import io.q2o.llm.ToolDefinition;
import io.q2o.llm.ToolLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tools from one or more MCP servers for a {@link ToolLoop}: connects to every server (starting
 * the stdio ones), lists their tools and offers them as llm-core {@link Tool}s whose definitions
 * carry each server's input schema as given.
 *
 * <pre>{@code
 * try (McpToolSource mcp = McpToolSource.builder()
 *         .server(McpServerSpec.stdio("fs", "npx", "-y", "@modelcontextprotocol/server-filesystem", "/data")
 *                 .prefix("fs_").build())
 *         .build()) {
 *     ToolLoop loop = mcp.addTo(ToolLoop.builder(llm)).build();
 *     ToolLoopResult r = loop.run(LlmRequest.builder().userPrompt("What is in /data?").build());
 * }
 * }</pre>
 *
 * <p>Names: a tool is offered as the server's {@link McpServerSpec#prefix() prefix} plus its own
 * name, with characters other than letters, digits, {@code _} and {@code -} replaced by
 * {@code _} and cut to 64 characters (what every provider accepts). Two servers offering the
 * same name fail {@link Builder#build()} with an error naming both (use a prefix); a clash that
 * appears later through a tool-list change keeps the first server's tool and logs the other once.
 * A tool whose input schema is not a JSON object schema is left out with a warning.
 *
 * <p>Results, failures and events: see {@link McpServerSpec} for timeouts and restarts. Results
 * are mapped to text as described in the module's usage guide (structured content as JSON,
 * text blocks as text, images as placeholders); {@code isError}, a refused call, a timeout or an
 * unavailable server become a {@link McpToolException}, which the loop sends to the model as a
 * tool error. Every call is reported to the listeners as {@link LlmListener#onToolCall}.
 *
 * <p>Tool lists: {@link #tools()} returns the servers' current tools, so a loop built after a
 * server changed its tools ({@code notifications/tools/list_changed}) offers the new list; a
 * loop keeps the tools it was built with, and a tool the server removed meanwhile answers with
 * a tool error.
 *
 * <p>Thread-safe. Close it to stop the stdio servers and close the HTTP connections.
 */
public final class McpToolSource implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(McpToolSource.class);

    private final List<McpConnection> connections;
    private final McpJsonMapper mapper;
    private final List<LlmListener> listeners;
    private final Clock clock;
    private final Set<String> reportedClashes = ConcurrentHashMap.newKeySet();

    private McpToolSource(List<McpConnection> connections, McpJsonMapper mapper, List<LlmListener> listeners,
                          Clock clock) {
        this.connections = connections;
        this.mapper = mapper;
        this.listeners = listeners;
        this.clock = clock;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the tools the servers offer now, server by server in the order they were added,
     *         each server's tools in its own order
     */
    public List<Tool> tools() {
        return collect(false);
    }

    /** @return the definitions of {@link #tools()} */
    public List<ToolDefinition> definitions() {
        return tools().stream().map(Tool::definition).toList();
    }

    /**
     * @param name a tool name as offered (with prefix)
     * @return the tool, if a server offers it now
     */
    public Optional<Tool> tool(String name) {
        return tools().stream().filter(t -> t.definition().name().equals(name)).findFirst();
    }

    /**
     * Registers every current tool with a loop builder.
     *
     * @param loop the builder
     * @return the same builder
     * @throws IllegalArgumentException if the builder already has a tool of the same name
     */
    public ToolLoop.Builder addTo(ToolLoop.Builder loop) {
        Objects.requireNonNull(loop, "loop builder");
        tools().forEach(loop::tool);
        return loop;
    }

    /** @return the names of the servers */
    public List<String> servers() {
        return connections.stream().map(c -> c.spec().name()).toList();
    }

    private List<Tool> collect(boolean strict) {
        List<Tool> out = new ArrayList<>();
        Map<String, String> owner = new LinkedHashMap<>();
        for (McpConnection c : connections) {
            for (McpSchema.Tool t : c.tools().values()) {
                String name = exposedName(c.spec().prefix(), t.name());
                String first = owner.putIfAbsent(name, c.spec().name());
                if (first != null) {
                    String clash = "MCP servers '" + first + "' and '" + c.spec().name() + "' both offer a tool named '"
                            + name + "'; give one of them a prefix (McpServerSpec.Builder.prefix)";
                    if (strict) {
                        throw new IllegalStateException(clash);
                    }
                    if (reportedClashes.add(name + "\u0000" + c.spec().name())) {
                        log.warn("{}; the tool of '{}' is left out", clash, c.spec().name());
                    }
                    continue;
                }
                definition(name, t, c).ifPresent(d -> out.add(new McpTool(d, t.name(), c, mapper, listeners, clock)));
            }
        }
        return List.copyOf(out);
    }

    private Optional<ToolDefinition> definition(String name, McpSchema.Tool t, McpConnection c) {
        try {
            Map<String, Object> schema = t.inputSchema() == null ? Map.of("type", "object") : t.inputSchema();
            String description = t.description() != null ? t.description() : t.title();
            return Optional.of(ToolDefinition.of(name, description, mapper.writeValueAsString(schema)));
        } catch (IOException | IllegalArgumentException e) {
            if (reportedClashes.add("schema\u0000" + c.spec().name() + "\u0000" + t.name())) {
                log.warn("MCP server '{}': tool '{}' is left out: {}", c.spec().name(), t.name(), e.getMessage());
            }
            return Optional.empty();
        }
    }

    /**
     * @param prefix   the server's prefix
     * @param toolName the server's tool name
     * @return the name offered to the model
     */
    static String exposedName(String prefix, String toolName) {
        StringBuilder b = new StringBuilder(prefix);
        for (int i = 0; i < toolName.length(); i++) {
            char ch = toolName.charAt(i);
            b.append(ch < 128 && (Character.isLetterOrDigit(ch) || ch == '_' || ch == '-') ? ch : '_');
        }
        if (b.length() == 0 || !(Character.isLetter(b.charAt(0)) || b.charAt(0) == '_')) {
            b.insert(0, '_');
        }
        return b.length() > 64 ? b.substring(0, 64) : b.toString();
    }

    /** Stops every stdio server and closes every HTTP connection; idempotent. */
    @Override
    public void close() {
        for (McpConnection c : connections) {
            c.close();
        }
    }

    /** @return a summary: the servers */
    @Override
    public String toString() {
        return "McpToolSource{servers=" + servers() + "}";
    }

    /** Builder for {@link McpToolSource}. Not thread-safe. */
    public static final class Builder {
        private final List<McpServerSpec> servers = new ArrayList<>();
        private final List<LlmListener> listeners = new ArrayList<>();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * @param server a server; names must be unique
         * @return this
         */
        public Builder server(McpServerSpec server) {
            Objects.requireNonNull(server, "server");
            if (servers.stream().anyMatch(s -> s.name().equals(server.name()))) {
                throw new IllegalArgumentException("an MCP server named '" + server.name() + "' is already added");
            }
            servers.add(server);
            return this;
        }

        /**
         * @param listener receives {@link LlmListener#onToolCall} for every tool call (the same
         *                 listener may also be registered with the service)
         * @return this
         */
        public Builder listener(LlmListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param clock the clock for call start times and durations; default {@link Clock#systemUTC()}
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Starts (stdio) or connects to (HTTP) every server and reads its tools.
         *
         * @return the source
         * @throws IllegalStateException if no server was added, or two servers offer the same tool name
         * @throws McpServerException    naming the server if one cannot be started or initialized
         *                               (the ones already started are stopped)
         */
        public McpToolSource build() {
            if (servers.isEmpty()) {
                throw new IllegalStateException("an MCP tool source needs at least one server");
            }
            McpJsonMapper mapper = McpJsonDefaults.getMapper();
            List<McpConnection> started = new ArrayList<>();
            try {
                for (McpServerSpec s : servers) {
                    McpConnection c = new McpConnection(s, mapper);
                    started.add(c);
                    c.start();
                }
                McpToolSource source = new McpToolSource(List.copyOf(started), mapper, List.copyOf(listeners), clock);
                source.collect(true);
                Set<String> names = new HashSet<>();
                source.tools().forEach(t -> names.add(t.definition().name()));
                log.info("MCP tools from {}: {}", source.servers(), names.size());
                return source;
            } catch (RuntimeException e) {
                started.forEach(McpConnection::close);
                throw e;
            }
        }
    }
}
