package io.q2o.llm.postgres;

import io.q2o.llm.LlmService;
import io.q2o.llm.usage.LedgerReader;
import io.q2o.llm.usage.UsageRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A database that takes the login but then does not answer the service's start-up queries (here:
 * another session holds the schema table locked, as a long maintenance job would; a stalled server
 * looks the same): building the service still returns within the connection bound, its calls are
 * recorded locally, and the shipper thread migrates and ships once the database answers again.
 */
class BlockedStartTest {
    private static PgCluster pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void cluster() throws Exception {
        pg = PgCluster.shared();
    }

    @Test
    void aStartUpQueryThatHangsDoesNotHoldTheServiceBuild() throws Exception {
        String url = pg.newDatabase();
        try (LedgerDatabase db = new LedgerDatabase(PostgresLedgerSettings.of(url, PgCluster.USER, PgCluster.PASSWORD, "r"))) {
            db.check(); // the schema exists, as on any start after the first
            LlmService llm;
            try (Connection blocker = DriverManager.getConnection(url, PgCluster.USER, PgCluster.PASSWORD)) {
                blocker.setAutoCommit(false);
                try (Statement s = blocker.createStatement()) {
                    s.execute("LOCK TABLE q2o_llm_schema_version IN ACCESS EXCLUSIVE MODE");
                }
                // with CONNECT_TIMEOUT_MS=500 the build may take about a second; waiting on the query
                // would take the 60 s socket timeout
                llm = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Calls.service(Calls.config(dir, url, "hb",
                        PostgresLedgerSettings.CONNECT_TIMEOUT_MS + "=500", PostgresLedgerSettings.INTERVAL_MS + "=20",
                        PostgresLedgerSettings.RETRY_MAX_MS + "=200")), "the service build waited on the database");
                for (int i = 0; i < 6; i++) {
                    Calls.call(llm, "blocked", i);
                }
                blocker.rollback(); // the database answers again
            }
            try (llm) {
                PostgresUsageReader reader = new PostgresUsageReader(db);
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(reader::count, n -> n == 6);
                List<UsageRecord> local = new LedgerReader(dir, ZoneOffset.UTC)
                        .records(LocalDate.of(2000, 1, 1), LocalDate.now(ZoneOffset.UTC).plusDays(1));
                assertThat(local).hasSize(6);
                assertThat(reader.records(Instant.EPOCH, Instant.parse("3000-01-01T00:00:00Z")))
                        .extracting(ShippedRecord::record).containsExactlyInAnyOrderElementsOf(local);
            }
        }
    }
}
