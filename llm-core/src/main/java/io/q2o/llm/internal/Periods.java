package io.q2o.llm.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

/** Period keys for the counter store: days and months in the configured zone, year included. */
public final class Periods {
    private final Clock clock;
    private final ZoneId zone;

    /**
     * @param clock the time source
     * @param zone  the zone in which days and months roll over
     */
    public Periods(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    /** @return today in the configured zone */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    /** @return the key of today, e.g. {@code day:2026-11-28} */
    public String dayKey() {
        return "day:" + today();
    }

    /** @return the key of this month, e.g. {@code month:2026-11} */
    public String monthKey() {
        return "month:" + YearMonth.from(today());
    }
}
