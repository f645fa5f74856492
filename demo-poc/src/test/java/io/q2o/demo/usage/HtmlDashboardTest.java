package io.q2o.demo.usage;

import io.q2o.demo.usage.TestLedger.Call;
import io.q2o.llm.usage.LedgerReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The page's source: self-contained, its script allowed by hash, every ledger string escaped. */
class HtmlDashboardTest {
    @TempDir
    Path tmp;

    private String page() throws IOException {
        List<Call> calls = new ArrayList<>(TestLedger.standard());
        calls.addAll(TestLedger.hostile());
        TestLedger.write(tmp, calls);
        UsageReport report = UsageReport.of(new LedgerReader(tmp, ZoneOffset.UTC), ZoneOffset.UTC, TestLedger.TODAY, 30,
                new UsageReport.Limits(new BigDecimal("0.15"), Optional.of(new BigDecimal("0.20")), Optional.empty()));
        return HtmlDashboard.render(report, Instant.parse("2026-02-10T18:00:00Z"));
    }

    @Test
    void thePageLoadsNothingAndAllowsOnlyItsOwnScript() throws IOException {
        String html = page();
        Matcher csp = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">").matcher(html);
        assertThat(csp.find()).isTrue();
        assertThat(csp.group(1)).startsWith("default-src 'none';");
        Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(script.find()).isTrue();
        assertThat(csp.group(1)).contains("script-src '" + HtmlDashboard.sha256(script.group(1)) + "'");
        assertThat(script.find()).as("one executable script").isFalse();
        // no URL to fetch: the only "http" is the SVG namespace name the script creates elements in
        assertThat(html.replace("'http://www.w3.org/2000/svg'", "")).doesNotContainPattern("(?i)https?:|//[a-z0-9.-]+\\.[a-z]{2,}/")
                .doesNotContain("@import").doesNotContain("url(");
        org.jsoup.nodes.Document doc = org.jsoup.Jsoup.parse(html);
        assertThat(doc.select("[src], [href], [srcset], [action], link, iframe, img, object, embed, base")).isEmpty();
    }

    @Test
    void everyLedgerStringIsEscaped() throws IOException {
        String html = page();
        for (String name : TestLedger.HOSTILE_NAMES) {
            assertThat(html).as("raw " + name).doesNotContain(name);
            String escaped = HtmlDashboard.esc(name);
            assertThat(html).as("escaped in the tables: " + escaped).contains(">" + escaped + "</td>");
        }
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e");
        int json = html.indexOf("<script type=\"application/json\" id=\"usage-data\">");
        int end = html.indexOf("</script>", json);
        String block = html.substring(json, end);
        assertThat(block.substring(block.indexOf('>') + 1)).doesNotContain("<").doesNotContain(">").doesNotContain("&");
        assertThat(html.split("<script", -1)).as("only the page's two script elements").hasSize(3);
    }

    @Test
    void escapingHelpers() {
        assertThat(HtmlDashboard.esc("<a href='x'>\"&\"</a>\u0000"))
                .isEqualTo("&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;\uFFFD");
        assertThat(HtmlDashboard.jsonForScriptBlock(java.util.Map.of("a", "</script>&\u2028")))
                .isEqualTo("{\"a\":\"\\u003c/script\\u003e\\u0026\\u2028\"}");
    }
}
