package io.q2o.llm.spi;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmListener;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Plugs a shipper into every {@code LlmService} that keeps a usage ledger
 * ({@code Q2O_LLM_USAGE_DIR}): it copies the ledger's records to a shared store (for example
 * PostgreSQL with {@code Q2O_LLM_LEDGER_JDBC_URL}) so that many hosts report one bill. The local
 * ledger stays the write-ahead buffer: the shipper reads it, so a record is written before the
 * call returns and shipped later, whatever the shared store's health. Discovered with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.q2o.llm.spi.LedgerShipperProvider});
 * every provider that returns a shipper is used.
 */
public interface LedgerShipperProvider {

    /**
     * @param config    the service's configuration
     * @param ledgerDir the usage ledger folder the service appends to
     * @param clock     the service's clock
     * @return a running shipper, or empty if the configuration does not enable this provider
     * @throws io.q2o.llm.ConfigException naming the variable if its configuration is malformed or rejected
     */
    Optional<LedgerShipper> create(LlmConfig config, Path ledgerDir, Clock clock);

    /**
     * A running shipper. As a listener it is called after the ledger has stored each call; it must
     * return at once (never wait on its store) and never throw. The service closes it when it closes.
     */
    interface LedgerShipper extends LlmListener, AutoCloseable {

        /** @return a short description for logs, without credentials */
        String name();

        /** Stops shipping; what was not shipped yet is shipped by the next shipper on this folder. */
        @Override
        void close();
    }
}
