package io.q2o.llm.spi;

import java.math.BigDecimal;
import java.util.List;

/**
 * Counters behind the daily call limit, the cost alert and the hard budgets, keyed by period
 * (for example {@code "day:2026-11-28"} or {@code "month:2026-11"}). The default store is in
 * memory; a persistent or shared (Redis) store can be plugged in on {@code LlmService.builder()}.
 *
 * <p>Implementations must be thread-safe and every method atomic with respect to the others.
 */
public interface UsageCounterStore {

    /**
     * Counts one call in {@code period} if that keeps the count at or below {@code limit}.
     *
     * @param period the period key
     * @param limit  the maximum count, or a value &le; 0 for no limit
     * @return whether the call was counted (false: the limit is reached)
     */
    boolean tryCountCall(String period, long limit);

    /**
     * Takes back one call counted by {@link #tryCountCall} that never reached a provider (every
     * candidate was skipped), so that the limit counts only calls sent. The default does nothing;
     * stores should implement it (never going below zero).
     *
     * @param period the period key
     */
    default void releaseCall(String period) {
    }

    /**
     * @param period the period key
     * @return calls counted in the period
     */
    long calls(String period);

    /**
     * Reserves {@code amount} in every period at once, if for each period
     * committed + reserved + amount stays at or below its limit; otherwise reserves nothing.
     *
     * @param periods the period keys
     * @param limits  the limit of each period (same order); {@code null} means no limit
     * @param amount  the worst-case cost to reserve, &ge; 0
     * @return whether the reservation was made
     */
    boolean tryReserve(List<String> periods, List<BigDecimal> limits, BigDecimal amount);

    /**
     * Releases a reservation made by {@link #tryReserve} and adds the actual cost.
     *
     * @param periods  the period keys
     * @param reserved the amount reserved before (zero if nothing was reserved)
     * @param actual   the actual cost, &ge; 0
     * @return the committed cost of each period after the update, in the order given
     */
    List<BigDecimal> commit(List<String> periods, BigDecimal reserved, BigDecimal actual);

    /**
     * @param period the period key
     * @return the committed cost of the period (reservations excluded)
     */
    BigDecimal cost(String period);

    /**
     * Whether the counters are shared with other processes or survive restarts by themselves
     * (for example a Redis store). When {@code false} (the default), the service restores today's
     * and this month's counters from its usage ledger at start with {@link #seed}.
     *
     * @return whether the store keeps its own counters across restarts
     */
    default boolean durable() {
        return false;
    }

    /**
     * Adds restored figures to a period (used at start-up from the usage ledger).
     *
     * @param period the period key
     * @param calls  calls to add
     * @param cost   committed cost to add
     */
    void seed(String period, long calls, BigDecimal cost);
}
