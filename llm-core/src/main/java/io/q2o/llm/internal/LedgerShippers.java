package io.q2o.llm.internal;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmListener;
import io.q2o.llm.spi.LedgerShipperProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The shippers of a service's usage ledger ({@link LedgerShipperProvider}, e.g. llm-postgres),
 * discovered with {@link ServiceLoader}: each listens after the ledger has stored a call and is
 * closed with the service. Not thread-safe; used while building and closing the service.
 */
public final class LedgerShippers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("io.q2o.llm.LlmService");

    private final List<LedgerShipperProvider.LedgerShipper> shippers = new ArrayList<>();

    /**
     * Starts every discovered shipper of the ledger in {@code dir} and adds it to {@code listeners}.
     *
     * @param config    the configuration
     * @param dir       the ledger folder
     * @param clock     the service's clock
     * @param loader    where to discover providers
     * @param listeners the service's listeners, to which each shipper is added
     * @throws RuntimeException what a shipper throws while starting; those started are closed first
     */
    public void start(LlmConfig config, Path dir, Clock clock, ClassLoader loader, List<LlmListener> listeners) {
        try {
            for (LedgerShipperProvider sp : ServiceLoader.load(LedgerShipperProvider.class, loader)) {
                Optional<LedgerShipperProvider.LedgerShipper> s = sp.create(config, dir, clock);
                if (s.isPresent()) {
                    shippers.add(s.get());
                    listeners.add(s.get());
                    log.info("Shipping the usage ledger {} to {}", dir, s.get().name());
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Closes every shipper; a failure is logged. */
    @Override
    public void close() {
        for (LedgerShipperProvider.LedgerShipper s : shippers) {
            try {
                s.close();
            } catch (RuntimeException e) {
                log.warn("Closing the ledger shipper {} failed: {}", s.name(), e.toString());
            }
        }
    }
}
