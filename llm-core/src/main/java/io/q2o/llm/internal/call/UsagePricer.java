package io.q2o.llm.internal.call;

import io.q2o.llm.LlmUsage;
import io.q2o.llm.PriceTable;
import io.q2o.llm.spi.ProviderResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prices an answer exactly. The model the provider reports is priced; when it has no price, the
 * requested model's price applies only if the reported name is a dated snapshot of it
 * ({@code gpt-4o-mini-2024-07-18} for {@code gpt-4o-mini}, {@link PriceTable#isSnapshotOf}); any other unpriced model gives an
 * unknown cost and one warning per model name — never a cost silently borrowed from another model.
 */
final class UsagePricer {
    private static final Logger log = LoggerFactory.getLogger("io.q2o.llm.LlmService");

    private final PriceTable prices;
    private final Clock clock;
    private final Set<String> warnedModels = ConcurrentHashMap.newKeySet();

    UsagePricer(PriceTable prices, Clock clock) {
        this.prices = prices;
        this.clock = clock;
    }

    LlmUsage usage(Candidate c, ProviderResponse r, Instant start) {
        String model = r.model().isBlank() ? c.model() : r.model();
        Optional<List<BigDecimal>> cost = prices.cost(model, r.tokens());
        if (cost.isEmpty() && variantOf(model, c.model())) {
            cost = prices.cost(c.model(), r.tokens());
        }
        if (cost.isEmpty() && warnedModels.add(model)) {
            log.warn("No price for model '{}' (provider {}) in the price table: its cost is reported as unknown; "
                    + "add it to config/llm_config.json", model, c.provider());
        }
        Instant now = clock.instant();
        return new LlmUsage(c.provider(), model, r.tokens(), cost.map(x -> x.get(0)), cost.map(x -> x.get(1)),
                now, Duration.between(start, now), false, false);
    }

    private static boolean variantOf(String reported, String requested) {
        String r = reported.startsWith("models/") ? reported.substring("models/".length()) : reported;
        String q = requested.startsWith("models/") ? requested.substring("models/".length()) : requested;
        return r.equals(q) || PriceTable.isSnapshotOf(r, q);
    }
}
