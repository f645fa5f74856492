package io.q2o.llm.postgres;

import io.q2o.llm.LlmService;
import io.q2o.llm.usage.LedgerReader;
import io.q2o.llm.usage.UsageRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A database created and filled by the build before {@code tool_calls} (schema version 1 only) is
 * upgraded in place by this build: its rows stay and read as answers that called no tools, new rows
 * carry their tool names, and the call id still keeps every record once.
 */
class SchemaUpgradeTest {
    /** The insert of the build that knew schema version 1: no tool_calls column. */
    private static final String VERSION_1_INSERT = "INSERT INTO q2o_llm_usage (id, host, start_at, start_extra_nanos,"
            + " duration_ms, provider, model, input_tokens, output_tokens, cached_input_tokens, cache_write_input_tokens,"
            + " reasoning_tokens, input_cost, output_cost, cost, agent, task, project, cache_hit, simulated, counted,"
            + " outcome, error_kind, attempts, zone, day) VALUES"
            + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
    private static final String HOST = "host-u";
    private static PgCluster pg;

    @TempDir
    Path dir;
    /** This test's own database. */
    private String url;

    @BeforeAll
    static void cluster() throws Exception {
        pg = PgCluster.shared();
    }

    @Test
    void aVersion1DatabaseIsUpgradedInPlaceOldRowsReadAsNoToolCallsNewRowsCarryThem() throws Exception {
        url = pg.newDatabase();
        // the previous build's ledger lines (no tool_calls field) shipped by the previous build
        try (LlmService llm = Calls.service(Calls.config(dir, null, null))) {
            for (int i : new int[] {0, 1, 3, 4, 5, 6}) {
                Calls.call(llm, "u", i);
            }
        }
        Path file = ledgerFile();
        String lines = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(lines).contains(",\"tool_calls\":[]");
        Files.writeString(file, lines.replace(",\"tool_calls\":[]", ""), StandardCharsets.UTF_8);
        List<UsageRecord> old = local();
        assertThat(old).hasSize(6).allMatch(r -> r.toolCalls().isEmpty());
        try (Connection c = connect()) {
            SchemaMigrator.migrate(c, 1);
            assertThat(versions(c)).containsExactly(1);
            assertThat(toolCallsColumn(c)).isNull();
            for (UsageRecord r : old) {
                insertAsVersion1(c, r);
            }
        }

        // this build starts on that database, then its answers call tools
        try (LlmService llm = Calls.service(Calls.config(dir, url, HOST))) {
            for (int i = 7; i < 20; i++) {
                Calls.call(llm, "u", i);
            }
        } // close makes the shipper's last pass (from the file's start: the old rows' ids are skipped)
        List<UsageRecord> all = local();
        assertThat(all).hasSize(19).extracting(UsageRecord::toolCalls).contains(Calls.TOOLS, List.of());
        Set<String> oldIds = old.stream().map(UsageRecord::id).collect(Collectors.toSet());

        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThat(versions(c)).containsExactly(1, 2);
            assertThat(toolCallsColumn(c)).isEqualTo("ARRAY NO '{}'::text[]");
            try (ResultSet rs = s.executeQuery("SELECT id, tool_calls = '{}' FROM q2o_llm_usage")) {
                int oldRows = 0;
                while (rs.next()) {
                    if (oldIds.contains(rs.getString(1))) {
                        oldRows++;
                        assertThat(rs.getBoolean(2)).as("old row %s", rs.getString(1)).isTrue();
                    }
                }
                assertThat(oldRows).isEqualTo(old.size());
            }
        }
        try (LedgerDatabase db = db(url)) {
            List<ShippedRecord> rows = shipped(db);
            assertThat(rows).extracting(ShippedRecord::host).containsOnly(HOST);
            assertThat(rows).extracting(ShippedRecord::record).containsExactlyInAnyOrderElementsOf(all);
            assertThat(rows).extracting(ShippedRecord::record).filteredOn(r -> oldIds.contains(r.id()))
                    .containsExactlyInAnyOrderElementsOf(old).allMatch(r -> r.toolCalls().isEmpty());
            assertThat(rows).extracting(ShippedRecord::record).filteredOn(r -> !oldIds.contains(r.id()))
                    .extracting(UsageRecord::toolCalls).contains(Calls.TOOLS, List.of());

            // idempotent on the call id across the upgrade: offsets lost, everything shipped again, nothing added
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM q2o_llm_ledger_offsets");
            }
            assertThat(PostgresLedgerShipper.manual(db, dir).shipNow()).isEqualTo(all.size());
            assertThat(new PostgresUsageReader(db).count()).isEqualTo(all.size());
            assertThat(shipped(db)).extracting(ShippedRecord::record).containsExactlyInAnyOrderElementsOf(all);
            try (Connection c = connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT sum(records) FROM q2o_llm_usage_daily")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(all.size()); // the totals count every call once
            }
        }
        try (Connection c = connect()) {
            SchemaMigrator.migrate(c); // a second start applies nothing again
            assertThat(versions(c)).containsExactly(1, 2);
        }
    }

    @Test
    void aVersionOutsideTheKnownScriptsIsRefusedNamingIt() throws Exception {
        url = pg.newDatabase();
        try (Connection c = connect()) {
            assertThatThrownBy(() -> SchemaMigrator.migrate(c, SchemaMigrator.SCRIPTS.size() + 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema version 3");
        }
    }

    private Path ledgerFile() throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
    }

    private List<UsageRecord> local() {
        return new LedgerReader(dir, ZoneOffset.UTC).records(LocalDate.of(2000, 1, 1), LocalDate.now(ZoneOffset.UTC).plusDays(1));
    }

    private static LedgerDatabase db(String url) {
        return new LedgerDatabase(PostgresLedgerSettings.of(url, PgCluster.USER, PgCluster.PASSWORD, HOST));
    }

    private static List<ShippedRecord> shipped(LedgerDatabase db) {
        return new PostgresUsageReader(db).records(Instant.EPOCH, Instant.parse("3000-01-01T00:00:00Z"));
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, PgCluster.USER, PgCluster.PASSWORD);
    }

    private static List<Integer> versions(Connection c) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM q2o_llm_schema_version ORDER BY version")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    /** @return the column's "data_type is_nullable column_default", or null if it does not exist */
    private static String toolCallsColumn(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT data_type, is_nullable, column_default FROM information_schema.columns"
                     + " WHERE table_name = 'q2o_llm_usage' AND column_name = 'tool_calls'")) {
            return rs.next() ? rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) : null;
        }
    }

    /** Inserts a record as the build that knew schema version 1 did (zone UTC). */
    private static void insertAsVersion1(Connection c, UsageRecord r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(VERSION_1_INSERT)) {
            Instant start = r.start();
            int i = 1;
            ps.setString(i++, r.id());
            ps.setString(i++, HOST);
            ps.setObject(i++, start.minusNanos(start.getNano() % 1000).atOffset(ZoneOffset.UTC));
            ps.setInt(i++, start.getNano() % 1000);
            ps.setLong(i++, r.durationMs());
            ps.setString(i++, r.provider());
            ps.setString(i++, r.model());
            ps.setLong(i++, r.inputTokens());
            ps.setLong(i++, r.outputTokens());
            ps.setLong(i++, r.cachedInputTokens());
            ps.setLong(i++, r.cacheWriteInputTokens());
            ps.setLong(i++, r.reasoningTokens());
            ps.setObject(i++, r.inputCost(), Types.NUMERIC);
            ps.setObject(i++, r.outputCost(), Types.NUMERIC);
            ps.setObject(i++, r.cost(), Types.NUMERIC);
            ps.setString(i++, r.agent());
            ps.setString(i++, r.task());
            ps.setString(i++, r.project());
            ps.setBoolean(i++, r.cacheHit());
            ps.setBoolean(i++, r.simulated());
            ps.setBoolean(i++, r.counted());
            ps.setString(i++, r.outcome());
            ps.setString(i++, r.errorKind());
            ps.setInt(i++, r.attempts());
            ps.setString(i++, "UTC");
            ps.setObject(i, LocalDate.ofInstant(start, ZoneOffset.UTC));
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}
