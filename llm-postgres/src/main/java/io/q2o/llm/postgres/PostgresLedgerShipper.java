package io.q2o.llm.postgres;

import io.q2o.llm.ConfigException;
import io.q2o.llm.spi.LedgerShipperProvider;
import io.q2o.llm.usage.UsageRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ships a usage ledger folder to PostgreSQL, losing and duplicating nothing.
 *
 * <p><b>Design.</b> The local JSON-lines ledger ({@code usage-YYYY-MM-DD.jsonl}) is the
 * write-ahead buffer: the service appends each call there before the call returns, and this
 * shipper copies complete lines to {@code q2o_llm_usage} in batches. Each batch is one
 * transaction that (1) locks this host's row for the file in {@code q2o_llm_ledger_offsets}
 * ({@code SELECT … FOR UPDATE}), (2) inserts the records of the next lines after the offset with
 * {@code ON CONFLICT (id) DO NOTHING}, and (3) moves the offset past them. So:
 * <ul>
 *   <li>a crash or {@code kill -9} at any point leaves either the whole batch and its offset or
 *       neither: the next shipper on the folder resumes at the committed offset (no loss), and the
 *       call id key would drop a repeat anyway (no duplicate);</li>
 *   <li>several processes sharing one folder ship it together: the row lock serialises them and
 *       each batch is shipped once;</li>
 *   <li>while the database is down the lines wait in the file; the shipper retries with a wait that
 *       doubles from {@code Q2O_LLM_LEDGER_INTERVAL_MS} up to {@code Q2O_LLM_LEDGER_RETRY_MAX_MS}
 *       and catches up by itself when the database returns.</li>
 * </ul>
 * A call never waits on the database: {@link #onResponse} only wakes the shipper's thread (a few
 * microseconds, never blocking on I/O) and never throws. A file shorter than its shipped offset was
 * rewritten: it is shipped again from its start, the call ids keeping the table free of duplicates.
 * A complete line that is not a record is skipped with a warning, a record the database refuses
 * (e.g. a value PostgreSQL cannot store) is logged at ERROR and skipped so that one bad line never
 * blocks the rest.
 *
 * <p>Thread-safe. {@link #close()} makes a last pass (bounded by the connection timeout when the
 * database is down) and stops the thread; it closes the database only if this shipper owns it.
 */
public final class PostgresLedgerShipper implements LedgerShipperProvider.LedgerShipper {
    private static final Logger log = LoggerFactory.getLogger(PostgresLedgerShipper.class);
    private static final String FILES = "usage-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9].jsonl";

    private final LedgerDatabase db;
    private final boolean ownsDb;
    private final Path dir;
    private final String host;
    private final java.time.ZoneId zone;
    private final int batch;
    private final LedgerFileReader reader = new LedgerFileReader();
    private final LedgerOffsets offsets;
    /** Offsets this shipper knows to be committed, by file: a file at that size needs no transaction. */
    private final Map<String, Long> shipped = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    private final Thread thread;
    private boolean woken;
    private volatile boolean stopping;
    private volatile boolean loaded;
    private volatile boolean closed;

    private PostgresLedgerShipper(LedgerDatabase db, boolean ownsDb, Path dir) {
        this.db = Objects.requireNonNull(db, "db");
        this.ownsDb = ownsDb;
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
        this.host = db.settings().host();
        this.zone = db.settings().zone();
        this.batch = db.settings().batch();
        this.offsets = new LedgerOffsets(host);
        this.thread = new Thread(this::run, "q2o-llm-ledger-shipper");
        this.thread.setDaemon(true);
    }

    /**
     * Starts a shipper thread on a ledger folder.
     *
     * @param db     the database
     * @param ownsDb whether {@link #close()} closes the database
     * @param dir    the ledger folder ({@code Q2O_LLM_USAGE_DIR})
     * @return the running shipper
     */
    public static PostgresLedgerShipper start(LedgerDatabase db, boolean ownsDb, Path dir) {
        PostgresLedgerShipper s = new PostgresLedgerShipper(db, ownsDb, dir);
        s.thread.start();
        return s;
    }

    /**
     * A shipper without a thread: nothing is shipped until {@link #shipNow()} is called (tests,
     * one-off backfills).
     *
     * @param db  the database (not closed by the shipper)
     * @param dir the ledger folder
     * @return the shipper
     */
    public static PostgresLedgerShipper manual(LedgerDatabase db, Path dir) {
        return new PostgresLedgerShipper(db, false, dir);
    }

    /** Wakes the shipper: the call's line is in the ledger. Returns at once, never throws. */
    @Override
    public void onResponse(CallEvent event) {
        wake();
    }

    private void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /**
     * Ships every complete line not shipped yet, on the calling thread.
     *
     * @return the records sent (records already in the table count too: they are skipped by id)
     * @throws LedgerUnavailableException if the database cannot be reached or fails (nothing is lost: retry later)
     * @throws ConfigException            naming the variable if the login is rejected
     * @throws UncheckedIOException       if the folder or a file cannot be read
     */
    public synchronized int shipNow() {
        if (closed) {
            throw new IllegalStateException("the ledger shipper to " + db.settings().name() + " is closed");
        }
        TreeSet<Path> files = files();
        if (files.isEmpty()) {
            return 0;
        }
        int sent = 0;
        try (Connection c = db.connection()) {
            if (!loaded) {
                load(c);
            }
            for (Path f : files) {
                sent += shipFile(c, f);
            }
        } catch (SQLException e) {
            throw db.translate(e, "cannot ship to");
        }
        return sent;
    }

