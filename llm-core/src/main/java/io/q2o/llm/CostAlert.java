package io.q2o.llm;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Raised once per day when the day's cost crosses {@code Q2O_LLM_COST_ALERT}.
 *
 * @param day       the day (in the configured zone) whose cost crossed the threshold
 * @param threshold the configured alert threshold in USD
 * @param dailyCost the day's cost in USD when the alert fired
 */
public record CostAlert(LocalDate day, BigDecimal threshold, BigDecimal dailyCost) {
}
