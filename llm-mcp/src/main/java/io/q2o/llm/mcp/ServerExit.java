package io.q2o.llm.mcp;

import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpClientTransport;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Completes when a stdio server's process exits, so calls waiting on a dead server fail at once
 * instead of at their timeout.
 *
 * <p>Why: the SDK (checked with 2.1.0 and 2.2.0) does not notice that its server process exited; a pending
 * request then waits for its full timeout. The SDK's stdio transport keeps the process in a private
 * field and offers no accessor, so it is read here by type. The transport starts the process on one
 * of its own threads once the client connects, so the field is looked at every 10 ms until the
 * process is there (at most for the start timeout), then its {@link Process#onExit()} is followed.
 * If a future SDK stores the process differently (or a module boundary forbids the look), the
 * future never completes and calls fall back to the call timeout (still bounded). For HTTP servers
 * a broken connection fails the request by itself; the future never completes. Stateless.
 */
final class ServerExit {
    private static final Executor RETRY = CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS);
    private static final Field PROCESS = processField();

    private ServerExit() {
    }

    /**
     * @param transport a transport, connected or about to be
     * @param within    how long to wait for the process to be started
     * @return a future completed with the exit code when the server process exits; never
     *         completed for transports without a process
     */
    static CompletableFuture<Integer> of(McpClientTransport transport, Duration within) {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        if (transport instanceof StdioClientTransport && PROCESS != null) {
            watch(transport, exit, System.nanoTime() + within.toNanos());
        }
        return exit;
    }

    private static void watch(McpClientTransport transport, CompletableFuture<Integer> exit, long deadline) {
        Process p;
        try {
            p = (Process) PROCESS.get(transport);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return;
        }
        if (p != null) {
            p.onExit().thenAccept(done -> exit.complete(done.exitValue()));
        } else if (System.nanoTime() - deadline < 0) {
            RETRY.execute(() -> watch(transport, exit, deadline));
        }
    }

    private static Field processField() {
        for (Field f : StdioClientTransport.class.getDeclaredFields()) {
            if (Process.class.isAssignableFrom(f.getType())) {
                try {
                    f.setAccessible(true);
                    return f;
                } catch (RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
