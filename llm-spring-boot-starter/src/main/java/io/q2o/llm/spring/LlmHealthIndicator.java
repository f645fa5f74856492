package io.q2o.llm.spring;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmService;
import io.q2o.llm.UsageStats;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Health of an {@link LlmService}: whether a provider can be called and whether the daily call
 * limit, daily cost limit or monthly budget is used up.
 *
 * <ul>
 *   <li>{@code UP} — a provider is usable and no limit is reached; also when the integration is
 *       switched off ({@code Q2O_USE_LLM=false}) or in dry-run mode, where no provider is needed.</li>
 *   <li>{@code DOWN} — calls are on but no provider is usable (no API key set).</li>
 *   <li>{@code OUT_OF_SERVICE} — a limit is reached: calls are refused until the period ends.
 *       (Restarting does not help; map this status as you see fit for probes.)</li>
 * </ul>
 *
 * Details: {@code enabled}, {@code dryRun}, {@code usableProviders}, {@code primary},
 * {@code budget} ({@code ok} or what is reached), {@code dailyCalls}, {@code dailyLimit},
 * {@code dailyCostUsd}, {@code dailyCostLimitUsd}, {@code monthlyCostUsd}, {@code monthlyBudgetUsd}
 * (the limits only when configured; money as exact decimal strings). No secrets. Reads
 * {@link LlmService#usageStats()}: with a shared counter store that is a few round trips.
 */
public class LlmHealthIndicator extends AbstractHealthIndicator {

    private final LlmService service;

    /** @param service the service to report on */
    public LlmHealthIndicator(LlmService service) {
        super("LLM health check failed");
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        LlmConfig config = service.config();
        UsageStats stats = service.usageStats();
        List<String> usable = service.usableProviders();
        builder.withDetail("enabled", config.useLlm())
                .withDetail("dryRun", config.dryRun())
                .withDetail("usableProviders", usable)
                .withDetail("primary", config.primary())
                .withDetail("dailyCalls", stats.dailyCalls())
                .withDetail("dailyCostUsd", plain(stats.dailyCost()))
                .withDetail("monthlyCostUsd", plain(stats.monthlyCost()));
        List<String> reached = new ArrayList<>();
        if (config.dailyLimit() > 0) {
            builder.withDetail("dailyLimit", config.dailyLimit());
            if (stats.dailyCalls() >= config.dailyLimit()) {
                reached.add("daily call limit (Q2O_LLM_DAILY_LIMIT) reached");
            }
        }
        config.dailyCostLimit().ifPresent(limit -> {
            builder.withDetail("dailyCostLimitUsd", plain(limit));
            if (stats.dailyCost().compareTo(limit) >= 0) {
                reached.add("daily cost limit (Q2O_LLM_DAILY_COST_LIMIT) reached");
            }
        });
        config.monthlyBudget().ifPresent(budget -> {
            builder.withDetail("monthlyBudgetUsd", plain(budget));
            if (stats.monthlyCost().compareTo(budget) >= 0) {
                reached.add("monthly budget (Q2O_LLM_MONTHLY_BUDGET) reached");
            }
        });
        builder.withDetail("budget", reached.isEmpty() ? "ok" : String.join("; ", reached));
        if (!config.useLlm() || config.dryRun()) {
            builder.up();
        } else if (usable.isEmpty()) {
            builder.down().withDetail("reason", "no usable provider: set an API key");
        } else if (!reached.isEmpty()) {
            builder.status(Status.OUT_OF_SERVICE);
        } else {
            builder.up();
        }
    }

    private static String plain(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }
}
