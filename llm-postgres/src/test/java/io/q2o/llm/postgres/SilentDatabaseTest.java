package io.q2o.llm.postgres;

import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.usage.LedgerReader;
import io.q2o.llm.usage.UsageRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A database that accepts connections and then never answers (a hung server, a black-holing
 * proxy): the worst case for "a call never waits on the database". Building the service is bounded
 * by {@code Q2O_LLM_LEDGER_CONNECT_TIMEOUT_MS} (500 ms here), calls do no database I/O, and closing
 * is bounded too; every call is in the local ledger. The limits tell a wait on the database from a
 * slow machine: 30 calls that each waited for a connection would take at least 15 s (CALLS), a
 * build or close that waited on the socket would take 60 s (START_STOP, which leaves room for the
 * pool's own 10 s shutdown wait); without a wait the whole test takes about 3 s. Needs no PostgreSQL.
 */
class SilentDatabaseTest {
    private static final Duration CALLS = Duration.ofSeconds(10);
    private static final Duration START_STOP = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private ServerSocket silent;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private Thread acceptor;

    @BeforeEach
    void startSilentServer() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    accepted.add(silent.accept()); // read nothing, write nothing
                } catch (IOException closed) {
                    return;
                }
            }
        }, "silent-database");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stopSilentServer() throws Exception {
        silent.close();
        for (Socket s : accepted) {
            s.close();
        }
        acceptor.join(5_000);
    }

    @Test
    void aDatabaseThatNeverAnswersDelaysNeitherTheBuildNorTheCallsNorTheClose() {
        String url = "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/llm";
        LlmService llm = assertTimeoutPreemptively(START_STOP, () -> Calls.service(Calls.config(dir, url, "hs",
                PostgresLedgerSettings.CONNECT_TIMEOUT_MS + "=500", PostgresLedgerSettings.INTERVAL_MS + "=20")),
                "building the service waited on the database");
        try {
            int answered = assertTimeoutPreemptively(CALLS, () -> {
                int n = 0;
                for (int i = 0; i < 30; i++) {
                    LlmResponse r = Calls.call(llm, "silent", i);
                    n += r.success() || r.error() != null ? 1 : 0;
                }
                return n;
            }, "a call waited on the database");
            assertThat(answered).isEqualTo(30);
            assertThat(accepted).as("the shipper did try the database").isNotEmpty();
        } finally {
            assertTimeoutPreemptively(START_STOP, llm::close, "closing waited on the database beyond its bound");
        }
        List<UsageRecord> local = new LedgerReader(dir, ZoneOffset.UTC)
                .records(LocalDate.of(2000, 1, 1), LocalDate.now(ZoneOffset.UTC).plusDays(1));
        assertThat(local).hasSize(30);
    }
}
