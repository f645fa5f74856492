package io.q2o.llm.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor that runs async calls and streams when the caller gives none: a virtual thread
 * per call on Java 21+ (found at run time, so the library stays on release 17), else a pool of at
 * most {@code maxThreads} daemon platform threads whose idle threads end after 30 s; calls beyond
 * that wait in its queue. Each call blocks its thread for the call's duration (the chain is synchronous).
 */
public final class AsyncExecutors {
    private static final Logger log = LoggerFactory.getLogger("io.q2o.llm.LlmService");
    private static final AtomicInteger THREADS = new AtomicInteger();

    private AsyncExecutors() {
    }

    /**
     * @param maxThreads the pool bound when virtual threads are not available
     * @return a new executor owned by the caller, to be shut down on close
     */
    public static ExecutorService create(int maxThreads) {
        ExecutorService virtual = virtualThreads();
        if (virtual != null) {
            return virtual;
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(maxThreads, maxThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "q2o-llm-call-" + THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** @return whether this JVM runs async calls on virtual threads */
    public static boolean virtualThreadsAvailable() {
        return virtualFactory() != null;
    }

    private static ExecutorService virtualThreads() {
        Method m = virtualFactory();
        if (m == null) {
            return null;
        }
        try {
            return (ExecutorService) m.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("virtual threads unavailable: {}", e.toString());
            return null;
        }
    }

    private static Method virtualFactory() {
        try {
            return java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
