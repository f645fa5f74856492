package io.q2o.demo.usage;

import io.q2o.demo.usage.UsageReport.Budget;
import io.q2o.demo.usage.UsageReport.Section;
import io.q2o.llm.usage.LedgerReader.Totals;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints a {@link UsageReport} as plain-text tables: one block per period (today, last 7 days,
 * this month) with the totals and a table by provider, by model and by agent (and by host when the
 * shared ledger database was read), then the alert and budget status. Names from the ledger are printed without control characters (an agent tag
 * cannot move the cursor or colour the terminal) and cut at {@value #MAX_NAME} characters.
 */
final class TerminalReport {
    static final int MAX_NAME = 40;
    private static final String[] COLUMNS = {"calls", "input tokens", "output tokens", "cost", "cache hit rate", "failures"};

    private TerminalReport() {
    }

    /**
     * @param report the report
     * @param out    where to print it
     */
    static void print(UsageReport report, PrintStream out) {
        out.println("LLM usage from " + report.source().description() + " (days in "
                + report.zone() + ", today " + report.today() + ")");
        out.println("Exact USD from the ledger. Tokens are those billed by providers (cache hits and failures cost $0);"
                + " dry runs are not counted.");
        out.println("\"-\" stands for no agent tag, or no model (the call failed before a model answered).");
        for (Section s : report.sections()) {
            out.println();
            out.println("== " + s.period().title() + ": " + s.period().range() + " ==");
            Totals t = s.total();
            if (t.calls() == 0) {
                out.println("  no calls recorded" + (s.dryRuns() > 0 ? " (" + s.dryRuns() + " dry runs)" : ""));
                continue;
            }
            out.println("  " + summary(t) + failures(s.failures()));
            if (t.unknownCost() > 0) {
                out.println("  " + t.unknownCost() + " call(s) used a model without a price: their cost is not included");
            }
            if (s.dryRuns() > 0) {
                out.println("  " + s.dryRuns() + " dry run(s) not counted");
            }
            table(out, "provider", s.byProvider());
            table(out, "model", s.byModel());
            table(out, "agent", s.byAgent());
            if (report.source().shared()) {
                table(out, "host", s.byHost());
            }
        }
        out.println();
        out.println("== Alert and budgets (spend according to this ledger) ==");
        for (Budget b : report.budgets()) {
            out.println("  " + budgetLine(b));
        }
    }

    static String summary(Totals t) {
        return String.format(Locale.ROOT, "%,d calls, %,d input / %,d output tokens, $%s, cache hit rate %s, %,d failure%s",
                t.calls(), t.inputTokens(), t.outputTokens(), UsageReport.money(t.cost()), percent(t.cacheHitRate()),
                t.failed(), t.failed() == 1 ? "" : "s");
    }

    private static String failures(Map<String, Long> byKind) {
        if (byKind.isEmpty()) {
            return "";
        }
        return " (" + byKind.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + ")";
    }

    private static void table(PrintStream out, String by, Map<String, Totals> rows) {
        List<String[]> cells = new ArrayList<>();
        String[] header = new String[COLUMNS.length + 1];
        header[0] = by;
        System.arraycopy(COLUMNS, 0, header, 1, COLUMNS.length);
        cells.add(header);
        rows.forEach((name, t) -> cells.add(new String[] {
                name(name),
                String.format(Locale.ROOT, "%,d", t.calls()),
                String.format(Locale.ROOT, "%,d", t.inputTokens()),
                String.format(Locale.ROOT, "%,d", t.outputTokens()),
                "$" + UsageReport.money(t.cost()),
                percent(t.cacheHitRate()),
                String.format(Locale.ROOT, "%,d", t.failed())}));
        int[] width = new int[header.length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        out.println();
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder("  ");
            line.append(row[0]).append(" ".repeat(width[0] - row[0].length()));
            for (int i = 1; i < row.length; i++) {
                line.append("  ").append(" ".repeat(width[i] - row[i].length())).append(row[i]);
            }
            out.println(line.toString().stripTrailing());
        }
    }

    static String budgetLine(Budget b) {
        String label = String.format(Locale.ROOT, "%-22s %-26s", b.title(), "(" + b.variable() + ")");
        String spent = "$" + UsageReport.money(b.spent());
        if (b.limit().isEmpty()) {
            return label + " not set" + ("Q2O_LLM_COST_ALERT".equals(b.variable()) ? " (0: off)" : "")
                    + ", spent " + spent;
        }
        BigDecimal limit = b.limit().get();
        BigDecimal remaining = b.remaining().orElseThrow();
        String status;
        if ("Q2O_LLM_COST_ALERT".equals(b.variable())) {
            status = b.spent().compareTo(limit) >= 0 ? "REACHED" : "not reached";
            return label + " $" + UsageReport.money(limit) + ", today " + spent + " (" + percent(b.usedFraction().orElse(0.0))
                    + ") - " + status;
        }
        if (remaining.signum() < 0) {
            status = "remaining $0.00, EXCEEDED by $" + UsageReport.money(remaining.negate());
        } else {
            status = "remaining $" + UsageReport.money(remaining);
        }
        return label + " spent " + spent + " of $" + UsageReport.money(limit) + " ("
                + percent(b.usedFraction().orElse(0.0)) + "), " + status;
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    /**
     * @param name a name from the ledger
     * @return it without control characters, at most {@value #MAX_NAME} characters
     */
    static String name(String name) {
        StringBuilder b = new StringBuilder();
        name.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                b.append('?');
            } else {
                b.appendCodePoint(c);
            }
        });
        String s = b.toString();
        return s.codePointCount(0, s.length()) <= MAX_NAME ? s
                : s.substring(0, s.offsetByCodePoints(0, MAX_NAME - 1)) + "…";
    }
}
