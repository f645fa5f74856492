package io.q2o.llm.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.q2o.llm.LlmListener;
import io.q2o.llm.LlmListener.ToolCallEvent;
import io.q2o.llm.LlmListener.ToolCallEvent.Outcome;
import io.q2o.llm.Tool;
import io.q2o.llm.ToolDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One tool of an MCP server as a llm-core {@link Tool}: its definition carries the server's
 * input schema as given; {@link #invoke} calls the server, maps the result to text, turns
 * {@code isError} and every failure into a {@link McpToolException} (a tool error for the loop),
 * and reports every call to the listeners. Immutable and thread-safe.
 */
final class McpTool implements Tool {
    private static final Logger log = LoggerFactory.getLogger(McpTool.class);

    private final ToolDefinition definition;
    private final String serverToolName;
    private final McpConnection connection;
    private final McpJsonMapper mapper;
    private final List<LlmListener> listeners;
    private final Clock clock;

    McpTool(ToolDefinition definition, String serverToolName, McpConnection connection, McpJsonMapper mapper,
            List<LlmListener> listeners, Clock clock) {
        this.definition = definition;
        this.serverToolName = serverToolName;
        this.connection = connection;
        this.mapper = mapper;
        this.listeners = listeners;
        this.clock = clock;
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    /** @return the tool's name on its server */
    String serverToolName() {
        return serverToolName;
    }

    @Override
    public String invoke(String argumentsJson) throws McpToolException {
        Instant start = clock.instant();
        String server = connection.spec().name();
        try {
            McpSchema.CallToolResult result = connection.call(serverToolName,
                    argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson);
            String text = McpResultText.of(result, mapper);
            if (Boolean.TRUE.equals(result.isError())) {
                throw new McpToolException(server, Outcome.TOOL_ERROR, text.isEmpty()
                        ? "tool '" + serverToolName + "' of MCP server '" + server + "' reported an error" : text);
            }
            report(start, Outcome.SUCCESS, "");
            return text;
        } catch (McpToolException e) {
            report(start, e.outcome(), e.getMessage());
            throw e;
        }
    }

    private void report(Instant start, Outcome outcome, String detail) {
        if (listeners.isEmpty()) {
            return;
        }
        Duration took = Duration.between(start, clock.instant());
        ToolCallEvent event = new ToolCallEvent(definition.name(), connection.spec().name(), start,
                took.isNegative() ? Duration.ZERO : took, outcome,
                detail.length() > 500 ? detail.substring(0, 500) + "…" : detail);
        for (LlmListener l : listeners) {
            try {
                l.onToolCall(event);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                log.warn("listener {} failed on a tool call event of '{}'", l.getClass().getName(), definition.name(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "McpTool{" + definition.name() + " -> " + connection.spec().name() + ":" + serverToolName + "}";
    }
}
