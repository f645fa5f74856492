package io.q2o.demo.usage;

import io.q2o.llm.ConfigException;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.postgres.LedgerDatabase;
import io.q2o.llm.postgres.LedgerUnavailableException;
import io.q2o.llm.postgres.PostgresLedgerSettings;
import io.q2o.llm.postgres.PostgresUsageReader;
import io.q2o.llm.postgres.UsageGroup;
import io.q2o.llm.usage.LedgerReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code usage}: reads the usage ledger ({@code Q2O_LLM_USAGE_DIR}) and prints today's, the last
 * 7 days' and this month's calls, tokens, cost, cache hit rate and failures by provider, model and
 * agent, with the cost alert and the budgets; {@code --html FILE} also writes a self-contained
 * dashboard page with charts. With {@code --jdbc-url} (or {@code Q2O_LLM_LEDGER_JDBC_URL} set, unless
 * {@code --local} or {@code --dir} is given) it reads the shared ledger database that every host
 * ships to instead, summed by the database, and adds a breakdown by host.
 *
 * <p>Exit codes: 0 the report was printed, or the default ledger folder is missing or holds no
 * ledger file yet (nothing recorded, one line says so); 1 a ledger file or the page could not be
 * read or written, {@code --html} was given with no ledger to draw it from, or the shared ledger
 * database cannot be reached; 2 a usage or configuration error, e.g. {@code --dir} names a folder
 * that does not exist or is not a folder, a malformed {@code --jdbc-url} or a rejected login.
 */
@Command(name = "usage", mixinStandardHelpOptions = true, version = "Q2O LLM SDK demo 0.1.0",
        description = {"Report LLM usage and cost from the usage ledger: today, the last 7 days and this month by"
                + " provider, model and agent, with the cost alert and budget status.",
                "--html FILE also writes a self-contained dashboard page (charts, no network needed)."})
public final class UsageCommand implements Callable<Integer> {
    static final int IO_ERROR = 1;
    static final int USAGE_ERROR = 2;

    private final Supplier<LlmConfig.Builder> configSource;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Ledger folder (default: Q2O_LLM_USAGE_DIR, else .llm_usage).")
    Path dir;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Time zone of the days, e.g. Europe/Berlin (default: Q2O_LLM_TIMEZONE, else UTC).")
    ZoneId zone;

    @Option(names = "--today", paramLabel = "YYYY-MM-DD",
            description = "Report as if today were this day (default: the current date in the zone).")
    LocalDate today;

    @Option(names = "--days", paramLabel = "N", defaultValue = "30",
            description = "Days shown in the page's daily charts, ending today; always at least this month"
                    + " and the last 7 days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "Read the shared ledger database of every host instead of the local folder: "
                    + "jdbc:postgresql://host[:port]/database (default: Q2O_LLM_LEDGER_JDBC_URL; the login comes from"
                    + " Q2O_LLM_LEDGER_USER and Q2O_LLM_LEDGER_PASSWORD).")
    String jdbcUrl;

    @Option(names = "--local",
            description = "Read the local ledger folder even when Q2O_LLM_LEDGER_JDBC_URL is set.")
    boolean local;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write the dashboard as one self-contained HTML page to FILE.")
    Path html;

    /** The command with the process environment, {@code .env} and config files, printing to the console. */
    public UsageCommand() {
        this(LlmConfig::builder, new PrintStream(System.out, true, StandardCharsets.UTF_8),
                new PrintStream(System.err, true, StandardCharsets.UTF_8), Clock.systemUTC());
    }

    /**
     * @param configSource a fresh configuration builder per use (tests pass an isolated one)
     * @param out          standard output
     * @param err          error output
     */
    public UsageCommand(Supplier<LlmConfig.Builder> configSource, PrintStream out, PrintStream err) {
        this(configSource, out, err, Clock.systemUTC());
    }

