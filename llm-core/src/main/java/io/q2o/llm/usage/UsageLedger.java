package io.q2o.llm.usage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.q2o.llm.LlmListener;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmUsage;
import io.q2o.llm.RequestTags;

import io.q2o.llm.internal.Folders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Appends every finished call to a JSON-lines file per day ({@code usage-YYYY-MM-DD.jsonl},
 * days in the configured zone) under one folder, so that daily limits, alerts and budgets survive
 * restarts and costs can be reported later ({@link LedgerReader}).
 *
 * <p>Each line is written with one {@code write} to a file opened for append before the call
 * returns to its caller; see {@link FsyncPolicy} for durability. Several processes on one machine
 * may share the folder: each appends whole lines. Thread-safe; {@link #close()} forces and closes
 * the file.
 */
public final class UsageLedger implements LlmListener, AutoCloseable {
    private static final int BATCH = 64;

    private final Path dir;
    private final ZoneId zone;
    private final FsyncPolicy fsync;
    private final ObjectMapper json;
    private LocalDate openDay;
    private FileChannel channel;
    private int unsynced;
    private boolean closed;

    /**
     * @param dir   the ledger folder, created if missing
     * @param zone  the zone in which days roll over
     * @param fsync when to force lines to disk
     * @throws io.q2o.llm.ConfigException naming {@code Q2O_LLM_USAGE_DIR} if the folder cannot be created
     */
    public UsageLedger(Path dir, ZoneId zone, FsyncPolicy fsync) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.fsync = Objects.requireNonNull(fsync, "fsync");
        this.json = mapper();
        Folders.create(dir, "Q2O_LLM_USAGE_DIR", "usage ledger folder");
    }

    static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** @return the ledger folder */
    public Path dir() {
        return dir;
    }

    /**
     * @param day a day
     * @return the file holding that day's calls
     */
    public Path fileFor(LocalDate day) {
        return dir.resolve("usage-" + day + ".jsonl");
    }

    /**
     * Converts a finished call into its ledger record.
     *
     * @param event the call
     * @return the record
     */
    public static UsageRecord toRecord(CallEvent event) {
        LlmResponse r = event.response();
        LlmUsage u = r.usage();
        RequestTags tags = event.request().tags();
        boolean priced = u != null && u.costKnown();
        BigDecimal in = priced ? u.inputCost().orElseThrow() : null;
        BigDecimal out = priced ? u.outputCost().orElseThrow() : null;
        BigDecimal cost;
        if (u == null || r.simulated() || r.cacheHit()) {
            cost = BigDecimal.ZERO;
        } else {
            cost = priced ? in.add(out) : null;
        }
        long durationMs = Math.max(0, java.time.Duration.between(event.start(), event.end()).toMillis());
        return new UsageRecord(event.requestId(), event.start(), durationMs, r.provider(), r.model(),
                u == null ? 0 : u.inputTokens(), u == null ? 0 : u.outputTokens(),
                u == null ? 0 : u.cachedInputTokens(), u == null ? 0 : u.tokens().cacheWriteInputTokens(),
                u == null ? 0 : u.reasoningTokens(), in, out, cost, tags.agentId(), tags.taskId(), tags.projectId(),
                r.cacheHit(), r.simulated(), event.counted(), r.success() ? "success" : "failure",
                r.error() == null ? null : r.error().kind().name(), r.attempts().size(),
                r.toolCalls().stream().map(io.q2o.llm.ToolCall::name).toList());
    }

    /** Records the call; failures to write are thrown so the service can log them. */
    @Override
    public void onResponse(CallEvent event) {
        append(toRecord(event));
    }

    /**
     * Appends one record to the file of its start day.
     *
     * @param record the record
     * @throws UncheckedIOException if the line cannot be written
     */
    public synchronized void append(UsageRecord record) {
        if (closed) {
            throw new IllegalStateException("usage ledger is closed");
        }
        try {
            // Jackson's byte writer escapes a lone UTF-16 surrogate in a tag (\\ud800); String.getBytes
            // would have replaced it with '?', so the record read back would differ from the one written
            byte[] encoded = json.writeValueAsBytes(record);
            byte[] line = java.util.Arrays.copyOf(encoded, encoded.length + 1);
            line[encoded.length] = '\n';
            LocalDate day = LocalDate.ofInstant(record.start(), zone);
            FileChannel ch = channel(day);
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            unsynced++;
            if (fsync == FsyncPolicy.EVERY_CALL || unsynced >= BATCH) {
                ch.force(false);
                unsynced = 0;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the usage ledger in " + dir, e);
        }
    }

    private FileChannel channel(LocalDate day) throws IOException {
        if (channel != null && day.equals(openDay)) {
            return channel;
        }
        if (channel != null) {
            channel.force(false);
            channel.close();
        }
        Path file = fileFor(day);
        boolean torn = false;
        if (Files.exists(file)) {
            try (FileChannel read = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = read.size();
                if (size > 0) {
                    ByteBuffer last = ByteBuffer.allocate(1);
                    read.read(last, size - 1);
                    torn = last.get(0) != '\n';
                }
            }
        }
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (torn) {
            // a torn last line (crash mid-write) must not swallow the next record: end it first
            channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
        }
        openDay = day;
        unsynced = 0;
        return channel;
    }

    /** Forces and closes the current file. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (channel != null) {
            try {
                channel.force(false);
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the usage ledger in " + dir, e);
            }
        }
    }

    /** @return a summary naming the folder */
    @Override
    public String toString() {
        return "UsageLedger{dir=" + dir + ", zone=" + zone + ", fsync=" + fsync + "}";
    }
}
