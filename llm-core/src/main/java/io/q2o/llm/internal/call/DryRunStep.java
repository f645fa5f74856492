package io.q2o.llm.internal.call;

import io.q2o.llm.ErrorKind;
import io.q2o.llm.FinishReason;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmError;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmUsage;
import io.q2o.llm.PriceTable;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.internal.InputBound;
import io.q2o.llm.internal.ProviderHandle;
import io.q2o.llm.internal.RequestText;
import io.q2o.llm.internal.TokenEstimator;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers without any provider call when the integration is off ({@code Q2O_USE_LLM=false}: a
 * {@link ErrorKind#DISABLED} failure) or in dry-run mode ({@code Q2O_LLM_DRY_RUN}: a simulated
 * answer with the estimated tokens and their worst-case cost). Otherwise passes the call on.
 */
final class DryRunStep implements CallStep {
    private final LlmConfig config;
    private final Map<String, ProviderHandle> handles;
    private final Map<String, List<String>> allModels;
    private final PriceTable prices;
    private final TokenEstimator estimator;
    private final Clock clock;

    DryRunStep(LlmConfig config, Map<String, ProviderHandle> handles, Map<String, List<String>> allModels,
               TokenEstimator estimator, Clock clock) {
        this.config = config;
        this.handles = Map.copyOf(handles);
        this.allModels = Map.copyOf(allModels);
        this.prices = config.prices();
        this.estimator = estimator;
        this.clock = clock;
    }

    @Override
    public LlmResponse handle(Call call, Next next) {
        if (!config.useLlm()) {
            return LlmResponse.failure(new LlmError(ErrorKind.DISABLED, "",
                    "LLM integration is disabled (Q2O_USE_LLM=false)", null), List.of());
        }
        if (!config.dryRun()) {
            return next.proceed(call);
        }
        LlmResponse sim = simulate(call);
        if (call.streaming()) {
            call.streamListener().onText(sim.content());
        }
        return sim;
    }

    private LlmResponse simulate(Call call) {
        Plan plan = call.plan();
        String provider = plan.chain().get(0);
        String model = call.request().model();
        if (model == null) {
            List<String> models = handles.containsKey(provider) ? handles.get(provider).models()
                    : allModels.getOrDefault(provider, config.models(provider, List.of()));
            model = models.isEmpty() ? "unknown-model" : models.get(0);
        }
        long input = estimator.count(RequestText.forEstimate(call.request()))
                + RequestText.images(call.request()).stream().mapToLong(InputBound::imageTokens).sum();
        TokenCounts tokens = TokenCounts.of(input, plan.maxTokens());
        Optional<List<BigDecimal>> cost = prices.cost(model, tokens);
        Instant now = clock.instant();
        LlmUsage usage = new LlmUsage(provider, model, tokens, cost.map(c -> c.get(0)), cost.map(c -> c.get(1)),
                now, Duration.between(call.start(), now), false, true);
        String content = "[dry run] no request was sent to " + provider + "/" + model + "; estimated " + input
                + " input tokens and at most " + plan.maxTokens() + " output tokens"
                + cost.map(c -> ", costing at most $" + c.get(0).add(c.get(1)).toPlainString()).orElse(", cost unknown");
        return LlmResponse.success(content, usage, FinishReason.UNKNOWN, List.of(), false, true);
    }
}
