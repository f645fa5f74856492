package io.q2o.llm.postgres;

import io.q2o.llm.ConfigException;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.spi.LedgerShipperProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Ships every {@code LlmService}'s usage ledger to PostgreSQL when {@code Q2O_LLM_LEDGER_JDBC_URL}
 * is set (see {@link PostgresLedgerSettings} for the variables, {@link PostgresLedgerShipper} for
 * the guarantees). Found with {@link java.util.ServiceLoader}.
 *
 * <p>At start it connects once and migrates the schema, each step bounded by
 * {@code Q2O_LLM_LEDGER_CONNECT_TIMEOUT_MS} (default 5 s; see {@link LedgerDatabase#check()}): a rejected login or an unknown database fails the service build with a
 * {@link ConfigException} naming the variable; an unreachable database only logs a warning — the
 * service starts, its calls are recorded locally and shipped once the database answers.
 */
public final class PostgresLedgerShipperProvider implements LedgerShipperProvider {
    private static final Logger log = LoggerFactory.getLogger(PostgresLedgerShipperProvider.class);

    /** For ServiceLoader. */
    public PostgresLedgerShipperProvider() {
    }

    @Override
    public Optional<LedgerShipper> create(LlmConfig config, Path ledgerDir, Clock clock) {
        Optional<PostgresLedgerSettings> settings = PostgresLedgerSettings.fromConfig(config);
        if (settings.isEmpty()) {
            return Optional.empty();
        }
        LedgerDatabase db = new LedgerDatabase(settings.get());
        try {
            db.check();
        } catch (LedgerUnavailableException e) {
            log.warn("The usage ledger database is unreachable at start; calls are recorded in {} and shipped when it"
                    + " answers: {}", ledgerDir, e.getMessage());
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return Optional.of(PostgresLedgerShipper.start(db, true, ledgerDir));
    }
}
