package io.q2o.llm.mcp;

import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpClientTransport;

import java.lang.reflect.Field;
import java.util.concurrent.CompletableFuture;

/**
 * Completes when a stdio server's process exits, so calls waiting on a dead server fail at once
 * instead of at their timeout.
 *
 * <p>Why: the SDK (checked with 2.2.0) does not notice that its server process exited; a pending
 * request then waits for its full timeout. The SDK's stdio transport keeps the process in a private
 * field and offers no accessor, so it is read here by type, once per connection. If a future SDK
 * stores it differently, the future never completes and calls fall back to the call timeout (still
 * bounded). For HTTP servers a broken connection fails the request by itself; the future never
 * completes. Stateless.
 */
final class ServerExit {
    private ServerExit() {
    }

    /**
     * @param transport a connected transport
     * @return a future completed with the exit code when the server process exits; never
     *         completed for transports without a process
     */
    static CompletableFuture<Integer> of(McpClientTransport transport) {
        if (transport instanceof StdioClientTransport) {
            for (Field f : StdioClientTransport.class.getDeclaredFields()) {
                if (Process.class.isAssignableFrom(f.getType())) {
                    try {
                        f.setAccessible(true);
                        Process p = (Process) f.get(transport);
                        if (p != null) {
                            return p.onExit().thenApply(Process::exitValue);
                        }
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        return new CompletableFuture<>();
                    }
                }
            }
        }
        return new CompletableFuture<>();
    }
}
