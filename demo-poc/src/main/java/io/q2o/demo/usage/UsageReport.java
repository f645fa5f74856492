package io.q2o.demo.usage;

import io.q2o.llm.usage.LedgerReader;
import io.q2o.llm.usage.LedgerReader.Totals;
import io.q2o.llm.usage.UsageRecord;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What the {@code usage} command shows, computed from the usage ledger: totals for today, the
 * last 7 days and this month by provider, model and agent; one entry per day of the chart period;
 * and the alert and budget status. Money is exact ({@link BigDecimal}, never rounded).
 *
 * <p>Totals follow {@link LedgerReader.Totals}: dry runs are left out; calls, successes, failures
 * and cache hits are counted; tokens are those billed by a provider (successful calls that were
 * not cache hits); cost sums the known costs and {@code unknownCost} counts the billed calls whose
 * model had no price. A record belongs to the day of its start in the report's zone, which may
 * differ from the file it is in when the ledger was written in another zone.
 *
 * <p>Length: a third of this file is the report's small value types (period, section, entry,
 * source, day, budget, limits), kept beside the one computation that fills them and that both
 * renderers ({@link TerminalReport}, {@link HtmlDashboard}) read.
 */
final class UsageReport {
    /** Name used for a record without provider, model or agent, as {@link LedgerReader#totals} does. */
    static final String NONE = "-";

    /**
     * A reporting period.
     *
     * @param title what it is called ("Today", "Last 7 days", "This month")
     * @param from  first day, inclusive
     * @param to    last day, inclusive
     */
    record Period(String title, LocalDate from, LocalDate to) {
        boolean contains(LocalDate day) {
            return !day.isBefore(from) && !day.isAfter(to);
        }

        /** @return "2026-02-10" or "2026-02-04 to 2026-02-10" */
        String range() {
            return from.equals(to) ? from.toString() : from + " to " + to;
        }
    }

    /**
     * The totals of one period.
     *
     * @param period     the period
     * @param total      all calls
     * @param byProvider by provider name
     * @param byModel    by model
     * @param byAgent    by agent tag
     * @param byHost     by host (one entry, {@link #LOCAL_HOST}, for a local ledger)
     * @param failures   failed calls by error kind
     * @param dryRuns    dry runs (not in the totals)
     */
    record Section(Period period, Totals total, Map<String, Totals> byProvider, Map<String, Totals> byModel,
                   Map<String, Totals> byAgent, Map<String, Totals> byHost, Map<String, Long> failures, long dryRuns) {
    }

    /**
     * The calls of one day that share a host, provider, model, agent, error kind and dry-run flag:
     * what the report is computed from, whether the ledger is a local folder (one entry per
     * record) or the shared database (one entry per group, summed by the database).
     *
     * @param day       the day of the calls' start in the report's zone
     * @param host      the host, {@link #LOCAL_HOST} for a local ledger
     * @param provider  the provider or {@code null}
     * @param model     the model or {@code null}
     * @param agent     the agent tag or {@code null}
     * @param errorKind the error kind of failed calls, else {@code null}
     * @param simulated whether these are dry runs
     * @param records   how many records
     * @param totals    their totals (zero for dry runs)
     */
    record Entry(LocalDate day, String host, String provider, String model, String agent, String errorKind,
                 boolean simulated, long records, Totals totals) {
    }

    /**
     * Where the entries come from.
     *
     * @param description what was read, for the report's first line, e.g. "the ledger /srv/app/.llm_usage"
     * @param location    the folder or database name alone (no credentials)
     * @param shared      whether it holds many hosts (the shared database): the host breakdown is shown
     * @param entries     the entries of the requested days
     */
    record Source(String description, String location, boolean shared, List<Entry> entries) {
    }

    /** The host name of a local ledger's records. */
    static final String LOCAL_HOST = "this host";

    /**
     * One day of the chart period.
     *
     * @param day            the day
     * @param total          its totals
     * @param costByProvider its cost by provider
     */
    record Day(LocalDate day, Totals total, Map<String, BigDecimal> costByProvider) {
    }

    /**
     * A spending limit and how much of it is used.
     *
     * @param title    what it is
     * @param variable the setting
     * @param limit    the limit in USD, empty when not set
     * @param spent    what the ledger shows as spent in its period
     */
    record Budget(String title, String variable, Optional<BigDecimal> limit, BigDecimal spent) {
        /** @return limit minus spent, empty without a limit (negative if overspent) */
        Optional<BigDecimal> remaining() {
            return limit.map(l -> l.subtract(spent));
        }

        /** @return spent divided by the limit, empty without a positive limit */
        Optional<Double> usedFraction() {
            return limit.filter(l -> l.signum() > 0).map(l -> spent.doubleValue() / l.doubleValue());
        }
    }

