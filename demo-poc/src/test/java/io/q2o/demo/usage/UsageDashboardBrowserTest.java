package io.q2o.demo.usage;

import io.q2o.demo.DemoApp;
import io.q2o.demo.usage.TestLedger.Call;
import io.q2o.demo.usage.TestLedger.Expected;
import io.q2o.llm.LlmConfig;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code usage --html} page in a real headless Chromium: the DOM after the page's script ran
 * holds every chart with the totals computed independently from the test ledger, names with
 * markup stay text, and a screenshot is written to {@code target/usage-dashboard.png}.
 */
class UsageDashboardBrowserTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final LocalDate TODAY = TestLedger.TODAY;
    private static final LocalDate CHART_FROM = TODAY.minusDays(29);
    private static final LocalDate MONTH_FROM = TODAY.withDayOfMonth(1);
    private static final Path TARGET = Path.of("target");
    private static final List<String> CHARTS = List.of("chart-cost-per-day", "chart-calls-per-day",
            "chart-month-to-date", "chart-cost-by-agent", "chart-cost-by-model", "chart-failures-by-kind",
            "chart-cost-by-provider");

    @TempDir
    Path tmp;

    /** Writes the ledger under target/ and the page with the command; returns the page. */
    private Path page(String name, List<Call> calls) throws IOException {
        Path ledger = TARGET.resolve(name + "-ledger").toAbsolutePath();
        if (Files.exists(ledger)) {
            try (Stream<Path> files = Files.list(ledger)) {
                for (Path f : files.collect(Collectors.toList())) {
                    Files.delete(f);
                }
            }
        }
        TestLedger.write(ledger, calls);
        Map<String, String> env = Map.of("Q2O_LLM_USAGE_DIR", ledger.toString(), "Q2O_LLM_COST_ALERT", "0.15",
                "Q2O_LLM_DAILY_COST_LIMIT", "0.20", "Q2O_LLM_MONTHLY_BUDGET", "1.00");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path html = TARGET.resolve(name + ".html").toAbsolutePath();
        int code = new DemoApp(() -> LlmConfig.builder().environment(env).isolated(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .commandLine().execute("usage", "--today", TODAY.toString(), "--html", html.toString());
        assertThat(code).as(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Dashboard written to " + html);
        return html;
    }

    private Document render(Chromium chromium, Path page, String profile) throws Exception {
        String dom = chromium.dumpDom(page, Files.createDirectories(tmp.resolve(profile)));
        Files.writeString(page.resolveSibling(page.getFileName() + ".dom.html"), dom);
        return Jsoup.parse(dom);
    }

    @Test
    void theChartsInTheRenderedDomCarryTheLedgersTotalsAndAScreenshotIsWritten() throws Exception {
        Chromium chromium = Chromium.require();
        List<Call> calls = TestLedger.standard();
        Path page = page("usage-dashboard", calls);

        Document doc = render(chromium, page, "profile-dom");
        assertDashboard(doc, calls, page.resolveSibling("usage-dashboard-ledger"));

        Path png = TARGET.resolve("usage-dashboard.png").toAbsolutePath();
        chromium.screenshot(page, png, 1280, 1600, Files.createDirectories(tmp.resolve("profile-shot")));
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("a PNG at " + png).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isEqualTo(1600);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours).as("the screenshot shows drawn charts, not a blank page").hasSizeGreaterThan(50);
    }

    @Test
    void namesWithMarkupStayTextInTheRenderedPage() throws Exception {
        Chromium chromium = Chromium.require();
        List<Call> calls = new ArrayList<>(TestLedger.standard());
        calls.addAll(TestLedger.hostile());
        Path page = page("usage-dashboard-hostile", calls);

        Document doc = render(chromium, page, "profile-hostile");
        // nothing from the ledger ran or became markup
        assertThat(doc.body().hasAttr("data-pwned")).as("an injected handler ran").isFalse();
        assertThat(doc.select("script")).hasSize(2);
        assertThat(doc.select("img, b")).isEmpty();
        assertThat(doc.select("svg")).hasSize(CHARTS.size());
        assertThat(doc.select("[onerror], [onload]")).isEmpty();
        Elements agents = doc.select("#chart-cost-by-agent rect.bar");
        Elements agentCells = doc.select("#table-last-7-days-agent tbody td:eq(0)");
        for (String name : TestLedger.HOSTILE_NAMES) {
            assertThat(agents.eachAttr("data-name")).as("agent chart bar for " + name).contains(name);
            assertThat(agentCells.eachText()).as("agent table cell for " + name).contains(name);
        }
        assertThat(doc.select("#table-last-7-days-model tbody td:eq(0)").eachText()).contains("gemini-<b>bold</b>");
        assertThat(doc.select("#chart-cost-by-agent text.name").stream().map(Element::ownText)).contains(TestLedger.XSS);
        // and the totals are still right
        assertDashboard(doc, calls, page.resolveSibling("usage-dashboard-hostile-ledger"));
    }

    private static BigDecimal dec(Element e, String attr) {
        assertThat(e.hasAttr(attr)).as(e.tagName() + "#" + e.id() + " has " + attr).isTrue();
        return new BigDecimal(e.attr(attr));
    }

    private static void assertDashboard(Document doc, List<Call> calls, Path ledger) {
        // the page states the period and the ledger it read
        Element period = doc.getElementById("period");
        assertThat(period.attr("data-from")).isEqualTo(CHART_FROM.toString());
        assertThat(period.attr("data-to")).isEqualTo(TODAY.toString());
        assertThat(period.text()).contains("Period: " + CHART_FROM + " to " + TODAY);
        Element read = doc.getElementById("ledger");
        assertThat(read.attr("data-dir")).isEqualTo(ledger.toAbsolutePath().normalize().toString());
        assertThat(read.text()).contains("Ledger read: " + ledger.toAbsolutePath().normalize());

        // the script drew every chart
        assertThat(doc.body().attr("data-charts-rendered")).isEqualTo(String.valueOf(CHARTS.size()));
        for (String id : CHARTS) {
            Element f = doc.getElementById(id);
            assertThat(f).as(id).isNotNull();
            assertThat(f.attr("data-rendered")).as(id + " rendered").isEqualTo("true");
            assertThat(f.select("svg")).as(id + " svg").hasSize(1);
        }
        List<Call> inCharts = calls.stream().filter(TestLedger.in(CHART_FROM, TODAY, UTC)).filter(c -> !c.dryRun())
                .collect(Collectors.toList());
        Expected chartTotal = TestLedger.total(calls, CHART_FROM, TODAY, UTC);

        // cost per day, stacked by provider, with the alert and daily budget lines
        Element costPerDay = doc.getElementById("chart-cost-per-day");
        assertThat(dec(costPerDay, "data-total-cost")).isEqualByComparingTo(chartTotal.cost());
        assertThat(costPerDay.attr("data-days")).isEqualTo("30");
        Map<String, BigDecimal> perDayProvider = new TreeMap<>();
        inCharts.forEach(c -> perDayProvider.merge(c.day(UTC) + "/" + c.provider(),
                c.cost() == null ? BigDecimal.ZERO : c.cost(), BigDecimal::add));
        Elements segments = costPerDay.select("rect.bar");
        assertThat(segments).hasSize(perDayProvider.size());
        for (Element r : segments) {
            String k = r.attr("data-day") + "/" + r.attr("data-provider");
            assertThat(perDayProvider).as("segment " + k).containsKey(k);
            assertThat(dec(r, "data-value")).as("segment " + k).isEqualByComparingTo(perDayProvider.get(k));
            assertThat(Double.parseDouble(r.attr("height")) > 0).as("segment " + k + " drawn")
                    .isEqualTo(perDayProvider.get(k).signum() > 0);
        }
        for (LocalDate d = CHART_FROM; !d.isAfter(TODAY); d = d.plusDays(1)) {
            Element day = costPerDay.selectFirst("g.day[data-day=" + d + "]");
            assertThat(day).as("day group " + d).isNotNull();
            assertThat(dec(day, "data-cost")).as("cost of " + d)
                    .isEqualByComparingTo(TestLedger.total(calls, d, d, UTC).cost());
        }
        Element alert = costPerDay.selectFirst("g.ref[data-kind=alert]");
        assertThat(alert.attr("data-value")).isEqualTo("0.15");
        assertThat(alert.attr("data-in-scale")).isEqualTo("true");
        assertThat(alert.select("line.ref-line")).hasSize(1);
        Element daily = costPerDay.selectFirst("g.ref[data-kind=daily-budget]");
        assertThat(daily.attr("data-value")).isEqualTo("0.20");
        assertThat(daily.select("line.ref-line")).hasSize(1);
        assertThat(daily.text()).contains("daily budget $0.20");

        // calls and cache hit rate per day
        Element callsPerDay = doc.getElementById("chart-calls-per-day");
        assertThat(callsPerDay.attr("data-total-calls")).isEqualTo(String.valueOf(chartTotal.calls()));
        assertThat(callsPerDay.attr("data-total-cache-hits")).isEqualTo(String.valueOf(chartTotal.cacheHits()));
        assertThat(callsPerDay.attr("data-cache-hit-rate") + "%").isEqualTo(chartTotal.hitRate());
        Elements callBars = callsPerDay.select("rect.bar");
        assertThat(callBars).hasSize(30);
        for (Element r : callBars) {
            LocalDate d = LocalDate.parse(r.attr("data-day"));
            Expected e = TestLedger.total(calls, d, d, UTC);
            assertThat(r.attr("data-calls")).as("calls on " + d).isEqualTo(String.valueOf(e.calls()));
            assertThat(r.attr("data-cache-hits")).as("cache hits on " + d).isEqualTo(String.valueOf(e.cacheHits()));
            assertThat(r.attr("data-failed")).as("failures on " + d).isEqualTo(String.valueOf(e.failures()));
        }
        assertThat(callsPerDay.select("circle.rate-point")).hasSize((int) callBars.stream()
                .filter(r -> !r.attr("data-calls").equals("0")).count());

        // cost by provider, by agent and by model over the chart period
        assertCostBars(doc.getElementById("chart-cost-by-provider"),
                TestLedger.expected(calls, CHART_FROM, TODAY, UTC, Call::provider), chartTotal.cost());
        assertCostBars(doc.getElementById("chart-cost-by-agent"),
                TestLedger.expected(calls, CHART_FROM, TODAY, UTC, Call::agent), chartTotal.cost());
        assertCostBars(doc.getElementById("chart-cost-by-model"),
                TestLedger.expected(calls, CHART_FROM, TODAY, UTC, Call::model), chartTotal.cost());

        // failures by kind
        Element failures = doc.getElementById("chart-failures-by-kind");
        Map<String, Long> kinds = inCharts.stream().filter(Call::failed)
                .collect(Collectors.groupingBy(Call::errorKind, TreeMap::new, Collectors.counting()));
        assertThat(failures.attr("data-total-failures")).isEqualTo(String.valueOf(chartTotal.failures()));
        assertThat(kinds.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(chartTotal.failures()).isPositive();
        Map<String, Long> drawn = new TreeMap<>();
        failures.select("rect.bar").forEach(r -> drawn.put(r.attr("data-name"), Long.parseLong(r.attr("data-value"))));
        assertThat(drawn).isEqualTo(kinds);

        // this month, cumulative, with the monthly budget
        Element month = doc.getElementById("chart-month-to-date");
        BigDecimal monthCost = TestLedger.total(calls, MONTH_FROM, TODAY, UTC).cost();
        assertThat(dec(month, "data-month-cost")).isEqualByComparingTo(monthCost);
        assertThat(month.attr("data-monthly-budget")).isEqualTo("1.00");
        assertThat(month.select("circle.cum-point")).hasSize(TODAY.getDayOfMonth());
        assertThat(dec(month.select("circle.cum-point").last(), "data-cumulative-cost")).isEqualByComparingTo(monthCost);
        assertThat(month.select("g.ref[data-kind=monthly-budget]").attr("data-value")).isEqualTo("1.00");

        // the summary cards, the budget status and the tables (rendered by the command, not the script)
        assertThat(dec(doc.getElementById("card-today"), "data-cost"))
                .isEqualByComparingTo(TestLedger.total(calls, TODAY, TODAY, UTC).cost());
        assertThat(dec(doc.getElementById("card-last-7-days"), "data-cost"))
                .isEqualByComparingTo(TestLedger.total(calls, TODAY.minusDays(6), TODAY, UTC).cost());
        assertThat(dec(doc.getElementById("card-this-month"), "data-cost")).isEqualByComparingTo(monthCost);
        Element monthly = doc.getElementById("q2o-llm-monthly-budget");
        assertThat(dec(monthly, "data-spent")).isEqualByComparingTo(monthCost);
        assertThat(dec(monthly, "data-remaining")).isEqualByComparingTo(new BigDecimal("1.00").subtract(monthCost));
        Map<String, Expected> byProvider = TestLedger.expected(calls, MONTH_FROM, TODAY, UTC, Call::provider);
        Elements rows = doc.select("#table-this-month-provider tbody tr");
        assertThat(rows.eachAttr("data-name")).containsExactlyInAnyOrderElementsOf(byProvider.keySet());
        for (Element r : rows) {
            Expected e = byProvider.get(r.attr("data-name"));
            assertThat(dec(r, "data-cost")).isEqualByComparingTo(e.cost());
            assertThat(r.attr("data-calls")).isEqualTo(String.valueOf(e.calls()));
            assertThat(r.attr("data-input-tokens")).isEqualTo(String.valueOf(e.in()));
            assertThat(r.attr("data-output-tokens")).isEqualTo(String.valueOf(e.out()));
            assertThat(r.attr("data-cache-hits")).isEqualTo(String.valueOf(e.cacheHits()));
            assertThat(r.attr("data-failures")).isEqualTo(String.valueOf(e.failures()));
        }
    }

    private static void assertCostBars(Element chart, Map<String, Expected> expected, BigDecimal total) {
        assertThat(expected.size()).as("fits without an 'other' row").isLessThanOrEqualTo(12);
        assertThat(dec(chart, "data-total-cost")).isEqualByComparingTo(total);
        assertThat(chart.attr("data-rows")).isEqualTo(String.valueOf(expected.size()));
        Elements bars = chart.select("rect.bar");
        assertThat(bars.eachAttr("data-name")).containsExactlyInAnyOrderElementsOf(expected.keySet());
        double previous = Double.MAX_VALUE;
        for (Element b : bars) {
            Expected e = expected.get(b.attr("data-name"));
            assertThat(dec(b, "data-value")).as(b.attr("data-name")).isEqualByComparingTo(e.cost());
            assertThat(b.attr("data-calls")).isEqualTo(String.valueOf(e.calls()));
            double width = Double.parseDouble(b.attr("width"));
            assertThat(width).as("bars sorted by cost, longest first").isLessThanOrEqualTo(previous);
            previous = width;
        }
    }
}
