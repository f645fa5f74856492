package io.q2o.demo.usage;

import io.q2o.demo.DemoApp;
import io.q2o.demo.usage.TestLedger.Call;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.postgres.LedgerDatabase;
import io.q2o.llm.postgres.PgCluster;
import io.q2o.llm.postgres.PostgresLedgerSettings;
import io.q2o.llm.postgres.PostgresLedgerShipper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code usage --jdbc-url} over the shared ledger that two hosts shipped to a real PostgreSQL:
 * every period's totals and tables equal the sum of the two hosts' own ledgers, and the host
 * breakdown equals each host's own report.
 */
class SharedUsageCommandTest {
    private static PgCluster pg;

    @TempDir
    Path tmp;

    private String url;
    private Path alpha;
    private Path beta;
    private final Map<String, String> env = new HashMap<>();

    @BeforeAll
    static void cluster() throws Exception {
        pg = PgCluster.shared();
    }

    @BeforeEach
    void twoHostsShip() throws Exception {
        url = pg.newDatabase();
        List<Call> all = TestLedger.standard();
        List<Call> a = new ArrayList<>();
        List<Call> b = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Call c = all.get(i);
            if (i % 3 == 0) {
                b.add(new Call("beta-" + c.id(), c.start(), c.provider(), c.model(), c.agent(), c.in(), c.out(),
                        c.cost(), c.cacheHit(), c.dryRun(), c.failed(), c.errorKind()));
            } else {
                a.add(c);
            }
        }
        alpha = tmp.resolve("alpha");
        beta = tmp.resolve("beta");
        TestLedger.write(alpha, a);
        TestLedger.write(beta, b);
        ship(alpha, "alpha");
        ship(beta, "beta");
        env.put(PostgresLedgerSettings.USER, PgCluster.USER);
        env.put(PostgresLedgerSettings.PASSWORD, PgCluster.PASSWORD);
        env.put("Q2O_LLM_MONTHLY_BUDGET", "2.50");
    }

    private void ship(Path dir, String host) {
        try (LedgerDatabase db = new LedgerDatabase(PostgresLedgerSettings.of(url, PgCluster.USER, PgCluster.PASSWORD, host))) {
            assertThat(PostgresLedgerShipper.manual(db, dir).shipNow()).isPositive();
        }
    }

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DemoApp app = new DemoApp(() -> LlmConfig.builder().environment(Map.copyOf(env)).isolated(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = app.commandLine().execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static List<String> block(String output, String title) {
        List<String> lines = output.lines().collect(Collectors.toList());
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("== " + title + ":")) {
                start = i;
            }
        }
        assertThat(start).as("block " + title + " in\n" + output).isNotNegative();
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("==")) {
            end++;
        }
        return lines.subList(start, end);
    }

    /** calls, input, output, cost, failures of a table row. */
    private record Row(long calls, long in, long out, BigDecimal cost, long failures) {
        Row {
            cost = cost.stripTrailingZeros(); // the report prints exact amounts without trailing zeros
        }

        Row plus(Row o) {
            return new Row(calls + o.calls, in + o.in, out + o.out, cost.add(o.cost), failures + o.failures);
        }
    }

    private static Map<String, Row> table(List<String> block, String by) {
        int i = 0;
        while (i < block.size() && !block.get(i).matches("^  " + by + "\\s+calls\\s+input tokens.*")) {
            i++;
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        if (i == block.size()) {
            return rows;
        }
        for (i++; i < block.size() && !block.get(i).isBlank(); i++) {
            String[] t = block.get(i).strip().split("\\s+");
            int n = t.length;
            rows.put(String.join(" ", Arrays.copyOfRange(t, 0, n - 6)), new Row(num(t[n - 6]), num(t[n - 5]),
                    num(t[n - 4]), new BigDecimal(t[n - 3].substring(1)), num(t[n - 1])));
        }
        return rows;
    }

    private static long num(String s) {
        return Long.parseLong(s.replace(",", ""));
    }

    private static Map<String, Row> sum(Map<String, Row> x, Map<String, Row> y) {
        Map<String, Row> out = new HashMap<>(x);
        y.forEach((k, v) -> out.merge(k, v, Row::plus));
        return out;
    }

    private static Row total(Map<String, Row> rows) {
        return rows.values().stream().reduce(new Row(0, 0, 0, BigDecimal.ZERO, 0), Row::plus);
    }

    @Test
    void usageOverTheSharedLedgerEqualsTheSumOfBothHostsWithAHostBreakdown() throws Exception {
        // UTC is the writers' zone (daily totals); the others are read from the rows, days cut in that zone
        for (String zone : List.of("UTC", "Asia/Kolkata", "-03:00")) {
            String today = TestLedger.TODAY.toString();
            Run a = run("usage", "--dir", alpha.toString(), "--today", today, "--zone", zone);
            Run b = run("usage", "--dir", beta.toString(), "--today", today, "--zone", zone);
            Path page = tmp.resolve("page.html");
            Run shared = run("usage", "--jdbc-url", url, "--today", today, "--zone", zone, "--html", page.toString());
            assertThat(a.code()).isZero();
            assertThat(b.code()).isZero();
            assertThat(shared.code()).as(shared.err()).isZero();
            assertThat(shared.out()).contains("the shared ledger postgresql://127.0.0.1:" + pg.port()).contains("(2 hosts)")
                    .doesNotContain(PgCluster.PASSWORD);

            for (String period : List.of("Today", "Last 7 days", "This month")) {
                List<String> ba = block(a.out(), period);
                List<String> bb = block(b.out(), period);
                List<String> bs = block(shared.out(), period);
                for (String by : List.of("provider", "model", "agent")) {
                    assertThat(table(bs, by)).as(zone + " " + period + " by " + by)
                            .isEqualTo(sum(table(ba, by), table(bb, by)));
                }
                Map<String, Row> hosts = table(bs, "host");
                assertThat(hosts.keySet()).as(zone + " " + period).containsExactlyInAnyOrder("alpha", "beta");
                assertThat(hosts.get("alpha")).isEqualTo(total(table(ba, "provider")));
                assertThat(hosts.get("beta")).isEqualTo(total(table(bb, "provider")));
            }
            String html = Files.readString(page);
            assertThat(html).contains("id=\"table-this-month-host\"").contains("id=\"chart-cost-by-host\"")
                    .contains("data-name=\"alpha\"").contains("data-name=\"beta\"");
        }
        // a local ledger's page has no host breakdown
        Path local = tmp.resolve("local.html");
        assertThat(run("usage", "--dir", alpha.toString(), "--today", TestLedger.TODAY.toString(), "--html",
                local.toString()).code()).isZero();
        assertThat(Files.readString(local)).doesNotContain("id=\"table-this-month-host\"")
                .doesNotContain("id=\"chart-cost-by-host\"").contains("\"byHost\":null");
    }

    @Test
    void aWrongPasswordOrABadUrlIsAUsageErrorNamingTheSettingWithoutSecrets() {
        env.put(PostgresLedgerSettings.PASSWORD, "not-the-Right-one");
        Run wrong = run("usage", "--jdbc-url", url, "--today", TestLedger.TODAY.toString());
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains(PostgresLedgerSettings.PASSWORD).doesNotContain("not-the-Right-one");

        Run bad = run("usage", "--jdbc-url", "mysql://u:hunter2@db/x");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--jdbc-url").doesNotContain("hunter2");

        env.put(PostgresLedgerSettings.URL, "jdbc:postgresql://127.0.0.1:1/x?password=hunter2");
        Run down = run("usage", "--today", TestLedger.TODAY.toString());
        assertThat(down.code()).isEqualTo(1);
        assertThat(down.err()).contains("postgresql://127.0.0.1:1/x").doesNotContain("hunter2");
    }
}
