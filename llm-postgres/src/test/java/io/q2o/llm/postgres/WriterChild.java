package io.q2o.llm.postgres;

import io.q2o.llm.LlmService;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A separate JVM for {@link MultiProcessTest}: a service whose ledger shipper is found through
 * ServiceLoader, making the {@link Calls} mix from two threads. Prints {@code CALLED n} after each
 * call returns (so a parent can kill it mid-run) and {@code DONE} after the service closed.
 *
 * <p>Arguments: ledger folder, JDBC URL, host name, calls, prompt tag, then {@code NAME=value} settings.
 */
public final class WriterChild {
    private WriterChild() {
    }

    /**
     * @param args folder, url, host, calls, tag, settings
     * @throws Exception on failure (the parent sees a non-zero exit)
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int calls = Integer.parseInt(args[3]);
        String tag = args[4];
        String[] settings = java.util.Arrays.copyOfRange(args, 5, args.length);
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (LlmService llm = Calls.service(Calls.config(dir, args[1], args[2], settings))) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = thread; i < calls; i += 2) {
                        Calls.call(llm, tag, i);
                        int n = done.incrementAndGet();
                        synchronized (System.out) {
                            System.out.println("CALLED " + n);
                            System.out.flush();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("DONE");
        System.out.flush();
    }
}
