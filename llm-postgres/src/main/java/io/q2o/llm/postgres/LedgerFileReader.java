package io.q2o.llm.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.q2o.llm.usage.UsageRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads whole lines of one ledger file from a byte offset. A line counts only once its {@code \n}
 * is there: a line still being written (or torn by a crash, until the next writer ends it) is
 * left for a later pass. A complete line that is not a usage record is skipped with a warning
 * (the same rule as {@link io.q2o.llm.usage.LedgerReader}). Stateless; one instance per thread.
 */
final class LedgerFileReader {
    private static final Logger log = LoggerFactory.getLogger(LedgerFileReader.class);
    private static final int CHUNK = 64 * 1024;

    /** Same settings as the ledger's own mapper (UsageLedger): snake_case, exact decimals. */
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * What one read found.
     *
     * @param records   the records of the complete lines read
     * @param endOffset the offset just past the last complete line read (= the start when none)
     */
    record Chunk(List<UsageRecord> records, long endOffset) {
    }

    /**
     * @param file     a ledger file
     * @param offset   where to start (the start of a line)
     * @param maxLines at most this many lines
     * @return the records and where the next read starts
     * @throws IOException if the file cannot be read
     */
    Chunk read(Path file, long offset, int maxLines) throws IOException {
        List<UsageRecord> out = new ArrayList<>();
        long pos = offset;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(512);
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            long read = offset;
            int lines = 0;
            while (lines < maxLines && read < size) {
                buf.clear();
                int n = ch.read(buf, read);
                if (n <= 0) {
                    break;
                }
                read += n;
                buf.flip();
                while (buf.hasRemaining() && lines < maxLines) {
                    byte b = buf.get();
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    pos = read - buf.remaining();
                    lines++;
                    parse(line.toString(StandardCharsets.UTF_8), file, pos).ifPresent(out::add);
                    line.reset();
                }
            }
        }
        return new Chunk(out, pos);
    }

    private java.util.Optional<UsageRecord> parse(String line, Path file, long endOffset) {
        if (line.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            UsageRecord r = json.readValue(line, UsageRecord.class);
            if (r.id() == null || r.id().isEmpty() || r.start() == null || r.outcome() == null) {
                log.warn("Not shipping the line ending at byte {} of {}: not a usage record", endOffset, file);
                return java.util.Optional.empty();
            }
            java.util.Optional<String> implausible = io.q2o.llm.usage.LedgerReader.whyImplausible(r);
            if (implausible.isPresent()) {
                log.warn("Not shipping the line ending at byte {} of {}: {}", endOffset, file, implausible.get());
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(r);
        } catch (JsonProcessingException e) {
            log.warn("Not shipping the unreadable line ending at byte {} of {} (torn write or foreign content): {}",
                    endOffset, file, e.getOriginalMessage());
            return java.util.Optional.empty();
        }
    }
}
