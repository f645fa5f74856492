package io.q2o.demo.usage;

import io.q2o.demo.DemoApp;
import io.q2o.demo.usage.TestLedger.Call;
import io.q2o.demo.usage.TestLedger.Expected;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.usage.LedgerReader;
import io.q2o.llm.usage.UsageRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code usage} command's terminal report against a ledger written by the test. */
class UsageCommandTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final LocalDate TODAY = TestLedger.TODAY;

    @TempDir
    Path tmp;

    private final Map<String, String> env = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private List<Call> calls;
    private Path ledger;

    @BeforeEach
    void writeLedger() throws IOException {
        calls = new ArrayList<>(TestLedger.standard());
        calls.addAll(TestLedger.hostile());
        ledger = tmp.resolve("ledger");
        TestLedger.write(ledger, calls);
        TestLedger.tornLine(ledger, TODAY.minusDays(2));
        env.put("Q2O_LLM_USAGE_DIR", ledger.toString());
        env.put("Q2O_LLM_COST_ALERT", "0.15");
        env.put("Q2O_LLM_DAILY_COST_LIMIT", "0.05");
        env.put("Q2O_LLM_MONTHLY_BUDGET", "2.50");
    }

    private int run(String... args) {
        DemoApp app = new DemoApp(() -> LlmConfig.builder().environment(Map.copyOf(env)).isolated(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return app.commandLine().execute(args);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** @return the lines of one period's block, from its "== title" line to the next "==" line */
    private List<String> block(String title) {
        List<String> lines = output().lines().collect(Collectors.toList());
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("== " + title + ":") || lines.get(i).startsWith("== " + title + " (")) {
                start = i;
            }
        }
        assertThat(start).as("block " + title + " in\n" + output()).isNotNegative();
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("==")) {
            end++;
        }
        return lines.subList(start, end);
    }

    /** A parsed table row: the name and the six numbers (calls, in, out, cost, hit rate, failures). */
    record Row(long calls, long in, long out, BigDecimal cost, String hitRate, long failures) {
    }

    private static Map<String, Row> table(List<String> block, String by) {
        int i = 0;
        while (i < block.size() && !block.get(i).matches("^  " + by + "\\s+calls\\s+input tokens.*")) {
            i++;
        }
        assertThat(i).as("table by " + by + " in\n" + String.join("\n", block)).isLessThan(block.size());
        Map<String, Row> rows = new LinkedHashMap<>();
        for (i++; i < block.size() && !block.get(i).isBlank(); i++) {
            String[] t = block.get(i).strip().split("\\s+");
            int n = t.length;
            String name = String.join(" ", Arrays.copyOfRange(t, 0, n - 6));
            assertThat(t[n - 3]).startsWith("$");
            rows.put(name, new Row(num(t[n - 6]), num(t[n - 5]), num(t[n - 4]), new BigDecimal(t[n - 3].substring(1)),
                    t[n - 2], num(t[n - 1])));
        }
        return rows;
    }

    private static long num(String s) {
        return Long.parseLong(s.replace(",", ""));
    }

    private static void assertTable(Map<String, Row> actual, Map<String, Expected> all, String what) {
        // the terminal shows at most 40 characters of a name
        Map<String, Expected> expected = new LinkedHashMap<>();
        all.forEach((k, v) -> expected.put(k.length() > 40 ? k.substring(0, 39) + "\u2026" : k, v));
        assertThat(actual.keySet()).as(what).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((name, e) -> {
            Row r = actual.get(name);
            assertThat(r.calls()).as(what + " " + name + " calls").isEqualTo(e.calls());
            assertThat(r.in()).as(what + " " + name + " input tokens").isEqualTo(e.in());
            assertThat(r.out()).as(what + " " + name + " output tokens").isEqualTo(e.out());
            assertThat(r.cost()).as(what + " " + name + " cost").isEqualByComparingTo(e.cost());
            assertThat(r.hitRate()).as(what + " " + name + " cache hit rate").isEqualTo(e.hitRate());
            assertThat(r.failures()).as(what + " " + name + " failures").isEqualTo(e.failures());
        });
        // the rows are ordered by cost, most expensive first
        List<BigDecimal> costs = actual.values().stream().map(Row::cost).collect(Collectors.toList());
        assertThat(costs).as(what + " order").isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    private void assertPeriod(String title, LocalDate from, LocalDate to) {
        List<String> block = block(title);
        assertThat(block.get(0)).isEqualTo("== " + title + ": " + (from.equals(to) ? from : from + " to " + to) + " ==");
        Expected total = TestLedger.total(calls, from, to, UTC);
        assertThat(total.calls()).as("the test ledger has calls in " + title).isPositive();
        Matcher m = Pattern.compile("^  ([\\d,]+) calls, ([\\d,]+) input / ([\\d,]+) output tokens, \\$([\\d.]+), "
                + "cache hit rate ([\\d.]+%), ([\\d,]+) failures?(?: \\((.*)\\))?$").matcher(block.get(1));
        assertThat(m.matches()).as(block.get(1)).isTrue();
        assertThat(num(m.group(1))).isEqualTo(total.calls());
        assertThat(num(m.group(2))).isEqualTo(total.in());
        assertThat(num(m.group(3))).isEqualTo(total.out());
        assertThat(new BigDecimal(m.group(4))).isEqualByComparingTo(total.cost());
        assertThat(m.group(5)).isEqualTo(total.hitRate());
        assertThat(num(m.group(6))).isEqualTo(total.failures());
        Map<String, Long> kinds = calls.stream().filter(TestLedger.in(from, to, UTC)).filter(Call::failed)
                .collect(Collectors.groupingBy(Call::errorKind, Collectors.counting()));
        Map<String, Long> printed = m.group(7) == null ? Map.of() : Arrays.stream(m.group(7).split(", "))
                .collect(Collectors.toMap(s -> s.split(" ")[0], s -> Long.parseLong(s.split(" ")[1])));
        assertThat(printed).as(title + " failures by kind").isEqualTo(kinds);

        assertTable(table(block, "provider"), TestLedger.expected(calls, from, to, UTC, Call::provider), title + " by provider");
        assertTable(table(block, "model"), TestLedger.expected(calls, from, to, UTC, Call::model), title + " by model");
        assertTable(table(block, "agent"), TestLedger.expected(calls, from, to, UTC, Call::agent), title + " by agent");
    }

    @Test
    void todayLastSevenDaysAndThisMonthEqualSumsComputedFromTheTestLedger() {
        int code = run("usage", "--today", TODAY.toString());

        assertThat(code).as(output() + err).isZero();
        assertThat(output()).startsWith("LLM usage from the ledger " + ledger.toAbsolutePath().normalize()
                + " (days in UTC, today 2026-02-10)");
        assertPeriod("Today", TODAY, TODAY);
        assertPeriod("Last 7 days", TODAY.minusDays(6), TODAY);
        assertPeriod("This month", TODAY.withDayOfMonth(1), TODAY);
        // the unpriced call (yesterday) is named, the dry run (today) is left out and said so
        assertThat(block("Last 7 days")).contains("  1 call(s) used a model without a price: their cost is not included");
        assertThat(block("Today")).contains("  1 dry run(s) not counted");
        // names with markup are printed as they are (a terminal has no markup)
        assertThat(table(block("Last 7 days"), "agent")).containsKey(TestLedger.XSS);
        assertThat(table(block("Last 7 days"), "model")).containsKey("gemini-<b>bold</b>");
    }

    @Test
    void theAlertAndBudgetLinesShowSpentLimitAndRemainingExactly() {
        assertThat(run("usage", "--today", TODAY.toString())).isZero();
        BigDecimal today = TestLedger.total(calls, TODAY, TODAY, UTC).cost();
        BigDecimal month = TestLedger.total(calls, TODAY.withDayOfMonth(1), TODAY, UTC).cost();
        List<String> block = block("Alert and budgets");
        String alert = block.stream().filter(l -> l.contains("(Q2O_LLM_COST_ALERT)")).findFirst().orElseThrow();
        String daily = block.stream().filter(l -> l.contains("(Q2O_LLM_DAILY_COST_LIMIT)")).findFirst().orElseThrow();
        String monthly = block.stream().filter(l -> l.contains("(Q2O_LLM_MONTHLY_BUDGET)")).findFirst().orElseThrow();

        assertThat(alert).contains("$0.15, today $" + UsageReport.money(today))
                .endsWith(today.compareTo(new BigDecimal("0.15")) >= 0 ? "REACHED" : "not reached");
        // today's spend is above the $0.05 daily limit: nothing remains and the excess is exact
        assertThat(today).isGreaterThan(new BigDecimal("0.05"));
        assertThat(daily).contains("spent $" + UsageReport.money(today) + " of $0.05")
                .endsWith("remaining $0.00, EXCEEDED by $" + UsageReport.money(today.subtract(new BigDecimal("0.05"))));
        assertThat(month).isLessThan(new BigDecimal("2.50"));
        assertThat(monthly).contains("spent $" + UsageReport.money(month) + " of $2.50")
                .endsWith("remaining $" + UsageReport.money(new BigDecimal("2.50").subtract(month)));
    }

    @Test
    void budgetsThatAreNotSetSaySo() {
        env.remove("Q2O_LLM_DAILY_COST_LIMIT");
        env.remove("Q2O_LLM_MONTHLY_BUDGET");
        env.put("Q2O_LLM_COST_ALERT", "0");
        assertThat(run("usage", "--today", TODAY.toString())).isZero();
        assertThat(block("Alert and budgets")).filteredOn(l -> l.contains("not set")).hasSize(3);
    }

    @Test
    void theReportMatchesTheSdkReaderForTheSameZone() {
        // a second, independent check: llm-core's LedgerReader sums the same files the same way
        LedgerReader reader = new LedgerReader(ledger, UTC);
        Map<String, LedgerReader.Totals> sdk = reader.totals(TODAY.withDayOfMonth(1), TODAY, UsageRecord::model);
        UsageReport report = UsageReport.of(reader, UTC, TODAY, 30,
                new UsageReport.Limits(BigDecimal.TEN, java.util.Optional.empty(), java.util.Optional.empty()));
        assertThat(report.sections().get(2).byModel()).isEqualTo(sdk);
        assertThat(report.days()).hasSize(30);
        assertThat(report.days().get(0).day()).isEqualTo(TODAY.minusDays(29));
        BigDecimal perDay = report.days().stream().map(d -> d.total().cost()).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(perDay).isEqualByComparingTo(TestLedger.total(calls, TODAY.minusDays(29), TODAY, UTC).cost());
    }

    @Test
    void dirAndZoneOptionsWinAndADayIsTheStartInThatZone() throws IOException {
        Path other = tmp.resolve("other");
        // 20:00 UTC on the 9th is 05:00 on the 10th in Tokyo: written to the 9th's file, reported as the 10th
        Call late = new Call("late", Instant.parse("2026-02-09T20:00:00Z"), "openai", "gpt-4o", "night_shift",
                1000, 1000, new BigDecimal("0.0125"), false, false, false, null);
        TestLedger.write(other, List.of(late));
        int code = run("usage", "--dir", other.toString(), "--zone", "Asia/Tokyo", "--today", "2026-02-10");
        assertThat(code).as(output() + err).isZero();
        assertThat(output()).contains("ledger " + other.toAbsolutePath().normalize() + " (days in Asia/Tokyo");
        assertThat(block("Today").get(1)).startsWith("  1 calls, 1,000 input / 1,000 output tokens, $0.0125,");
        assertThat(table(block("Today"), "agent")).containsOnlyKeys("night_shift");
    }

    @Test
    void nothingRecordedYetInTheConfiguredFolderIsOneLineAndExitZero() throws IOException {
        Path missing = tmp.resolve("nothing-here-" + TODAY.getDayOfYear());
        env.put("Q2O_LLM_USAGE_DIR", missing.toString());
        assertThat(run("usage")).isZero();
        assertThat(output().lines()).containsExactly("No LLM usage recorded yet: the ledger folder "
                + missing.toAbsolutePath().normalize() + " does not exist (set Q2O_LLM_USAGE_DIR or --dir to read another one).");

        out.reset();
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "not a ledger file");
        assertThat(run("usage", "--dir", empty.toString())).isZero();
        assertThat(output().lines()).containsExactly("No LLM usage recorded yet: the ledger folder "
                + empty.toAbsolutePath().normalize() + " holds no usage-*.jsonl file.");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aMissingDirIsAnErrorWithANonZeroExit() {
        Path missing = tmp.resolve("no-such-folder").resolve("ledger-" + TODAY.getDayOfMonth());
        assertThat(run("usage", "--dir", missing.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
                .startsWith("Error: --dir " + missing.toAbsolutePath().normalize() + " does not exist");
        assertThat(output()).isEmpty();
        assertThat(missing).doesNotExist();
    }

    @Test
    void aDashboardWithNoLedgerIsAnErrorWithANonZeroExitAndNoPage() throws IOException {
        Path page = tmp.resolve("page.html");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("usage-notes.txt"), "not a ledger file");
        assertThat(run("usage", "--dir", empty.toString(), "--html", page.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Error: no usage ledger to draw the dashboard (--html)")
                .contains(empty.toAbsolutePath().normalize().toString());

        err.reset();
        env.put("Q2O_LLM_USAGE_DIR", tmp.resolve("never-written").toString());
        assertThat(run("usage", "--html", page.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Error: no usage ledger to draw the dashboard (--html)")
                .contains("does not exist");
        assertThat(page).doesNotExist();
        assertThat(output()).isEmpty();
    }

    @Test
    void aFileInsteadOfAFolderIsAnErrorWithANonZeroExit() throws IOException {
        Path file = Files.writeString(tmp.resolve("usage-2026-02-10.jsonl"), "{}\n");
        int code = run("usage", "--dir", file.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).isEqualTo("Error: " + file.toAbsolutePath().normalize()
                + " is not a folder: --dir (or Q2O_LLM_USAGE_DIR) must name the usage ledger folder, which holds"
                + " usage-YYYY-MM-DD.jsonl files.");
        assertThat(output()).isEmpty();
    }

    @Test
    void aPeriodWithoutCallsSaysSoAndNamesTheDaysTheLedgerHolds() {
        assertThat(run("usage", "--today", "2027-06-15")).isZero();
        assertThat(block("Today")).contains("  no calls recorded");
        assertThat(output()).contains("No calls between 2027-05-17 and 2027-06-15; the ledger holds 2025-12-20 to 2026-02-11.");
    }

    @Test
    void badOptionsAndSettingsAreUsageErrors() {
        assertThat(run("usage", "--zone", "Mars/Olympus")).isEqualTo(2);
        assertThat(run("usage", "--today", "10/02/2026")).isEqualTo(2);
        assertThat(run("usage", "--days", "0")).isEqualTo(2);
        env.put("Q2O_LLM_MONTHLY_BUDGET", "lots");
        err.reset();
        assertThat(run("usage")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Configuration error:").contains("Q2O_LLM_MONTHLY_BUDGET");
    }

    @Test
    void theTopCommandListsUsage() {
        assertThat(run("--help")).isZero();
        assertThat(output()).containsPattern("(?m)^\\s+usage\\s+Report LLM usage and cost");
    }

    @Test
    void namesAreCleanedOfControlCharactersAndCut() {
        assertThat(TerminalReport.name("evil\u001b[31mred\u0007")).isEqualTo("evil?[31mred?");
        assertThat(TerminalReport.name("a".repeat(50))).hasSize(40).endsWith("…");
        assertThat(UsageReport.money(new BigDecimal("3"))).isEqualTo("3.00");
        assertThat(UsageReport.money(new BigDecimal("0.0162500"))).isEqualTo("0.01625");
        assertThat(UsageReport.money(new BigDecimal("1E+1"))).isEqualTo("10.00");
        assertThat(UsageReport.money(new BigDecimal("0.000000037500"))).as("never rounded").isEqualTo("0.0000000375");
    }
}