    UsageCommand(Supplier<LlmConfig.Builder> configSource, PrintStream out, PrintStream err, Clock clock) {
        this.configSource = Objects.requireNonNull(configSource, "configSource");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Integer call() {
        LlmConfig config;
        try {
            config = configSource.get().build();
        } catch (ConfigException e) {
            err.println("Configuration error: " + e.getMessage());
            return USAGE_ERROR;
        }
        if (days < 1 || days > 3660) {
            err.println("--days must be between 1 and 3660, was " + days);
            return USAGE_ERROR;
        }
        ZoneId z0 = zone != null ? zone : config.zone();
        LocalDate day0 = today != null ? today : LocalDate.now(clock.withZone(z0));
        UsageReport.Limits limits = new UsageReport.Limits(config.costAlert(), config.dailyCostLimit(), config.monthlyBudget());
        if (!local && (jdbcUrl != null || dir == null && config.setting(PostgresLedgerSettings.URL).isPresent())) {
            return sharedReport(config, z0, day0, limits);
        }
        Path folder = dir != null ? dir : config.usageDir().orElse(Path.of(".llm_usage"));
        String where = folder.toAbsolutePath().normalize().toString();
        ZoneId z = z0;
        LocalDate day = day0;

        if (!Files.exists(folder)) {
            if (dir != null) {
                err.println("Error: --dir " + where + " does not exist: give the usage ledger folder, which holds"
                        + " usage-YYYY-MM-DD.jsonl files.");
                return USAGE_ERROR;
            }
            if (html != null) {
                err.println("Error: no usage ledger to draw the dashboard (--html) from: the ledger folder " + where
                        + " does not exist (set Q2O_LLM_USAGE_DIR or --dir).");
                return IO_ERROR;
            }
            out.println("No LLM usage recorded yet: the ledger folder " + where
                    + " does not exist (set Q2O_LLM_USAGE_DIR or --dir to read another one).");
            return 0;
        }
        if (!Files.isDirectory(folder)) {
            err.println("Error: " + where + " is not a folder: --dir (or Q2O_LLM_USAGE_DIR) must name the usage"
                    + " ledger folder, which holds usage-YYYY-MM-DD.jsonl files.");
            return USAGE_ERROR;
        }
        TreeSet<String> files;
        try {
            files = ledgerFiles(folder);
        } catch (IOException e) {
            err.println("Error: cannot list the ledger folder " + where + ": " + e);
            return IO_ERROR;
        }
        if (files.isEmpty()) {
            if (html != null) {
                err.println("Error: no usage ledger to draw the dashboard (--html) from: the ledger folder " + where
                        + " holds no usage-*.jsonl file.");
                return IO_ERROR;
            }
            out.println("No LLM usage recorded yet: the ledger folder " + where + " holds no usage-*.jsonl file.");
            return 0;
        }

        UsageReport report;
        try {
            report = UsageReport.of(new LedgerReader(folder, z), z, day, days, limits);
        } catch (UncheckedIOException e) {
            err.println("Error: " + e.getMessage() + ": " + e.getCause());
            return IO_ERROR;
        }
        TerminalReport.print(report, out);
        if (report.recordsRead() == 0) {
            out.println();
            out.println("No calls between " + report.chartPeriod().from() + " and " + day + "; the ledger holds "
                    + files.first().substring(6, 16) + " to " + files.last().substring(6, 16) + ".");
        }
        return writeHtml(report);
    }

    /** Reads every host's calls from the shared ledger database and prints (and writes) the report. */
    private int sharedReport(LlmConfig config, ZoneId z, LocalDate day, UsageReport.Limits limits) {
        PostgresLedgerSettings settings;
        try {
            settings = PostgresLedgerSettings.fromConfig(config, jdbcUrl).orElseThrow(() -> new ConfigException(
                    PostgresLedgerSettings.URL, "--jdbc-url is empty"));
        } catch (ConfigException e) {
            err.println("Configuration error: " + e.getMessage().replace(PostgresLedgerSettings.URL + " (hidden)",
                    (jdbcUrl != null ? "--jdbc-url" : PostgresLedgerSettings.URL) + " (hidden)"));
            return USAGE_ERROR;
        }
        UsageReport report;
        try (LedgerDatabase db = new LedgerDatabase(settings)) {
            List<UsageReport.Entry> entries = new ArrayList<>();
            for (UsageGroup g : new PostgresUsageReader(db).groups(UsageReport.chartFrom(day, days), day, z)) {
                entries.add(new UsageReport.Entry(g.day(), g.host(), g.provider(), g.model(), g.agent(), g.errorKind(),
                        g.simulated(), g.records(), g.totals()));
            }
            long hosts = entries.stream().map(UsageReport.Entry::host).distinct().count();
            report = UsageReport.of(new UsageReport.Source("the shared ledger " + settings.name() + " (" + hosts
                    + " host" + (hosts == 1 ? "" : "s") + ")", settings.name(), true, entries), z, day, days, limits);
        } catch (ConfigException e) {
            err.println("Configuration error: " + e.getMessage());
            return USAGE_ERROR;
        } catch (LedgerUnavailableException e) {
            err.println("Error: " + e.getMessage() + " (--local reads this host's ledger folder instead)");
            return IO_ERROR;
        }
        TerminalReport.print(report, out);
        if (report.recordsRead() == 0) {
            out.println();
            out.println("No calls between " + report.chartPeriod().from() + " and " + day + " in the shared ledger.");
        }
        return writeHtml(report);
    }

    private int writeHtml(UsageReport report) {
        if (html != null) {
            try {
                Path target = html.toAbsolutePath().normalize();
                if (target.getParent() != null) {
                    Files.createDirectories(target.getParent());
                }
                Files.writeString(target, HtmlDashboard.render(report, clock.instant()), StandardCharsets.UTF_8);
                out.println();
                out.println("Dashboard written to " + target + " (self-contained: open it in any browser, offline).");
            } catch (IOException e) {
                err.println("Error: cannot write " + html + ": " + e);
                return IO_ERROR;
            }
        }
        return 0;
    }

    /** @return the names of the ledger files in the folder, sorted (so by day) */
    private static TreeSet<String> ledgerFiles(Path folder) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "usage-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9].jsonl")) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    names.add(p.getFileName().toString());
                }
            }
        }
        return names;
    }
}
