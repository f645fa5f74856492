package io.q2o.llm.internal;

import io.q2o.llm.usage.LedgerReader;
import io.q2o.llm.usage.UsageRecord;
import io.q2o.llm.spi.UsageCounterStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Seeds a counter store that does not keep its own counters across restarts with today's calls
 * and cost and this month's cost, read back from the usage ledger, so limits and budgets hold
 * across a restart.
 */
public final class LedgerRestore {
    private static final Logger log = LoggerFactory.getLogger("io.q2o.llm.LlmService");

    private LedgerRestore() {
    }

    /**
     * @param dir   the ledger folder
     * @param zone  the zone days and months roll over in
     * @param store the store to seed
     * @param clock the service's clock
     */
    public static void restore(Path dir, ZoneId zone, UsageCounterStore store, Clock clock) {
        LedgerReader reader = new LedgerReader(dir, zone);
        Periods periods = new Periods(clock, zone);
        LocalDate today = periods.today();
        long todayCalls = 0;
        BigDecimal todayCost = BigDecimal.ZERO;
        BigDecimal monthCost = BigDecimal.ZERO;
        for (UsageRecord r : reader.records(today.withDayOfMonth(1), today)) {
            monthCost = monthCost.add(r.costOrZero());
            if (reader.day(r).equals(today)) {
                todayCost = todayCost.add(r.costOrZero());
                todayCalls += r.counted() ? 1 : 0;
            }
        }
        store.seed(periods.dayKey(), todayCalls, todayCost);
        store.seed(periods.monthKey(), 0, monthCost);
        if (todayCalls > 0 || monthCost.signum() > 0) {
            log.info("Restored usage from {}: {} calls and ${} today, ${} this month", dir, todayCalls,
                    todayCost.toPlainString(), monthCost.toPlainString());
        }
    }
}
