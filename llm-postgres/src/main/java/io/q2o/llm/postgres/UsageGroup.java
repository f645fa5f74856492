package io.q2o.llm.postgres;

import io.q2o.llm.usage.LedgerReader.Totals;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The totals of the calls that share a day, host, provider, model, agent, error kind and dry-run
 * flag: one row of {@link PostgresUsageReader#groups}. Totals follow {@link Totals}: a dry run group
 * has zero totals and counts only in {@code records}.
 *
 * @param day       the day of the calls' start in the reader's zone
 * @param host      the host that shipped them
 * @param provider  the provider, or {@code null}
 * @param model     the model, or {@code null}
 * @param agent     the agent tag, or {@code null}
 * @param errorKind the error kind of failed calls, {@code null} for successes
 * @param simulated whether these are dry runs
 * @param records   how many records
 * @param totals    their totals (zero for dry runs)
 */
public record UsageGroup(LocalDate day, String host, String provider, String model, String agent, String errorKind,
                         boolean simulated, long records, Totals totals) {
    /** Checks the required parts. */
    public UsageGroup {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(totals, "totals");
    }
}
