package io.q2o.demo.usage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.q2o.demo.usage.UsageReport.Budget;
import io.q2o.demo.usage.UsageReport.Day;
import io.q2o.demo.usage.UsageReport.Section;
import io.q2o.llm.usage.LedgerReader.Totals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a {@link UsageReport} as one self-contained HTML page: inline CSS, an inline script
 * that draws the charts as SVG from an inline JSON block, and server-rendered summary cards and
 * tables (readable without scripts). Nothing is loaded from anywhere: a Content-Security-Policy
 * ({@code default-src 'none'}) forbids every fetch and allows only the page's own script, by hash.
 *
 * <p>Every string from the ledger is escaped: HTML-escaped in the markup, and in the JSON block
 * {@code <}, {@code >}, {@code &} and the line separators are written as {@code \\uXXXX} so
 * that no value can close the block; the script sets text only with {@code textContent}.
 *
 * <p>Stable hooks for tests and tools: each chart is a {@code figure.chart} with an id
 * ({@code chart-cost-per-day}, {@code chart-calls-per-day}, {@code chart-month-to-date},
 * {@code chart-cost-by-agent}, {@code chart-cost-by-model}, {@code chart-failures-by-kind},
 * {@code chart-cost-by-provider}) and
 * {@code data-*} attributes holding its totals, set by the script once it has drawn the chart
 * ({@code data-rendered="true"}); bars carry their values in {@code data-value}.
 */
