package io.q2o.llm.internal.call;

import io.q2o.llm.CostAlert;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.internal.Listeners;
import io.q2o.llm.internal.Periods;
import io.q2o.llm.spi.UsageCounterStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Books the call's actual cost: replaces the budget reservation (if any) by the exact cost the
 * fallback loop priced (under a budget, the reserved worst case when the answering model has no
 * price), adds it to the day's and month's counters, and raises the daily cost alert
 * ({@code Q2O_LLM_COST_ALERT}) on the call whose cost carries the day across the threshold — once
 * per day, even after a restart. A counter store that fails is logged; the answer still returns.
 */
final class AccountingStep implements CallStep {
    private static final Logger log = LoggerFactory.getLogger("io.q2o.llm.LlmService");

    private final LlmConfig config;
    private final UsageCounterStore store;
    private final Periods periods;
    private final Listeners listeners;
    private final Set<String> alertedDays = ConcurrentHashMap.newKeySet();
    private final Set<String> unpricedUnderBudget = ConcurrentHashMap.newKeySet();

    AccountingStep(LlmConfig config, UsageCounterStore store, Periods periods, Listeners listeners) {
        this.config = config;
        this.store = store;
        this.periods = periods;
        this.listeners = listeners;
    }

    @Override
    public LlmResponse handle(Call call, Next next) {
        LlmResponse r = next.proceed(call);
        BigDecimal actual = r.success() && r.usage() != null ? r.usage().totalCost().orElse(BigDecimal.ZERO)
                : BigDecimal.ZERO;
        Reservation reservation = call.reservation();
        if (reservation != null && r.success() && r.usage() != null && r.usage().totalCost().isEmpty()) {
            // the answering model has no price: a budget counts the worst case it reserved, never $0
            actual = reservation.amount();
            if (unpricedUnderBudget.add(r.usage().model())) {
                log.warn("Model '{}' has no price: under the hard budget each of its calls counts the worst case "
                        + "reserved for it (${} for call {}); add its price to config/llm_config.json",
                        r.usage().model(), actual.toPlainString(), call.id());
            }
        }
        if (reservation == null && actual.signum() == 0) {
            return r;
        }
        List<String> keys = List.of(periods.dayKey(), periods.monthKey());
        try {
            List<BigDecimal> committed = reservation != null ? reservation.settle(store, actual)
                    : store.commit(keys, BigDecimal.ZERO, actual);
            if (reservation != null && actual.compareTo(reservation.amount()) > 0) {
                log.warn("LLM call {} cost ${}, more than the ${} reserved for it: the provider billed more input "
                        + "tokens than the bound (raise Q2O_LLM_BUDGET_TOKENS_PER_BYTE)", call.id(),
                        actual.toPlainString(), reservation.amount().toPlainString());
            }
            if (actual.signum() > 0) {
                checkAlert(keys.get(0), committed.get(0).subtract(actual), committed.get(0));
            }
        } catch (RuntimeException e) {
            log.warn("The usage counter store failed to record ${} for {}: {}", actual.toPlainString(), keys, e.toString());
        }
        return r;
    }

    private void checkAlert(String dayKey, BigDecimal before, BigDecimal dayCost) {
        BigDecimal threshold = config.costAlert();
        if (threshold.signum() <= 0 || dayCost.compareTo(threshold) < 0 || before.compareTo(threshold) >= 0
                || !alertedDays.add(dayKey)) {
            return;
        }
        CostAlert alert = new CostAlert(periods.today(), threshold, dayCost);
        log.warn("Daily LLM cost ${} has crossed the alert threshold ${} (Q2O_LLM_COST_ALERT) on {}",
                dayCost.toPlainString(), threshold.toPlainString(), alert.day());
        listeners.costAlert(alert);
    }
}
