package io.q2o.llm.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads a usage ledger written by {@link UsageLedger}: the records of a date range, and totals
 * grouped by day, provider, model, agent or anything else. A line that is not valid JSON (for
 * example the torn last line of a process that crashed mid-write), or whose costs or token counts
 * no call can have (negative, a cost of 10^9 USD or more or with more than 30 decimal places), is
 * skipped with a warning.
 * Thread-safe.
 */
public final class LedgerReader {
    private static final Logger log = LoggerFactory.getLogger(LedgerReader.class);

    private final Path dir;
    private final ZoneId zone;
    private final ObjectMapper json = UsageLedger.mapper();

    /**
     * @param dir  the ledger folder ({@code Q2O_LLM_USAGE_DIR})
     * @param zone the zone its days are in ({@code Q2O_LLM_TIMEZONE})
     */
    public LedgerReader(Path dir, ZoneId zone) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** @return the ledger folder */
    public Path dir() {
        return dir;
    }

    /**
     * @param from the first day, inclusive
     * @param to   the last day, inclusive
     * @return the records of those days, in file order; empty if the folder does not exist
     * @throws UncheckedIOException if a file exists but cannot be read
     */
    public List<UsageRecord> records(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("'to' (" + to + ") is before 'from' (" + from + ")");
        }
        List<UsageRecord> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            Path file = dir.resolve("usage-" + d + ".jsonl");
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        UsageRecord rec = json.readValue(line, UsageRecord.class);
                        String implausible = rec.start() == null || rec.outcome() == null ? "not a usage record"
                                : whyImplausible(rec).orElse(null);
                        if (implausible != null) {
                            log.warn("Skipping line {} of {}: {}", n, file, implausible);
                        } else {
                            out.add(rec);
                        }
                    } catch (JsonProcessingException e) {
                        log.warn("Skipping unreadable line {} of {} (torn write or foreign content): {}", n, file,
                                e.getOriginalMessage());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read usage ledger file " + file, e);
            }
        }
        return out;
    }

    /** Costs beyond what the service can write (a damaged or edited line) would break every sum they enter. */
    private static final BigDecimal MAX_COST = new BigDecimal("1000000000");
    private static final int MAX_COST_SCALE = 30;

    /**
     * @param r a record read from a ledger
     * @return why no call can have written it (a negative, huge or absurdly precise cost, a
     *         negative token count), or empty when it is plausible
     */
    public static java.util.Optional<String> whyImplausible(UsageRecord r) {
        for (BigDecimal c : new BigDecimal[] {r.inputCost(), r.outputCost(), r.cost()}) {
            if (c != null && (c.signum() < 0 || c.scale() > MAX_COST_SCALE || c.compareTo(MAX_COST) >= 0)) {
                return java.util.Optional.of("a cost out of range (negative, 10^9 USD or more, or more than "
                        + MAX_COST_SCALE + " decimal places)");
            }
        }
        if (r.inputTokens() < 0 || r.outputTokens() < 0 || r.cachedInputTokens() < 0 || r.cacheWriteInputTokens() < 0
                || r.reasoningTokens() < 0) {
            return java.util.Optional.of("a negative token count");
        }
        return java.util.Optional.empty();
    }

    /**
     * Totals of a date range grouped by a key.
     *
     * @param from  the first day, inclusive
     * @param to    the last day, inclusive
     * @param group the grouping key of a record, e.g. {@code UsageRecord::provider}
     * @return totals by key, sorted by key
     */
    public Map<String, Totals> totals(LocalDate from, LocalDate to, Function<UsageRecord, String> group) {
        Map<String, Totals> out = new TreeMap<>();
        for (UsageRecord r : records(from, to)) {
            String key = group.apply(r);
            out.merge(key == null || key.isEmpty() ? "-" : key, Totals.of(r), Totals::plus);
        }
        return out;
    }

    /**
     * @param record a record
     * @return the day of its start, in this reader's zone
     */
    public LocalDate day(UsageRecord record) {
        return LocalDate.ofInstant(record.start(), zone);
    }

    /**
     * Totals of a group of calls. Cost sums only known costs; {@code unknownCost} counts the
     * successful provider calls whose cost is unknown.
     *
     * @param calls        calls (dry runs excluded)
     * @param successful   calls with an answer
     * @param failed       calls without an answer
     * @param cacheHits    answers from the cache
     * @param inputTokens  prompt tokens
     * @param outputTokens output tokens
     * @param cost         cost in USD
     * @param unknownCost  calls with unknown cost
     */
    public record Totals(long calls, long successful, long failed, long cacheHits, long inputTokens,
                         long outputTokens, BigDecimal cost, long unknownCost) {

        /** Nothing. */
        public static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, BigDecimal.ZERO, 0);

        static Totals of(UsageRecord r) {
            if (r.simulated()) {
                return ZERO;
            }
            boolean paid = r.success() && !r.cacheHit();
            return new Totals(1, r.success() ? 1 : 0, r.success() ? 0 : 1, r.cacheHit() ? 1 : 0,
                    paid ? r.inputTokens() : 0, paid ? r.outputTokens() : 0, r.costOrZero(),
                    paid && r.cost() == null ? 1 : 0);
        }

        /**
         * @param o other totals
         * @return the sum
         */
        public Totals plus(Totals o) {
            return new Totals(calls + o.calls, successful + o.successful, failed + o.failed, cacheHits + o.cacheHits,
                    inputTokens + o.inputTokens, outputTokens + o.outputTokens, cost.add(o.cost),
                    unknownCost + o.unknownCost);
        }

        /** @return cache hits divided by calls, 0 without calls */
        public double cacheHitRate() {
            return calls == 0 ? 0 : (double) cacheHits / calls;
        }
    }
}
