package io.q2o.llm.internal.call;

import io.q2o.llm.spi.UsageCounterStore;

import java.math.BigDecimal;
import java.util.List;

/**
 * A budget reservation held by one call until its actual cost replaces it. Confined to the call's thread.
 */
final class Reservation {
    private final List<String> keys;
    private final BigDecimal amount;
    private boolean settled;

    Reservation(List<String> keys, BigDecimal amount) {
        this.keys = keys;
        this.amount = amount;
    }

    /** @return the amount reserved */
    BigDecimal amount() {
        return amount;
    }

    /** @return whether the reservation was replaced by the actual cost already */
    boolean settled() {
        return settled;
    }

    /**
     * Releases the reservation and adds the actual cost.
     *
     * @param store  the counter store
     * @param actual the actual cost, &ge; 0
     * @return the committed cost of each period after the update
     */
    List<BigDecimal> settle(UsageCounterStore store, BigDecimal actual) {
        settled = true;
        return store.commit(keys, amount, actual);
    }
}