    private TreeSet<Path> files() {
        TreeSet<Path> out = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, FILES)) {
            for (Path p : ds) {
                out.add(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the usage ledger folder " + dir, e);
        }
        return out;
    }

    private void load(Connection c) throws SQLException {
        shipped.putAll(offsets.load(c, dir));
        loaded = true;
    }

    private int shipFile(Connection c, Path file) throws SQLException {
        String source = file.toString();
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the usage ledger file " + file, e);
        }
        Long known = shipped.get(source);
        if (known != null && known == size) {
            return 0;
        }
        int sent = 0;
        while (true) {
            c.setAutoCommit(false);
            try {
                long offset = offsets.lock(c, source);
                if (offset > size) {
                    log.info("Usage ledger file {} is shorter ({} bytes) than what was shipped ({} bytes): it was"
                            + " rewritten; shipping it again from its start (call ids keep out duplicates)", file, size, offset);
                    offset = 0;
                }
                if (offset == size) {
                    c.commit();
                    shipped.put(source, size);
                    return sent;
                }
                LedgerFileReader.Chunk chunk;
                try {
                    chunk = reader.read(file, offset, batch);
                } catch (NoSuchFileException e) {
                    c.rollback();
                    return sent;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the usage ledger file " + file, e);
                }
                if (chunk.endOffset() == offset) {
                    // only an unfinished line: it is shipped once its writer ends it
                    c.commit();
                    shipped.put(source, offset);
                    return sent;
                }
                insert(c, chunk);
                offsets.advance(c, source, chunk.endOffset());
                c.commit();
                sent += chunk.records().size();
                shipped.put(source, chunk.endOffset());
                if (chunk.endOffset() >= size) {
                    return sent;
                }
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private void insert(Connection c, LedgerFileReader.Chunk chunk) throws SQLException {
        if (chunk.records().isEmpty()) {
            return;
        }
        Savepoint before = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement(UsageRows.INSERT)) {
            for (UsageRecord r : chunk.records()) {
                UsageRows.bind(ps, host, zone, r);
                ps.addBatch();
            }
            ps.executeBatch();
            c.releaseSavepoint(before);
        } catch (SQLException e) {
            if (!refusedData(e)) {
                throw e;
            }
            // one record the database refuses must not block the rest: insert one by one, skip the bad ones
            c.rollback(before);
            for (UsageRecord r : chunk.records()) {
                Savepoint one = c.setSavepoint();
                try (PreparedStatement ps = c.prepareStatement(UsageRows.INSERT)) {
                    UsageRows.bind(ps, host, zone, r);
                    ps.executeUpdate();
                    c.releaseSavepoint(one);
                } catch (SQLException bad) {
                    if (!refusedData(bad)) {
                        throw bad;
                    }
                    c.rollback(one);
                    log.error("Usage record {} was not shipped: PostgreSQL refused it: {}", r.id(),
                            db.scrub(String.valueOf(bad.getMessage())));
                }
            }
        }
    }

    /** @return whether the failure is about the data (SQLState classes 22, 23), not the connection */
    private static boolean refusedData(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String st = s.getSQLState();
                if (st.startsWith("22") || st.startsWith("23")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken: nothing was committed
        }
    }

    private void run() {
        long wait = db.settings().interval().toMillis();
        int failures = 0;
        while (true) {
            boolean last = stopping;
            try {
                int n = shipNow();
                if (failures > 0) {
                    log.info("Usage ledger database {} is back: shipping resumed ({} records in this pass)",
                            db.settings().name(), n);
                }
                failures = 0;
                wait = db.settings().interval().toMillis();
            } catch (LedgerUnavailableException | ConfigException | UncheckedIOException e) {
                if (failures == 0) {
                    log.warn("Cannot ship the usage ledger {} now; its records wait there and are shipped when this"
                            + " succeeds (retrying with a growing wait up to {} ms): {}", dir,
                            db.settings().retryMax().toMillis(), e.getMessage());
                } else {
                    log.debug("Shipping the usage ledger still fails: {}", e.getMessage());
                }
                failures++;
                wait = Math.min(db.settings().retryMax().toMillis(), wait * 2);
            } catch (IllegalStateException e) {
                return; // closed
            } catch (RuntimeException e) {
                log.error("Shipping the usage ledger {} failed unexpectedly; retrying", dir, e);
                failures++;
                wait = db.settings().retryMax().toMillis();
            }
            if (last) {
                return;
            }
            synchronized (signal) {
                // while failing, a call's wake-up does not cut the wait short: the database is not hammered
                if (!(woken && failures == 0) && !stopping) {
                    try {
                        signal.wait(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                woken = false;
            }
        }
    }

    /**
     * Makes a last pass (so a short-lived process ships its calls), stops the thread and closes
     * the database if owned. Waits at most twice the connection timeout plus the socket timeout
     * (60 s) for that pass. Idempotent.
     */
    @Override
    public void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        wake();
        if (thread.isAlive()) {
            try {
                thread.join(2 * db.settings().connectTimeout().toMillis() + 60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            closed = true;
        }
        if (ownsDb) {
            db.close();
        }
    }

    /** @return where it ships to, without credentials */
    @Override
    public String name() {
        return db.settings().name() + " as host " + host;
    }

    /** @return a summary without credentials */
    @Override
    public String toString() {
        return "PostgresLedgerShipper{" + dir + " -> " + name() + "}";
    }
}
