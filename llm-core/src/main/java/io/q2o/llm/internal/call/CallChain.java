package io.q2o.llm.internal.call;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmListener;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.StreamListener;
import io.q2o.llm.UsageStats;
import io.q2o.llm.internal.InputBound;
import io.q2o.llm.internal.Listeners;
import io.q2o.llm.internal.Periods;
import io.q2o.llm.internal.ProviderHandle;
import io.q2o.llm.internal.Redactor;
import io.q2o.llm.internal.ResponseCache;
import io.q2o.llm.internal.Sleeper;
import io.q2o.llm.internal.StatsRecorder;
import io.q2o.llm.internal.TokenEstimator;
import io.q2o.llm.internal.attempt.AttemptChain;
import io.q2o.llm.spi.UsageCounterStore;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The engine: every call {@code LlmService} makes runs through this one chain of steps, in this order.
 *
 * <ol>
 *   <li>{@link PlanStep} — validate; resolve candidates (provider × model), temperature, max tokens,
 *       deadline and cache key;</li>
 *   <li>{@link ReportStep} — {@code onRequestStart}; afterwards statistics, {@code onCacheHit},
 *       {@code onResponse} (exactly once), and any bug below turned into an INTERNAL response;</li>
 *   <li>{@link DryRunStep} — {@code Q2O_USE_LLM=false} / {@code Q2O_LLM_DRY_RUN}: answer without a call;</li>
 *   <li>{@link CacheStep} — a hit answers (cost 0); identical concurrent misses share one upstream call;</li>
 *   <li>{@link BudgetStep} — reserve an upper bound of the cost, lowering max tokens to what fits;</li>
 *   <li>{@link DailyLimitStep} — count the call (only calls that are sent are counted);</li>
 *   <li>{@link AccountingStep} — replace the reservation by the exact cost; the cost alert;</li>
 *   <li>{@link FallbackLoop} — for each candidate, an {@link AttemptChain} run (deadline → circuit
 *       breaker → rate limit → concurrency → invoke); retry, backoff and fallback decisions.</li>
 * </ol>
 *
 * <p><b>Threading.</b> The chain is synchronous: {@link #execute} runs it from start to end on the
 * caller's thread; {@link #submit} (async calls, streams) plans and announces the call on the
 * caller's thread and runs the rest on an executor thread. It calls the adapters' blocking methods on that thread and waits (backoff,
 * rate limits) through the injected {@link Sleeper}. The steps are immutable and shared by all
 * calls; the state of one call lives in its {@link Call}, confined to its thread.
 *
 * <p><b>What a step may do.</b> Answer by itself (a refusal, a cache hit) without calling the next
 * step, or call it exactly once and work on its response. A step returns a response for every
 * outcome, failures included, and never throws except for programming errors (an unknown provider
 * name, in {@link PlanStep}). A step does not sleep except through the {@link Sleeper}, does not
 * hand the call to another thread, and emits listener events only for its own concern.
 *
 * <p><b>Adding a step.</b> Write one small class implementing {@link CallStep} (or
 * {@code AttemptStep} for a per-attempt concern), named after its concern, with a design comment
 * saying what it does and what it must not do; insert it in the list below where its concern
 * belongs; test it through {@code LlmService} with a scripted provider.
 */
public final class CallChain {
    private final List<CallStep> steps;
    private final CallStep.Next[] nexts;
    private final Clock clock;
    private final Listeners listeners;
    private final StatsRecorder stats;
    private final UsageCounterStore store;
    private final Periods periods;
    private final PlanStep planStep;
    private final ReportStep reportStep;

    /**
     * Everything the steps need; assembled by {@code LlmService.Builder}.
     *
     * @param config              the configuration
     * @param handles             the usable providers by name, in registration order
     * @param unusable            providers that are configured but cannot be used, with the reason
     * @param keyVariables        every known provider's API key variable
     * @param allModels           every known provider's models (also those without a key)
     * @param clock               the service's clock
     * @param sleeper             waits on the calling thread (backoff, rate limits)
     * @param store               the counters behind limits and budgets
     * @param cache               the response cache, or {@code null} when it is off
     * @param listeners           the listeners
     * @param redactor            removes secrets from messages
     * @param inputBound          the input-token bound of budget reservations
     * @param budgetFloor         the smallest output limit a budget may lower a call to
     * @param pinnedModelFallback whether a pinned model that does not exist falls back to other models
     */
    public record Parts(LlmConfig config, Map<String, ProviderHandle> handles, Map<String, String> unusable,
                        Map<String, String> keyVariables, Map<String, List<String>> allModels, Clock clock,
                        Sleeper sleeper, UsageCounterStore store, ResponseCache cache, List<LlmListener> listeners,
                        Redactor redactor, InputBound inputBound, int budgetFloor, boolean pinnedModelFallback) {
    }

    /** The length at which texts logged with {@code Q2O_LLM_DEBUG} are cut. */
    public static final int DEBUG_MAX_CHARS = 4_000;

    /** @param parts the collaborators */
    public CallChain(Parts parts) {
        LlmConfig config = parts.config();
        this.clock = parts.clock();
        this.listeners = new Listeners(parts.listeners());
        this.stats = new StatsRecorder();
        this.store = parts.store();
        this.periods = new Periods(clock, config.zone());
        TokenEstimator estimator = new TokenEstimator();
        Set<String> known = new java.util.LinkedHashSet<>(parts.keyVariables().keySet());
        known.addAll(parts.unusable().keySet());
        AttemptChain attempts = new AttemptChain(config, clock, parts.sleeper(), estimator, parts.redactor(),
                DEBUG_MAX_CHARS);
        this.planStep = new PlanStep(config, parts.handles(), known, parts.cache() != null);
        this.reportStep = new ReportStep(clock, listeners, stats, parts.redactor());
        this.steps = List.of(
                planStep,
                reportStep,
                new DryRunStep(config, parts.handles(), parts.allModels(), estimator, clock),
                new CacheStep(parts.cache(), clock),
                new BudgetStep(config, store, periods, listeners, parts.redactor(), parts.inputBound(),
                        parts.budgetFloor(), parts.pinnedModelFallback()),
                new DailyLimitStep(config, store, periods, parts.redactor()),
                new AccountingStep(config, store, periods, listeners),
                new FallbackLoop(config, clock, parts.sleeper(), attempts, new UsagePricer(config.prices(), clock),
                        new FailureReport(parts.redactor(), parts.handles(), parts.unusable(), parts.keyVariables()),
                        parts.redactor(), parts.pinnedModelFallback()));
        this.nexts = new CallStep.Next[steps.size() + 1];
        for (int i = 0; i < steps.size(); i++) {
            CallStep step = steps.get(i);
            int after = i + 1;
            nexts[i] = call -> step.handle(call, nexts[after]);
        }
        nexts[steps.size()] = call -> {
            throw new IllegalStateException("the last call step must not call next");
        };
    }

    /**
     * Runs one call on the calling thread.
     *
     * @param request  the request
     * @param listener the stream listener, or {@code null} for a non-streaming call
     * @return the response; failures are responses, never exceptions
     * @throws IllegalArgumentException if the request names an unknown provider
     */
    public LlmResponse execute(LlmRequest request, StreamListener listener) {
        Objects.requireNonNull(request, "request");
        return nexts[0].proceed(new Call(clock.instant(), request, listener, listeners));
    }

    /**
     * Runs one call on {@code executor}. Planning and {@code onRequestStart} happen first, on the
     * calling thread (so an unknown provider throws here, and a listener can capture the caller's
     * context, e.g. a tracing span); the remaining steps run on {@code executor}.
     *
     * @param request  the request
     * @param listener the stream listener, or {@code null}
     * @param executor runs the rest of the chain
     * @return the response's future; it never completes exceptionally unless {@code executor} rejects the task
     * @throws IllegalArgumentException if the request names an unknown provider
     */
    public CompletableFuture<LlmResponse> submit(LlmRequest request, StreamListener listener, Executor executor) {
        Objects.requireNonNull(request, "request");
        Call call = new Call(clock.instant(), request, listener, listeners);
        planStep.prepare(call);
        reportStep.announce(call);
        return CompletableFuture.supplyAsync(() -> nexts[1].proceed(call), executor);
    }

    /** @return usage statistics */
    public UsageStats stats() {
        return stats.snapshot(store.calls(periods.dayKey()), store.cost(periods.dayKey()),
                store.cost(periods.monthKey()));
    }
}