final class HtmlDashboard {
    private static final String RESOURCES = "/io/q2o/demo/usage/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HtmlDashboard() {
    }

    /**
     * @param report    the report
     * @param generated when the page is made
     * @return the page
     */
    static String render(UsageReport report, Instant generated) {
        String css = resource("dashboard.css");
        String script = resource("dashboard.js");
        String data = jsonForScriptBlock(data(report));
        Section chart = report.chart();
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
                        + "img-src data:; script-src '").append(sha256(script)).append("'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>LLM usage ").append(esc(report.chartPeriod().range())).append("</title>\n")
                .append("<style>\n").append(css).append("</style>\n</head>\n");
        h.append("<body data-charts-rendered=\"0\">\n<main>\n<header>\n<h1>LLM usage and cost</h1>\n");
        h.append("<p id=\"period\" data-from=\"").append(report.chartPeriod().from()).append("\" data-to=\"")
                .append(report.chartPeriod().to()).append("\" data-zone=\"").append(esc(report.zone().getId()))
                .append("\">Period: <strong>").append(report.chartPeriod().from()).append(" to ")
                .append(report.chartPeriod().to()).append("</strong> (days in ").append(esc(report.zone().getId()))
                .append("; today is ").append(report.today()).append(")</p>\n");
        h.append("<p id=\"ledger\" data-dir=\"").append(esc(abs(report))).append("\" data-records=\"")
                .append(report.recordsRead()).append("\">Ledger read: <code>").append(esc(abs(report)))
                .append("</code> &middot; ").append(report.recordsRead()).append(" calls in the period &middot; generated ")
                .append(generated.truncatedTo(ChronoUnit.SECONDS)).append("</p>\n");
        h.append("<p class=\"note\">Exact USD from the ledger. Tokens are those billed by providers; cache hits and "
                + "failures cost $0; dry runs are not counted.</p>\n</header>\n");

        h.append("<section class=\"cards\" id=\"summary\">\n");
        for (Section s : report.sections()) {
            card(h, s);
        }
        budgetCard(h, report.budgets());
        h.append("</section>\n");

        h.append("<section class=\"charts\">\n");
        figure(h, "chart-cost-per-day", "wide", "Cost per day by provider",
                "with the cost alert and the daily budget");
        figure(h, "chart-calls-per-day", "", "Calls and cache hit rate per day", "");
        figure(h, "chart-month-to-date", "", "Spent this month",
                "cumulative, from " + report.sections().get(2).period().from() + ", with the monthly budget");
        figure(h, "chart-cost-by-agent", "", "Cost by agent", report.chartPeriod().range());
        figure(h, "chart-cost-by-model", "", "Cost by model", report.chartPeriod().range());
        figure(h, "chart-failures-by-kind", "", "Failures by kind", report.chartPeriod().range()
                + (chart.total().failed() == 0 ? " - none" : ""));
        figure(h, "chart-cost-by-provider", "", "Cost by provider", report.chartPeriod().range());
        if (report.source().shared()) {
            figure(h, "chart-cost-by-host", "", "Cost by host", report.chartPeriod().range());
        }
        h.append("</section>\n");

        h.append("<section class=\"tables\">\n");
        for (Section s : report.sections()) {
            String key = key(s);
            h.append("<h2>").append(esc(s.period().title())).append(" <span class=\"note\">")
                    .append(esc(s.period().range())).append("</span></h2>\n<div class=\"period-tables\">\n");
            table(h, "table-" + key + "-provider", "Provider", s.byProvider(), s.total());
            table(h, "table-" + key + "-model", "Model", s.byModel(), s.total());
            table(h, "table-" + key + "-agent", "Agent", s.byAgent(), s.total());
            if (report.source().shared()) {
                table(h, "table-" + key + "-host", "Host", s.byHost(), s.total());
            }
            h.append("</div>\n");
        }
        h.append("<p class=\"note\">\"-\" stands for calls without that field: failures before any model answered, "
                + "or calls without an agent tag.</p>\n</section>\n</main>\n");

        h.append("<script type=\"application/json\" id=\"usage-data\">").append(data).append("</script>\n");
        h.append("<script>").append(script).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static String abs(UsageReport r) {
        return r.source().location();
    }

    private static String key(Section s) {
        return s.period().title().toLowerCase(Locale.ROOT).replace(' ', '-');
    }

    private static void card(StringBuilder h, Section s) {
        Totals t = s.total();
        h.append("<div class=\"card\" id=\"card-").append(key(s)).append("\" data-cost=\"")
                .append(UsageReport.money(t.cost())).append("\" data-calls=\"").append(t.calls()).append("\">")
                .append("<h2>").append(esc(s.period().title())).append("</h2><div class=\"range\">")
                .append(esc(s.period().range())).append("</div><div class=\"big\">$").append(UsageReport.money(t.cost()))
                .append("</div><div class=\"small\">")
                .append(String.format(Locale.ROOT, "%,d calls &middot; %s cache hits<br>%,d in / %,d out tokens<br>%,d failure%s",
                        t.calls(), TerminalReport.percent(t.cacheHitRate()), t.inputTokens(), t.outputTokens(), t.failed(),
                        t.failed() == 1 ? "" : "s"))
                .append("</div></div>\n");
    }

    private static void budgetCard(StringBuilder h, List<Budget> budgets) {
        h.append("<div class=\"card\" id=\"card-budgets\"><h2>Alert and budgets</h2>");
        for (Budget b : budgets) {
            String id = b.variable().toLowerCase(Locale.ROOT).replace('_', '-');
            h.append("<div class=\"budget\" id=\"").append(id).append("\" data-variable=\"").append(b.variable())
                    .append("\" data-spent=\"").append(UsageReport.money(b.spent())).append("\" data-limit=\"")
                    .append(b.limit().map(UsageReport::money).orElse("")).append("\" data-remaining=\"")
                    .append(b.remaining().map(UsageReport::money).orElse("")).append("\">");
            h.append("<div class=\"label\"><span title=\"").append(b.variable()).append("\">").append(esc(b.title()))
                    .append("</span>");
            if (b.limit().isEmpty()) {
                h.append("<span class=\"status-off\">not set</span></div>");
            } else {
                BigDecimal limit = b.limit().get();
                boolean over = b.spent().compareTo(limit) >= 0;
                h.append("<span").append(over ? " class=\"status-over\"" : "").append(">$")
                        .append(UsageReport.money(b.spent())).append(" / $").append(UsageReport.money(limit))
                        .append("</span></div>");
                double used = b.usedFraction().orElse(0.0);
                h.append("<div class=\"meter").append(over ? " over" : used >= 0.8 ? " warn" : "")
                        .append("\"><span style=\"width:")
                        .append(String.format(Locale.ROOT, "%.1f", Math.min(100, 100 * used))).append("%\"></span></div>");
                BigDecimal remaining = b.remaining().orElseThrow();
                h.append("<div class=\"small\">");
                if ("Q2O_LLM_COST_ALERT".equals(b.variable())) {
                    h.append(over ? "reached today" : "today, not reached");
                } else if (remaining.signum() < 0) {
                    h.append("exceeded by $").append(UsageReport.money(remaining.negate()));
                } else {
                    h.append("remaining $").append(UsageReport.money(remaining));
                }
                h.append("</div>");
            }
            h.append("</div>");
        }
        h.append("</div>\n");
    }

    private static void figure(StringBuilder h, String id, String cls, String title, String sub) {
        h.append("<figure class=\"chart").append(cls.isEmpty() ? "" : " " + cls).append("\" id=\"").append(id)
                .append("\" data-rendered=\"false\"><figcaption>").append(esc(title));
        if (!sub.isEmpty()) {
            h.append(" <span class=\"sub\">").append(esc(sub)).append("</span>");
        }
        h.append("</figcaption></figure>\n");
    }

    private static void table(StringBuilder h, String id, String by, Map<String, Totals> rows, Totals total) {
        h.append("<table id=\"").append(id).append("\"><thead><tr><th>").append(by)
                .append("</th><th>Calls</th><th>Input tokens</th><th>Output tokens</th><th>Cost (USD)</th>"
                        + "<th>Cache hit rate</th><th>Failures</th></tr></thead>\n<tbody>\n");
        if (rows.isEmpty()) {
            h.append("<tr><td colspan=\"7\" class=\"note\">no calls recorded</td></tr>\n");
        }
        rows.forEach((name, t) -> row(h, "tr", name, t));
        h.append("</tbody><tfoot>");
        row(h, "tr class=\"total\"", "Total", total);
        h.append("</tfoot></table>\n");
    }

    private static void row(StringBuilder h, String tr, String name, Totals t) {
        h.append('<').append(tr).append(" data-name=\"").append(esc(name)).append("\" data-calls=\"").append(t.calls())
                .append("\" data-input-tokens=\"").append(t.inputTokens()).append("\" data-output-tokens=\"")
                .append(t.outputTokens()).append("\" data-cost=\"").append(UsageReport.money(t.cost()))
                .append("\" data-cache-hits=\"").append(t.cacheHits()).append("\" data-failures=\"").append(t.failed())
                .append("\"><td>").append(esc(name)).append("</td>")
                .append(String.format(Locale.ROOT, "<td>%,d</td><td>%,d</td><td>%,d</td><td>$%s</td><td>%s</td><td>%,d</td></tr>\n",
                        t.calls(), t.inputTokens(), t.outputTokens(), UsageReport.money(t.cost()),
                        TerminalReport.percent(t.cacheHitRate()), t.failed()));
    }

    /** @return the data the script draws, money as exact decimal strings */
    private static ObjectNode data(UsageReport report) {
        ObjectNode d = JSON.createObjectNode();
        d.put("from", report.chartPeriod().from().toString());
        d.put("to", report.chartPeriod().to().toString());
        d.put("monthFrom", report.sections().get(2).period().from().toString());
        ArrayNode providers = d.putArray("providers");
        report.providers().forEach(providers::add);
        ArrayNode days = d.putArray("days");
        for (Day day : report.days()) {
            ObjectNode o = days.addObject();
            o.put("day", day.day().toString());
            ObjectNode cost = o.putObject("cost");
            day.costByProvider().forEach((p, c) -> cost.put(p, UsageReport.money(c)));
            o.put("calls", day.total().calls());
            o.put("cacheHits", day.total().cacheHits());
            o.put("failed", day.total().failed());
        }
        costRows(d.putArray("byProvider"), report.chart().byProvider());
        costRows(d.putArray("byAgent"), report.chart().byAgent());
        costRows(d.putArray("byModel"), report.chart().byModel());
        if (report.source().shared()) {
            costRows(d.putArray("byHost"), report.chart().byHost());
        } else {
            d.putNull("byHost");
        }
        ArrayNode failures = d.putArray("failures");
        report.chart().failures().forEach((kind, n) -> failures.addObject().put("name", kind).put("count", n));
        putMoney(d, "alert", Optional.of(report.limits().costAlert()).filter(a -> a.signum() > 0));
        putMoney(d, "dailyLimit", report.limits().dailyCostLimit());
        putMoney(d, "monthlyBudget", report.limits().monthlyBudget());
        return d;
    }

    private static void costRows(ArrayNode out, Map<String, Totals> rows) {
        rows.forEach((name, t) -> out.addObject().put("name", name).put("cost", UsageReport.money(t.cost()))
                .put("calls", t.calls()));
    }

    private static void putMoney(ObjectNode o, String field, Optional<BigDecimal> v) {
        if (v.isPresent()) {
            o.put(field, UsageReport.money(v.get()));
        } else {
            o.putNull(field);
        }
    }

    /**
     * @param node JSON
     * @return its text, safe inside {@code <script type="application/json">}: no {@code <}, {@code >}
     *         or {@code &} (outside strings JSON has none; inside they become {@code \\u003c} etc.),
     *         and no U+2028/U+2029
     */
    static String jsonForScriptBlock(Object node) {
        try {
            return JSON.writeValueAsString(node).replace("<", "\\u003c").replace(">", "\\u003e")
                    .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param s text
     * @return it escaped for HTML text and double- or single-quoted attributes
     */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /**
     * @param script the content of an inline script element
     * @return its CSP source expression {@code sha256-<base64>}
     */
    static String sha256(String script) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlDashboard.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
