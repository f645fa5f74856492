package io.q2o.llm.config;

import io.q2o.llm.internal.config.Settings;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * Limits, budgets and the cost alert. Amounts are USD, {@code >= 0}, below 1,000,000,000 and with
 * at most 10 decimal places. Immutable.
 *
 * @param dailyCallLimit {@code Q2O_LLM_DAILY_LIMIT}: calls per day, 0 (unlimited) – 10¹², default 1000
 * @param costAlert      {@code Q2O_LLM_COST_ALERT}: alert once a day when the day's cost reaches it, default 10.00
 * @param dailyCostLimit {@code Q2O_LLM_DAILY_COST_LIMIT}: hard daily budget; empty (no limit) by default
 * @param monthlyBudget  {@code Q2O_LLM_MONTHLY_BUDGET}: hard monthly budget; empty (no limit) by default
 * @param zone           {@code Q2O_LLM_TIMEZONE}: zone in which days and months roll over, default UTC
 */
public record BudgetConfig(long dailyCallLimit, BigDecimal costAlert, Optional<BigDecimal> dailyCostLimit,
                           Optional<BigDecimal> monthlyBudget, ZoneId zone) {
    /** Validates the bounds. */
    public BudgetConfig {
        Settings.DAILY_LIMIT.check(dailyCallLimit);
        costAlert = Settings.COST_ALERT.check(Objects.requireNonNull(costAlert, "costAlert"));
        dailyCostLimit = Objects.requireNonNull(dailyCostLimit, "dailyCostLimit").map(Settings.DAILY_COST_LIMIT::check);
        monthlyBudget = Objects.requireNonNull(monthlyBudget, "monthlyBudget").map(Settings.MONTHLY_BUDGET::check);
        Objects.requireNonNull(zone, "zone");
    }
}