    /**
     * The alert and budget settings the report compares against.
     *
     * @param costAlert      {@code Q2O_LLM_COST_ALERT} (0 = off)
     * @param dailyCostLimit {@code Q2O_LLM_DAILY_COST_LIMIT}
     * @param monthlyBudget  {@code Q2O_LLM_MONTHLY_BUDGET}
     */
    record Limits(BigDecimal costAlert, Optional<BigDecimal> dailyCostLimit, Optional<BigDecimal> monthlyBudget) {
        Limits {
            Objects.requireNonNull(costAlert, "costAlert");
            Objects.requireNonNull(dailyCostLimit, "dailyCostLimit");
            Objects.requireNonNull(monthlyBudget, "monthlyBudget");
        }
    }

    private final Source source;
    private final ZoneId zone;
    private final LocalDate today;
    private final Limits limits;
    private final List<Section> sections;
    private final Period chartPeriod;
    private final Section chart;
    private final List<Day> days;
    private final long recordsRead;

    private UsageReport(Source source, ZoneId zone, LocalDate today, Limits limits, List<Section> sections,
                        Period chartPeriod, Section chart, List<Day> days, long recordsRead) {
        this.source = source;
        this.zone = zone;
        this.today = today;
        this.limits = limits;
        this.sections = sections;
        this.chartPeriod = chartPeriod;
        this.chart = chart;
        this.days = days;
        this.recordsRead = recordsRead;
    }

    /**
     * Reads the ledger and computes the report.
     *
     * @param reader    the ledger
     * @param zone      the zone of the days (the reader's zone)
     * @param today     the last day reported
     * @param chartDays how many days the charts span (at least the whole month so far)
     * @param limits    the alert and budgets
     * @return the report
     * @throws java.io.UncheckedIOException if a ledger file cannot be read
     */
    static UsageReport of(LedgerReader reader, ZoneId zone, LocalDate today, int chartDays, Limits limits) {
        LocalDate chartFrom = chartFrom(today, chartDays);
        // a record's day is its start in the zone: read one file more on each side for ledgers
        // written in another zone, and keep what falls in the period
        List<Entry> entries = new ArrayList<>();
        for (UsageRecord r : reader.records(chartFrom.minusDays(1), today.plusDays(1))) {
            entries.add(new Entry(LocalDate.ofInstant(r.start(), zone), LOCAL_HOST, r.provider(), r.model(), r.agent(),
                    r.success() ? null : r.errorKind(), r.simulated(), 1, totalsOf(r)));
        }
        String dir = reader.dir().toAbsolutePath().normalize().toString();
        return of(new Source("the ledger " + dir, dir, false, entries), zone, today, chartDays, limits);
    }

    /**
     * @param today     the last day reported
     * @param chartDays how many days the charts span
     * @return the first day the report needs: the chart period, at least this month and the last 7 days
     */
    static LocalDate chartFrom(LocalDate today, int chartDays) {
        LocalDate chartFrom = today.minusDays(Math.max(1, chartDays) - 1L);
        LocalDate month = today.withDayOfMonth(1);
        LocalDate week = today.minusDays(6);
        if (month.isBefore(chartFrom)) {
            chartFrom = month;
        }
        if (week.isBefore(chartFrom)) {
            chartFrom = week;
        }
        return chartFrom;
    }

    /**
     * Computes the report from entries (a local ledger's records or the shared database's groups).
     *
     * @param source    the entries and where they come from (entries outside the chart period are ignored)
     * @param zone      the zone of the days
     * @param today     the last day reported
     * @param chartDays how many days the charts span (at least the whole month so far)
     * @param limits    the alert and budgets
     * @return the report
     */
    static UsageReport of(Source source, ZoneId zone, LocalDate today, int chartDays, Limits limits) {
        Period day = new Period("Today", today, today);
        Period week = new Period("Last 7 days", today.minusDays(6), today);
        Period month = new Period("This month", today.withDayOfMonth(1), today);
        LocalDate chartFrom = chartFrom(today, chartDays);
        Period chartPeriod = new Period("Charts", chartFrom, today);

        List<Entry> entries = source.entries().stream().filter(e -> chartPeriod.contains(e.day())).toList();
        List<Section> sections = new ArrayList<>();
        for (Period p : List.of(day, week, month)) {
            sections.add(section(p, entries.stream().filter(e -> p.contains(e.day())).toList()));
        }
        Section chart = section(chartPeriod, entries);

        Map<LocalDate, List<Entry>> perDay = new TreeMap<>();
        for (LocalDate d = chartFrom; !d.isAfter(today); d = d.plusDays(1)) {
            perDay.put(d, new ArrayList<>());
        }
        entries.forEach(e -> perDay.get(e.day()).add(e));
        List<Day> days = new ArrayList<>();
        perDay.forEach((d, es) -> {
            Map<String, BigDecimal> cost = new TreeMap<>();
            Totals t = Totals.ZERO;
            for (Entry e : es) {
                t = t.plus(e.totals());
                if (!e.simulated()) {
                    cost.merge(key(e.provider()), e.totals().cost(), BigDecimal::add);
                }
            }
            days.add(new Day(d, t, Collections.unmodifiableMap(cost)));
        });
        long read = entries.stream().mapToLong(Entry::records).sum();
        return new UsageReport(source, zone, today, limits, List.copyOf(sections), chartPeriod, chart,
                List.copyOf(days), read);
    }

