package io.q2o.llm.postgres;

import io.q2o.llm.usage.LedgerReader;
import io.q2o.llm.usage.UsageRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Separate JVMs writing at once, and one killed with SIGKILL mid-run: the shared ledger ends up
 * holding exactly the records of the local ledgers — none lost, none twice.
 */
class MultiProcessTest {
    private static final String[] FAST = {PostgresLedgerSettings.BATCH + "=7", PostgresLedgerSettings.INTERVAL_MS + "=10",
            PostgresLedgerSettings.RETRY_MAX_MS + "=100"};
    private static PgCluster pg;

    @TempDir
    Path tmp;

    @BeforeAll
    static void cluster() throws Exception {
        pg = PgCluster.shared();
    }

    private static Process child(Path dir, String url, String host, int calls, String tag) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), WriterChild.class.getName(), dir.toString(), url, host,
                Integer.toString(calls), tag));
        cmd.addAll(List.of(FAST));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static List<UsageRecord> local(Path dir) {
        return new LedgerReader(dir, ZoneOffset.UTC).records(LocalDate.of(2000, 1, 1), LocalDate.now(ZoneOffset.UTC).plusDays(1));
    }

    private static Map<String, List<UsageRecord>> shippedByHost(String url) {
        try (LedgerDatabase db = new LedgerDatabase(PostgresLedgerSettings.of(url, PgCluster.USER, PgCluster.PASSWORD, "reader"))) {
            return new PostgresUsageReader(db).records(Instant.EPOCH, Instant.parse("3000-01-01T00:00:00Z")).stream()
                    .collect(Collectors.groupingBy(ShippedRecord::host,
                            Collectors.mapping(ShippedRecord::record, Collectors.toList())));
        }
    }

    @Test
    void fourJvmsWritingAtOnceShipEveryRecordExactlyOnce() throws Exception {
        String url = pg.newDatabase();
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Path own2 = Files.createDirectories(tmp.resolve("own2"));
        Path own3 = Files.createDirectories(tmp.resolve("own3"));
        int calls = 120;
        List<Process> children = List.of(child(shared, url, "h1", calls, "p1"), child(shared, url, "h1", calls, "p2"),
                child(own2, url, "h2", calls, "p3"), child(own3, url, "h3", calls, "p4"));
        for (Process p : children) {
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        Map<String, List<UsageRecord>> db = shippedByHost(url);
        assertThat(local(shared)).hasSize(2 * calls);
        assertThat(db.get("h1")).containsExactlyInAnyOrderElementsOf(local(shared));
        assertThat(db.get("h2")).containsExactlyInAnyOrderElementsOf(local(own2));
        assertThat(db.get("h3")).containsExactlyInAnyOrderElementsOf(local(own3));
        assertThat(db.values().stream().mapToInt(List::size).sum()).isEqualTo(4 * calls);
        assertOffsetsAtEndOfFiles(url, "h1", shared);
    }

    @Test
    void aWriterKilledMidRunThenRestartedLosesAndDuplicatesNothing() throws Exception {
        String url = pg.newDatabase();
        Path dir = Files.createDirectories(tmp.resolve("killed"));
        Process victim = child(dir, url, "hk", 1_000_000, "k1");
        BufferedReader out = new BufferedReader(new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8));
        String line;
        int called = 0;
        while ((line = out.readLine()) != null && called < 300) {
            if (line.startsWith("CALLED ")) {
                called = Integer.parseInt(line.substring(7));
            }
        }
        victim.destroyForcibly(); // SIGKILL: no close, no last pass
        assertThat(victim.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(called).isGreaterThanOrEqualTo(300);
        int before = local(dir).size();
        assertThat(before).isGreaterThanOrEqualTo(300);

        Process restart = child(dir, url, "hk", 40, "k2");
        restart.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(restart.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(restart.exitValue()).isZero();

        List<UsageRecord> local = local(dir);
        assertThat(local).hasSize(before + 40);
        assertThat(shippedByHost(url).get("hk")).containsExactlyInAnyOrderElementsOf(local);
        assertOffsetsAtEndOfFiles(url, "hk", dir);
    }

    private static void assertOffsetsAtEndOfFiles(String url, String host, Path dir) throws Exception {
        Map<String, Long> offsets = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, PgCluster.USER, PgCluster.PASSWORD);
             PreparedStatement q = c.prepareStatement("SELECT source, shipped_bytes FROM q2o_llm_ledger_offsets WHERE host = ?")) {
            q.setString(1, host);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    offsets.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).toList()) {
                assertThat(offsets).containsEntry(f.toAbsolutePath().normalize().toString(), Files.size(f));
            }
        }
    }
}
