package io.q2o.llm.internal.call;

import io.q2o.llm.LlmConfig;

import java.util.ArrayList;
import java.util.List;

/** Names the active hard budgets for messages. */
final class BudgetText {
    private BudgetText() {
    }

    static String limits(LlmConfig config) {
        List<String> parts = new ArrayList<>();
        config.dailyCostLimit().ifPresent(d -> parts.add("the daily cost limit $" + d.toPlainString()
                + " (Q2O_LLM_DAILY_COST_LIMIT)"));
        config.monthlyBudget().ifPresent(m -> parts.add("the monthly budget $" + m.toPlainString()
                + " (Q2O_LLM_MONTHLY_BUDGET)"));
        return String.join(" or ", parts);
    }
}
