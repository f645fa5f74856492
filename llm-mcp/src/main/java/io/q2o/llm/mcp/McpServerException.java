package io.q2o.llm.mcp;

/** An MCP server could not be started, connected to or initialized; the message names the server. */
public final class McpServerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the server and what failed
     * @param cause   the underlying failure
     */
    public McpServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
