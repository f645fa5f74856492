package io.q2o.llm.mcp;

import io.q2o.llm.LlmListener.ToolCallEvent.Outcome;

import java.util.Objects;

/**
 * An MCP tool call that did not return a result: the tool reported an error ({@code isError}),
 * the server refused the call, did not answer in time, or is unavailable. Thrown by
 * {@link io.q2o.llm.Tool#invoke} of an MCP tool, so the tool loop sends the message to the model
 * as a tool error.
 */
public final class McpToolException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String server;
    private final transient Outcome outcome;

    /**
     * @param server  the server's name
     * @param outcome how the call ended (never {@link Outcome#SUCCESS})
     * @param message what the model and the caller are told
     */
    public McpToolException(String server, Outcome outcome, String message) {
        super(message);
        this.server = Objects.requireNonNull(server, "server");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
    }

    /** @return the server's name */
    public String server() {
        return server;
    }

    /** @return how the call ended */
    public Outcome outcome() {
        return outcome;
    }
}
