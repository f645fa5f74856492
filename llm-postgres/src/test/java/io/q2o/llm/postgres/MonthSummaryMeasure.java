package io.q2o.llm.postgres;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * Measures how long {@link PostgresUsageReader#groups} takes to summarise a month (the figure in
 * docs/LLM_COST_MONITORING.md; not a test). Run against a database filled as described there:
 * {@code java -cp … io.q2o.llm.postgres.MonthSummaryMeasure JDBC_URL USER FIRST_DAY LAST_DAY ZONE...}.
 */
public final class MonthSummaryMeasure {
    private MonthSummaryMeasure() {
    }

    /**
     * @param args url, user, first day, last day, zones
     */
    public static void main(String[] args) {
        LocalDate from = LocalDate.parse(args[2]);
        LocalDate to = LocalDate.parse(args[3]);
        try (LedgerDatabase db = new LedgerDatabase(PostgresLedgerSettings.of(args[0], args[1], null, "measure"))) {
            PostgresUsageReader reader = new PostgresUsageReader(db);
            System.out.println("rows in the table: " + reader.count());
            for (int i = 4; i < args.length; i++) {
                ZoneId zone = ZoneId.of(args[i]);
                for (int run = 1; run <= 5; run++) {
                    long t0 = System.nanoTime();
                    List<UsageGroup> groups = reader.groups(from, to, zone);
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    long calls = groups.stream().mapToLong(UsageGroup::records).sum();
                    System.out.printf("%s run %d: %d ms, %d groups, %d calls%n", zone, run, ms, groups.size(), calls);
                }
            }
        }
    }
}
