package io.q2o.llm.postgres;

/**
 * The usage ledger database cannot be reached or failed (connection refused, timeout, shutdown).
 * The shipper retries by itself; the records wait in the local ledger. Messages never hold credentials.
 */
public class LedgerUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the database without credentials
     */
    public LedgerUnavailableException(String message) {
        super(message);
    }
}
