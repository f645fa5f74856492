package io.q2o.demo;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shows that the demo is alive while it waits on the network: elapsed time and characters
 * received so far. On a terminal one line is redrawn in place; elsewhere (pipes, CI, tests) a
 * line is printed at most once a second, so logs stay short.
 */
final class Progress implements AutoCloseable {
    private static final char[] SPINNER = {'|', '/', '-', '\\'};

    private final PrintStream out;
    private final String label;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private final AtomicLong chars = new AtomicLong();
    private final AtomicLong chunks = new AtomicLong();
    private final AtomicLong firstChunkNanos = new AtomicLong(-1);
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final ScheduledExecutorService ticker;
    private int tick;
    private long lastLineSecond;

    Progress(PrintStream out, String label, boolean terminal) {
        this.out = out;
        this.label = label;
        this.terminal = terminal;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "q2o-demo-progress");
            t.setDaemon(true);
            return t;
        });
        out.println("  " + label + "...");
        ticker.scheduleAtFixedRate(this::show, terminal ? 100 : 1000, terminal ? 100 : 1000, TimeUnit.MILLISECONDS);
    }

    /** @param chunk text that just arrived */
    void received(String chunk) {
        firstChunkNanos.compareAndSet(-1, System.nanoTime() - start);
        chars.addAndGet(chunk.length());
        chunks.incrementAndGet();
    }

    /** @return milliseconds until the first chunk arrived, or -1 if none did */
    long firstChunkMillis() {
        long n = firstChunkNanos.get();
        return n < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(n);
    }

    /** @return chunks received */
    long chunks() {
        return chunks.get();
    }

    private synchronized void show() {
        if (stopped.get()) {
            return;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String status = String.format(Locale.ROOT, "%.1f s, %,d characters received", seconds, chars.get());
        if (terminal) {
            out.print("\r  " + SPINNER[tick++ % SPINNER.length] + " waiting for " + label + ": " + status + "   ");
            out.flush();
        } else if ((long) seconds > lastLineSecond) {
            lastLineSecond = (long) seconds;
            out.println("  ... " + status);
        }
    }

    @Override
    public synchronized void close() {
        if (stopped.compareAndSet(false, true)) {
            ticker.shutdownNow();
            if (terminal) {
                out.print("\r" + " ".repeat(100) + "\r");
                out.flush();
            }
        }
    }
}
