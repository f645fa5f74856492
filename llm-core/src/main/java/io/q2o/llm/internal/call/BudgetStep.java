package io.q2o.llm.internal.call;

import io.q2o.llm.Attempt;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmError;
import io.q2o.llm.LlmListener;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.ModelPrice;
import io.q2o.llm.PriceTable;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.internal.InputBound;
import io.q2o.llm.internal.Listeners;
import io.q2o.llm.internal.Periods;
import io.q2o.llm.internal.Redactor;
import io.q2o.llm.spi.UsageCounterStore;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Hard budgets ({@code Q2O_LLM_DAILY_COST_LIMIT}, {@code Q2O_LLM_MONTHLY_BUDGET}).
 *
 * <p>Before the call, reserves the call's worst-case cost in the counter store, atomically for
 * the day and the month: {@link InputBound} input tokens (an upper bound, not an estimate) plus
 * the output limit, at the dearest candidate's prices. If that does not fit in what remains, the
 * call's output limit is lowered to what fits (never below {@code Q2O_LLM_BUDGET_MIN_OUTPUT_TOKENS})
 * rather than refused; only when even that floor does not fit is the call refused with
 * {@link ErrorKind#BUDGET_EXCEEDED}. A request's own cost cap ({@code LlmRequest.maxCost}) is
 * applied first, the same way but in memory (it holds for this call alone, nothing is shared).
 * Candidates without a price are skipped (their cost could not be bounded); a model the request
 * pins that has no price refuses the call with {@code price-unknown} instead, unless
 * {@code Q2O_LLM_PINNED_MODEL_FALLBACK=true}. {@link AccountingStep} replaces the reservation by
 * the actual cost; if the call ends before that (refused further down), the reservation is
 * released here.
 */
final class BudgetStep implements CallStep {
    private final LlmConfig config;
    private final UsageCounterStore store;
    private final PriceTable prices;
    private final Periods periods;
    private final Listeners listeners;
    private final Redactor redactor;
    private final InputBound bound;
    private final int floor;
    private final boolean pinnedModelFallback;

    BudgetStep(LlmConfig config, UsageCounterStore store, Periods periods, Listeners listeners, Redactor redactor,
               InputBound bound, int floor, boolean pinnedModelFallback) {
        this.config = config;
        this.store = store;
        this.prices = config.prices();
        this.periods = periods;
        this.listeners = listeners;
        this.redactor = redactor;
        this.bound = bound;
        this.floor = floor;
        this.pinnedModelFallback = pinnedModelFallback;
    }

    @Override
    public LlmResponse handle(Call call, Next next) {
        boolean budgets = config.dailyCostLimit().isPresent() || config.monthlyBudget().isPresent();
        BigDecimal cap = call.request().maxCost();
        if ((!budgets && cap == null) || call.plan().candidates().isEmpty()) {
            return next.proceed(call);
        }
        List<Candidate> priced = new ArrayList<>();
        List<ModelPrice> priceList = new ArrayList<>();
        for (Candidate c : call.plan().candidates()) {
            Optional<ModelPrice> price = prices.find(c.model());
            if (price.isEmpty()) {
                call.attempt(new Attempt(c.provider(), c.model(), Attempt.Outcome.SKIPPED_PRICE_UNKNOWN, null,
                        "no price for this model in the price table; a hard budget cannot be enforced", Duration.ZERO));
                continue;
            }
            priced.add(c);
            priceList.add(price.get());
        }
        Candidate first = call.plan().candidates().get(0);
        if (!FallbackLoop.pinnedFallback(call, pinnedModelFallback) && FallbackLoop.isPinned(first, call) && prices.find(first.model()).isEmpty()) {
            return LlmResponse.failure(new LlmError(ErrorKind.BUDGET_EXCEEDED, "price-unknown", "the request pins "
                    + first.provider() + "/" + first.model() + ", which has no price in the price table, so the hard "
                    + "budget cannot be enforced; add its price to config/llm_config.json, or set "
                    + "Q2O_LLM_PINNED_MODEL_FALLBACK=true to let other models answer", null), call.attempts());
        }
        if (priced.isEmpty()) {
            return LlmResponse.failure(new LlmError(ErrorKind.BUDGET_EXCEEDED, "price-unknown", "no candidate model "
                    + "has a price in the price table, so the " + (budgets ? "hard budget" : "request's cost cap")
                    + " cannot be enforced; add prices to config/llm_config.json", null), call.attempts());
        }
        long input = bound.tokens(call.request());
        int requested = call.maxTokens();
        int min = Math.min(floor, requested);
        int max = requested;
        if (cap != null) {
            max = fitting(priceList, input, min, requested, cap);
            if (max < min) {
                LlmError error = new LlmError(ErrorKind.BUDGET_EXCEEDED, "cost-cap", "this call may cost up to $"
                        + worst(priceList, input, min).toPlainString() + " even with its output limited to " + min
                        + " tokens, more than the request's cost cap of $" + cap.toPlainString(), null);
                listeners.budgetExhausted(new LlmListener.BudgetEvent(call.id(), call.request(), error, BigDecimal.ZERO,
                        BigDecimal.ZERO));
                return LlmResponse.failure(error, call.attempts());
            }
        }
        if (!budgets) {
            return proceedClamped(call, next, requested, max);
        }
        List<String> keys = List.of(periods.dayKey(), periods.monthKey());
        List<BigDecimal> limits = Arrays.asList(config.dailyCostLimit().orElse(null), config.monthlyBudget().orElse(null));
        BigDecimal reserved;
        int out = max;
        try {
            reserved = reserve(keys, limits, priceList, input, max);
            if (reserved == null) {
                out = affordable(keys, limits, priceList, input, min, max);
                reserved = out < min ? null : reserve(keys, limits, priceList, input, out);
                while (reserved == null && out > min) {
                    out = Math.max(min, out / 2);
                    reserved = reserve(keys, limits, priceList, input, out);
                }
            }
        } catch (RuntimeException e) {
            LlmError error = new LlmError(ErrorKind.BUDGET_EXCEEDED, "store-unavailable", "the hard budget ("
                    + BudgetText.limits(config) + ") cannot be checked because the usage counter store failed: "
                    + redactor.redact(String.valueOf(e)), null);
            listeners.budgetExhausted(new LlmListener.BudgetEvent(call.id(), call.request(), error, BigDecimal.ZERO,
                    BigDecimal.ZERO));
            return LlmResponse.failure(error, call.attempts());
        }
        if (reserved == null) {
            BigDecimal day = store.cost(keys.get(0));
            BigDecimal month = store.cost(keys.get(1));
            BigDecimal worst = worst(priceList, input, min);
            LlmError error = new LlmError(ErrorKind.BUDGET_EXCEEDED, "budget", "this call may cost up to $"
                    + worst.toPlainString() + " even with its output limited to " + min + " tokens, which would exceed "
                    + BudgetText.limits(config) + "; spent today $" + day.toPlainString() + ", this month $"
                    + month.toPlainString(), null);
            listeners.budgetExhausted(new LlmListener.BudgetEvent(call.id(), call.request(), error, day, month));
            return LlmResponse.failure(error, call.attempts());
        }
        Reservation reservation = new Reservation(keys, reserved);
        call.reservation(reservation);
        try {
            return proceedClamped(call, next, requested, out);
        } finally {
            if (!reservation.settled()) {
                reservation.settle(store, BigDecimal.ZERO);
            }
        }
    }

    /** Lowers the call's output limit to {@code out} when below {@code requested}, and says so on success. */
    private static LlmResponse proceedClamped(Call call, Next next, int requested, int out) {
        if (out >= requested) {
            return next.proceed(call);
        }
        call.clampMaxTokens(out);
        LlmResponse r = next.proceed(call);
        return r.success() ? r.withMaxTokensClamped(out) : r;
    }

    private BigDecimal reserve(List<String> keys, List<BigDecimal> limits, List<ModelPrice> priceList, long input,
                               int out) {
        BigDecimal worst = worst(priceList, input, out);
        return store.tryReserve(keys, limits, worst) ? worst : null;
    }

    /** The largest output limit in [min, max] whose worst case fits in what is left (others' reservations aside). */
    private int affordable(List<String> keys, List<BigDecimal> limits, List<ModelPrice> priceList, long input,
                           int min, int max) {
        BigDecimal left = null;
        for (int i = 0; i < keys.size(); i++) {
            if (limits.get(i) != null) {
                BigDecimal l = limits.get(i).subtract(store.cost(keys.get(i)));
                left = left == null ? l : left.min(l);
            }
        }
        return left == null ? min - 1 : fitting(priceList, input, min, max, left);
    }

    /** The largest output limit in [min, max] whose worst case is at most {@code left}, or {@code min - 1}. */
    private static int fitting(List<ModelPrice> priceList, long input, int min, int max, BigDecimal left) {
        if (worst(priceList, input, min).compareTo(left) > 0) {
            return min - 1;
        }
        int lo = min;
        int hi = max;
        while (lo < hi) {
            int mid = lo + (hi - lo + 1) / 2;
            if (worst(priceList, input, mid).compareTo(left) <= 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The dearest candidate's cost for {@code input} prompt tokens, all at the dearest input rate, and {@code out} output tokens. */
    static BigDecimal worst(List<ModelPrice> priceList, long input, int out) {
        BigDecimal worst = BigDecimal.ZERO;
        for (ModelPrice p : priceList) {
            BigDecimal plain = sum(PriceTable.cost(p, TokenCounts.of(input, out)));
            BigDecimal written = sum(PriceTable.cost(p, new TokenCounts(input, out, 0, input, 0)));
            worst = worst.max(plain).max(written);
        }
        return worst;
    }

    private static BigDecimal sum(List<BigDecimal> parts) {
        return parts.get(0).add(parts.get(1));
    }
}
