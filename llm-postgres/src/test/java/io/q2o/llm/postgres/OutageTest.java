package io.q2o.llm.postgres;

import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.usage.LedgerReader;
import io.q2o.llm.usage.UsageRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The database stops in the middle of a run: calls go on (recorded locally), and the records
 * arrive once it is back, shipped by the service's own thread without any help.
 */
class OutageTest {
    private static PgCluster pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void cluster() throws Exception {
        pg = PgCluster.start(); // its own cluster: this test stops it
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    private static List<UsageRecord> local(Path dir) {
        return new LedgerReader(dir, ZoneOffset.UTC).records(LocalDate.of(2000, 1, 1), LocalDate.now(ZoneOffset.UTC).plusDays(1));
    }

    @Test
    void callsGoOnWhileTheDatabaseIsDownAndTheirRecordsArriveWhenItReturns() throws Exception {
        String url = pg.newDatabase();
        try (LedgerDatabase db = new LedgerDatabase(PostgresLedgerSettings.of(url, PgCluster.USER, PgCluster.PASSWORD, "r"));
             LlmService llm = Calls.service(Calls.config(dir, url, "ho", PostgresLedgerSettings.INTERVAL_MS + "=20",
                     PostgresLedgerSettings.RETRY_MAX_MS + "=200", PostgresLedgerSettings.CONNECT_TIMEOUT_MS + "=500"))) {
            PostgresUsageReader reader = new PostgresUsageReader(db);
            for (int i = 0; i < 10; i++) {
                Calls.call(llm, "before", i);
            }
            await().atMost(Duration.ofSeconds(60)).until(reader::count, n -> n == 10);

            pg.stopServer();
            assertThatThrownBy(reader::count).isInstanceOf(LedgerUnavailableException.class)
                    .hasMessageContaining("postgresql://127.0.0.1:" + pg.port()).hasMessageNotContaining(PgCluster.PASSWORD);
            int answered = 0;
            for (int i = 0; i < 15; i++) {
                LlmResponse r = Calls.call(llm, "during", i);
                answered += r.success() || r.error() != null ? 1 : 0;
            }
            assertThat(answered).isEqualTo(15);
            assertThat(local(dir)).hasSize(25);

            pg.startServer();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(reader::count, n -> n == 25);
            assertThat(reader.records(Instant.EPOCH, Instant.parse("3000-01-01T00:00:00Z")))
                    .extracting(ShippedRecord::record).containsExactlyInAnyOrderElementsOf(local(dir));
        }
    }
}