    private static Section section(Period p, List<Entry> entries) {
        Totals total = Totals.ZERO;
        long dryRuns = 0;
        Map<String, Long> failures = new TreeMap<>();
        for (Entry e : entries) {
            total = total.plus(e.totals());
            if (e.simulated()) {
                dryRuns += e.records();
            } else if (e.totals().failed() > 0) {
                failures.merge(e.errorKind() == null || e.errorKind().isEmpty() ? "UNKNOWN" : e.errorKind(),
                        e.totals().failed(), Long::sum);
            }
        }
        return new Section(p, total, group(entries, Entry::provider), group(entries, Entry::model),
                group(entries, Entry::agent), group(entries, Entry::host), byCountDescending(failures), dryRuns);
    }

    private static Map<String, Totals> group(List<Entry> entries, Function<Entry, String> key) {
        Map<String, Totals> out = new TreeMap<>();
        for (Entry e : entries) {
            if (!e.simulated()) {
                out.merge(key(key.apply(e)), e.totals(), Totals::plus);
            }
        }
        return byCostDescending(out);
    }

    /** @return the map ordered by cost, then calls (both descending), then name */
    static Map<String, Totals> byCostDescending(Map<String, Totals> m) {
        List<Map.Entry<String, Totals>> entries = new ArrayList<>(m.entrySet());
        entries.sort(Comparator.<Map.Entry<String, Totals>, BigDecimal>comparing(e -> e.getValue().cost()).reversed()
                .thenComparing(Comparator.<Map.Entry<String, Totals>>comparingLong(e -> e.getValue().calls()).reversed())
                .thenComparing(Map.Entry::getKey));
        Map<String, Totals> out = new LinkedHashMap<>();
        entries.forEach(e -> out.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, Long> byCountDescending(Map<String, Long> m) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(m.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry::getKey));
        Map<String, Long> out = new LinkedHashMap<>();
        entries.forEach(e -> out.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(out);
    }

    private static String key(String s) {
        return s == null || s.isEmpty() ? NONE : s;
    }

    /**
     * The totals of one record, as {@link LedgerReader#totals} counts it.
     *
     * @param r a record
     * @return its totals (zero for a dry run)
     */
    static Totals totalsOf(UsageRecord r) {
        if (r.simulated()) {
            return Totals.ZERO;
        }
        boolean paid = r.success() && !r.cacheHit();
        return new Totals(1, r.success() ? 1 : 0, r.success() ? 0 : 1, r.cacheHit() ? 1 : 0,
                paid ? r.inputTokens() : 0, paid ? r.outputTokens() : 0, r.costOrZero(),
                paid && r.cost() == null ? 1 : 0);
    }

    /**
     * Formats money exactly: at least two decimals, no trailing zeros beyond them, never rounded
     * ({@code 3 → "3.00"}, {@code 0.016250 → "0.01625"}).
     *
     * @param amount an amount
     * @return its plain decimal text
     */
    static String money(BigDecimal amount) {
        BigDecimal s = amount.stripTrailingZeros();
        if (s.scale() < 2) {
            s = s.setScale(2);
        }
        return s.toPlainString();
    }

    /** @return where the entries come from */
    Source source() {
        return source;
    }

    /** @return the zone of the days */
    ZoneId zone() {
        return zone;
    }

    /** @return the last day reported */
    LocalDate today() {
        return today;
    }

    /** @return the alert and budget settings */
    Limits limits() {
        return limits;
    }

    /** @return today, the last 7 days and this month */
    List<Section> sections() {
        return sections;
    }

    /** @return the period of the charts (covers every section) */
    Period chartPeriod() {
        return chartPeriod;
    }

    /** @return the totals of the chart period */
    Section chart() {
        return chart;
    }

    /** @return every day of the chart period, oldest first */
    List<Day> days() {
        return days;
    }

    /** @return the records in the chart period */
    long recordsRead() {
        return recordsRead;
    }

    /** @return every provider with a call in the chart period, sorted */
    List<String> providers() {
        return List.copyOf(new TreeSet<>(chart.byProvider().keySet()));
    }

    /** @return today's and this month's cost against the alert and the budgets */
    List<Budget> budgets() {
        BigDecimal todayCost = sections.get(0).total().cost();
        BigDecimal monthCost = sections.get(2).total().cost();
        return List.of(
                new Budget("Cost alert (per day)", "Q2O_LLM_COST_ALERT",
                        Optional.of(limits.costAlert()).filter(a -> a.signum() > 0), todayCost),
                new Budget("Daily budget", "Q2O_LLM_DAILY_COST_LIMIT", limits.dailyCostLimit(), todayCost),
                new Budget("Monthly budget", "Q2O_LLM_MONTHLY_BUDGET", limits.monthlyBudget(), monthCost));
    }
}
