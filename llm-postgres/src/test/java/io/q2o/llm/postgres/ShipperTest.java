package io.q2o.llm.postgres;

import io.q2o.llm.ConfigException;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.usage.FsyncPolicy;
import io.q2o.llm.usage.LedgerReader;
import io.q2o.llm.usage.UsageLedger;
import io.q2o.llm.usage.UsageRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ledger shipped through a real PostgreSQL: exact copies, idempotence, partial lines, bad settings. */
class ShipperTest {
    private static PgCluster pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void cluster() throws Exception {
        pg = PgCluster.shared();
    }

    private static List<UsageRecord> local(Path dir) {
        return new LedgerReader(dir, ZoneOffset.UTC).records(LocalDate.of(2000, 1, 1), LocalDate.now(ZoneOffset.UTC).plusDays(1));
    }

    private static LedgerDatabase db(String url, String host) {
        return new LedgerDatabase(PostgresLedgerSettings.of(url, PgCluster.USER, PgCluster.PASSWORD, host));
    }

    private static List<ShippedRecord> shipped(LedgerDatabase db) {
        return new PostgresUsageReader(db).records(Instant.EPOCH, Instant.parse("3000-01-01T00:00:00Z"));
    }

    @Test
    void shippedRecordsEqualTheLocalLedgerFieldByFieldWithExactCostSums() throws Exception {
        String url = pg.newDatabase();
        int calls = 60;
        List<LlmResponse> answers = new ArrayList<>();
        try (LlmService llm = Calls.service(Calls.config(dir, url, "host-a"))) {
            for (int i = 0; i < calls; i++) {
                answers.add(Calls.call(llm, "a", i));
            }
        } // close makes the shipper's last pass
        List<UsageRecord> local = local(dir);
        assertThat(local).hasSize(calls);
        assertThat(answers).anyMatch(r -> !r.success()).anyMatch(LlmResponse::cacheHit).anyMatch(LlmResponse::success);
        assertThat(local).anyMatch(r -> r.cost() == null).anyMatch(r -> r.cost() != null && r.cost().signum() > 0);
        // answers that called two tools and answers that called none, both shipped and compared below
        assertThat(local).extracting(UsageRecord::toolCalls).contains(Calls.TOOLS, List.of());
        assertThat(Calls.TOOLS).hasSize(2);

        try (LedgerDatabase db = db(url, "host-a")) {
            List<ShippedRecord> rows = shipped(db);
            assertThat(rows).extracting(ShippedRecord::host).containsOnly("host-a");
            assertThat(rows).extracting(ShippedRecord::record).containsExactlyInAnyOrderElementsOf(local);
            BigDecimal localSum = local.stream().map(UsageRecord::costOrZero).reduce(BigDecimal.ZERO, BigDecimal::add);
            try (Connection c = DriverManager.getConnection(url, PgCluster.USER, PgCluster.PASSWORD);
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT sum(cost), sum(input_cost), sum(output_cost) FROM q2o_llm_usage")) {
                rs.next();
                assertThat(rs.getBigDecimal(1)).isEqualByComparingTo(localSum);
                // NUMERIC keeps every digit: the sum's text equals BigDecimal's exact sum
                assertThat(rs.getBigDecimal(1).stripTrailingZeros()).isEqualTo(localSum.stripTrailingZeros());
            }
            // stored as an array of names in their order, queryable as such: '{weather,add}' or '{}'
            long withTools = local.stream().filter(r -> !r.toolCalls().isEmpty()).count();
            try (Connection c = DriverManager.getConnection(url, PgCluster.USER, PgCluster.PASSWORD);
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE tool_calls = ARRAY['weather', 'add']),"
                         + " count(*) FILTER (WHERE tool_calls = '{}'), count(*) FROM q2o_llm_usage")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(withTools).isPositive();
                assertThat(rs.getLong(2)).isEqualTo(calls - withTools).isPositive();
                assertThat(rs.getLong(3)).isEqualTo(calls);
            }
        }
    }

    @Test
    void shippingTwiceOrAfterLosingTheOffsetsAddsNoDuplicate() throws Exception {
        String url = pg.newDatabase();
        try (LlmService llm = Calls.service(Calls.config(dir, null, null))) {
            for (int i = 0; i < 25; i++) {
                Calls.call(llm, "b", i);
            }
        }
        try (LedgerDatabase db = db(url, "host-b")) {
            PostgresLedgerShipper first = PostgresLedgerShipper.manual(db, dir);
            assertThat(first.shipNow()).isEqualTo(25);
            assertThat(first.shipNow()).isZero();
            // a second shipper on the same folder (another process) finds nothing left
            assertThat(PostgresLedgerShipper.manual(db, dir).shipNow()).isZero();
            // even with its offsets gone, shipping again adds no row: the call id is the key
            try (Connection c = DriverManager.getConnection(url, PgCluster.USER, PgCluster.PASSWORD);
                 Statement s = c.createStatement()) {
                s.execute("DELETE FROM q2o_llm_ledger_offsets");
            }
            assertThat(PostgresLedgerShipper.manual(db, dir).shipNow()).isEqualTo(25);
            assertThat(new PostgresUsageReader(db).count()).isEqualTo(25);
            assertThat(shipped(db)).extracting(ShippedRecord::record).containsExactlyInAnyOrderElementsOf(local(dir));
            // the daily totals count each call once, repeats included, and follow deletions
            try (Connection c = DriverManager.getConnection(url, PgCluster.USER, PgCluster.PASSWORD);
                 Statement s = c.createStatement()) {
                assertThat(daily(s)).isEqualTo(raw(s)).startsWith("25 ");
                s.execute("DELETE FROM q2o_llm_usage WHERE id IN (SELECT id FROM q2o_llm_usage ORDER BY id LIMIT 5)");
                assertThat(daily(s)).isEqualTo(raw(s)).startsWith("20 ");
            }
        }
    }

    @Test
    void toolNamesThatLookLikeArraySyntaxReadBackExactlyInTheirOrder() throws Exception {
        String url = pg.newDatabase();
        List<List<String>> names = List.of(List.of("a,b", "\"quoted\"", "{brace}", "back\\slash", "NULL", "  padded  "),
                List.of("weather", "weather", "天气 ☀"), List.of());
        Instant start = Instant.parse("2026-11-02T10:15:30.123456789Z");
        try (UsageLedger ledger = new UsageLedger(dir, ZoneOffset.UTC, FsyncPolicy.EVERY_CALL)) {
            for (int i = 0; i < names.size(); i++) {
                ledger.append(new UsageRecord("tools-" + i, start.plusSeconds(i), 5, "gemini", "gemini-2.0-flash", 10, 20,
                        0, 0, 0, null, null, null, null, null, null, false, false, true, "success", null, 1, names.get(i)));
            }
        }
        try (LedgerDatabase db = db(url, "host-t")) {
            assertThat(PostgresLedgerShipper.manual(db, dir).shipNow()).isEqualTo(names.size());
            assertThat(shipped(db)).extracting(r -> r.record().toolCalls()).containsExactlyElementsOf(names);
            assertThat(shipped(db)).extracting(ShippedRecord::record).containsExactlyElementsOf(local(dir));
            try (Connection c = DriverManager.getConnection(url, PgCluster.USER, PgCluster.PASSWORD);
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT cardinality(tool_calls), tool_calls[2] FROM q2o_llm_usage ORDER BY id")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(6); // "a,b" is one element, "NULL" a name, not a null
                assertThat(rs.getString(2)).isEqualTo("\"quoted\"");
            }
        }
    }

    @Test
    void anUnfinishedLineWaitsUntilItsWriterEndsItAndAForeignLineIsSkipped() throws Exception {
        String url = pg.newDatabase();
        try (LlmService llm = Calls.service(Calls.config(dir, null, null))) {
            for (int i = 0; i < 3; i++) {
                Calls.call(llm, "c", i);
            }
        }
        Path file;
        try (var files = Files.list(dir)) {
            file = files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(file);
        String last = lines.get(lines.size() - 1);
        Files.writeString(file, String.join("\n", lines.subList(0, lines.size() - 1)) + "\nnot json at all\n"
                + last.substring(0, 20), StandardCharsets.UTF_8);
        try (LedgerDatabase db = db(url, "host-c")) {
            PostgresLedgerShipper shipper = PostgresLedgerShipper.manual(db, dir);
            assertThat(shipper.shipNow()).isEqualTo(2);
            assertThat(new PostgresUsageReader(db).count()).isEqualTo(2);
            Files.writeString(file, last.substring(20) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            assertThat(shipper.shipNow()).isEqualTo(1);
            assertThat(shipped(db)).extracting(ShippedRecord::record).containsExactlyInAnyOrderElementsOf(local(dir));
        }
    }

    @Test
    void aLineWithACostNoCallCanHaveIsNotShipped() throws Exception {
        String url = pg.newDatabase();
        try (LlmService llm = Calls.service(Calls.config(dir, null, null))) {
            Calls.call(llm, "c", 0);
        }
        Path file;
        try (var files = Files.list(dir)) {
            file = files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
        String good = Files.readAllLines(file).get(0);
        for (String bad : List.of("1e-999999999", "1e999999999", "-5")) {
            Files.writeString(file, good.replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"bad" + bad.length() + "\"")
                    .replaceFirst("\"cost\":[^,]+,", "\"cost\":" + bad + ",") + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        }
        try (LedgerDatabase db = db(url, "host-c")) {
            PostgresLedgerShipper shipper = PostgresLedgerShipper.manual(db, dir);
            assertThat(shipper.shipNow()).isEqualTo(1);
            assertThat(new PostgresUsageReader(db).count()).isEqualTo(1);
        }
    }

    @Test
    void aRewrittenShorterFileIsShippedAgainWithoutDuplicates() throws Exception {
        String url = pg.newDatabase();
        try (LlmService llm = Calls.service(Calls.config(dir, null, null))) {
            for (int i = 0; i < 6; i++) {
                Calls.call(llm, "d", i);
            }
        }
        Path file;
        try (var files = Files.list(dir)) {
            file = files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
        try (LedgerDatabase db = db(url, "host-d")) {
            PostgresLedgerShipper shipper = PostgresLedgerShipper.manual(db, dir);
            assertThat(shipper.shipNow()).isEqualTo(6);
            List<String> lines = Files.readAllLines(file);
            Files.writeString(file, String.join("\n", lines.subList(0, 2)) + "\n", StandardCharsets.UTF_8);
            assertThat(shipper.shipNow()).isEqualTo(2);
            assertThat(new PostgresUsageReader(db).count()).isEqualTo(6);
        }
    }

    @Test
    void aWrongPasswordFailsTheServiceBuildNamingTheVariablesWithoutThePassword() throws Exception {
        String url = pg.newDatabase();
        String wrong = "Wr0ng-pa55word-xyz";
        assertThatThrownBy(() -> Calls.service(Calls.config(dir, url, "h", PostgresLedgerSettings.PASSWORD + "=" + wrong)))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.variable()).isEqualTo(PostgresLedgerSettings.PASSWORD);
                    assertThat(e.getMessage()).contains(PostgresLedgerSettings.PASSWORD, PostgresLedgerSettings.USER,
                            "q2o").doesNotContain(wrong);
                });
        // a password in the URL is never echoed either
        assertThatThrownBy(() -> Calls.service(Calls.config(dir, url + "?password=" + wrong, "h",
                PostgresLedgerSettings.PASSWORD + "=")))
                .isInstanceOf(ConfigException.class).message().doesNotContain(wrong);
    }

    @Test
    void aMalformedUrlOrAnUnknownDatabaseFailsNamingTheUrlVariableWithoutEchoingIt() {
        for (String bad : List.of("postgres://u:pw-in-url@db/x", "jdbc:mysql://db/x?password=pw-in-url",
                "jdbc:postgresql://db:notaport/x?password=pw-in-url")) {
            assertThatThrownBy(() -> Calls.service(Calls.config(dir, bad, "h")))
                    .isInstanceOfSatisfying(ConfigException.class, e -> {
                        assertThat(e.variable()).isEqualTo(PostgresLedgerSettings.URL);
                        assertThat(e.getMessage()).contains(PostgresLedgerSettings.URL).doesNotContain("pw-in-url");
                    });
        }
        String missing = pg.url("no_such_db");
        assertThatThrownBy(() -> Calls.service(Calls.config(dir, missing, "h")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.variable()).isEqualTo(PostgresLedgerSettings.URL));
    }

    @Test
    void anUnreachableDatabaseAtStartDoesNotStopTheServiceOrItsCalls() throws Exception {
        String nobody = "jdbc:postgresql://127.0.0.1:" + freePort() + "/x";
        try (LlmService llm = Calls.service(Calls.config(dir, nobody, "h", PostgresLedgerSettings.CONNECT_TIMEOUT_MS + "=500"))) {
            for (int i = 0; i < 5; i++) {
                assertThat(Calls.call(llm, "e", i * 11 + 1).success()).isTrue();
            }
        }
        assertThat(local(dir)).hasSize(5);
    }

    @Test
    void settingsNeverShowThePassword() {
        PostgresLedgerSettings s = PostgresLedgerSettings.of("jdbc:postgresql://db.internal:6543/llm?password=urlpw&ssl=true",
                "u", "varpw", "h1");
        assertThat(s.name()).isEqualTo("postgresql://db.internal:6543/llm");
        assertThat(s.toString()).doesNotContain("urlpw").doesNotContain("varpw").contains("db.internal");
        try (LedgerDatabase db = new LedgerDatabase(s)) {
            assertThat(db.scrub("failed for varpw and urlpw")).isEqualTo("failed for *** and ***");
            assertThat(db.toString()).doesNotContain("pw");
        }
    }

    private static String daily(Statement s) throws java.sql.SQLException {
        try (ResultSet rs = s.executeQuery("SELECT sum(records), sum(successful), sum(cache_hits), sum(input_tokens),"
                + " sum(output_tokens), sum(cost), sum(unknown_cost) FROM q2o_llm_usage_daily")) {
            rs.next();
            return row(rs);
        }
    }

    private static String raw(Statement s) throws java.sql.SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE outcome = 'success'),"
                + " count(*) FILTER (WHERE cache_hit),"
                + " sum(input_tokens) FILTER (WHERE outcome = 'success' AND NOT cache_hit),"
                + " sum(output_tokens) FILTER (WHERE outcome = 'success' AND NOT cache_hit), sum(coalesce(cost, 0)),"
                + " count(*) FILTER (WHERE outcome = 'success' AND NOT cache_hit AND cost IS NULL) FROM q2o_llm_usage")) {
            rs.next();
            return row(rs);
        }
    }

    private static String row(ResultSet rs) throws java.sql.SQLException {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 7; i++) {
            b.append(i == 6 ? rs.getBigDecimal(i).stripTrailingZeros().toPlainString() : Long.toString(rs.getLong(i))).append(' ');
        }
        return b.toString();
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
