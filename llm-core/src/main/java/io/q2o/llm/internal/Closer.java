package io.q2o.llm.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Closes a service's resources one by one: a failure is logged and the next one is still closed. */
public final class Closer {
    private static final Logger log = LoggerFactory.getLogger("io.q2o.llm.LlmService");

    private Closer() {
    }

    /**
     * @param what     names the resource in the log
     * @param resource the resource, or {@code null}
     */
    public static void quietly(String what, AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("Closing {} failed: {}", what, e.toString());
        }
    }

    /**
     * Shuts an executor down, waiting up to 2 s for running calls, then interrupting them.
     *
     * @param executor the executor, or {@code null}
     */
    public static void shutdown(ExecutorService executor) {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
