package io.q2o.llm.internal;

import io.github.resilience4j.core.IntervalFunction;
import io.q2o.llm.Attempt;
import io.q2o.llm.CachePolicy;
import io.q2o.llm.CostAlert;
import io.q2o.llm.LlmListener;
import io.q2o.llm.DelayScheduler;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.FinishReason;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmError;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmUsage;
import io.q2o.llm.ModelPrice;
import io.q2o.llm.PriceTable;
import io.q2o.llm.StreamListener;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.UsageStats;
import io.q2o.llm.spi.MalformedResponseException;
import io.q2o.llm.spi.ProviderException;
import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.spi.ProviderTimeoutException;
import io.q2o.llm.spi.StreamSink;
import io.q2o.llm.spi.Throwables;
import io.q2o.llm.spi.UsageCounterStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The call pipeline behind {@code LlmService}, in this fixed order: validate → dry run → cache
 * (coalescing identical misses) → daily call limit → cost reservation → for each candidate
 * (provider, model): circuit breaker → rate limiter → attempt with retries → record usage,
 * reconcile the reservation, alert → store in cache. Thread-safe.
 */
public final class Pipeline {
    private static final Logger log = LoggerFactory.getLogger("io.q2o.llm.LlmService");
    private static final int DEBUG_MAX_CHARS = 4_000;

    /** Everything the pipeline needs; assembled by {@code LlmService.Builder}. */
    public record Parts(LlmConfig config, Map<String, ProviderHandle> handles, Map<String, String> unusable,
                        Map<String, String> keyVariables, Map<String, List<String>> allModels, Clock clock,
                        DelayScheduler scheduler, Executor blockingExecutor, UsageCounterStore store,
                        ResponseCache cache, List<LlmListener> listeners, Redactor redactor) {
    }

    private record Candidate(ProviderHandle handle, String model) {
        String provider() {
            return handle.name();
        }
    }

    private record Plan(LlmRequest req, List<String> chain, List<Candidate> candidates, double keyTemperature,
                        int maxTokens, Duration timeout, String cacheKey) {
    }

    private record Outcome(Candidate candidate, ProviderResponse response, ProviderException error, String partial) {
    }

    /** What one call has done so far; appended to by one step at a time. */
    private final class Ctx {
        final String id = new UUID(ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextLong())
                .toString(); // no global lock, unlike UUID.randomUUID()
        final Instant start;
        final LlmRequest req;
        final List<Attempt> attempts = new ArrayList<>();
        volatile boolean counted;

        Ctx(Instant start, LlmRequest req) {
            this.start = start;
            this.req = req;
        }

        void attempt(Attempt a) {
            if (!attempts.isEmpty()) {
                Attempt prev = attempts.get(attempts.size() - 1);
                if (!prev.provider().equals(a.provider())) {
                    listeners.fallback(new LlmListener.FallbackEvent(id, req, prev.provider(), a.provider(), prev.error()));
                }
            }
            attempts.add(a);
            listeners.attempt(new LlmListener.AttemptEvent(id, req, a, attempts.size()));
        }
    }

    private final LlmConfig config;
    private final Map<String, ProviderHandle> handles;
    private final Map<String, String> unusable;
    private final Map<String, String> keyVariables;
    private final Map<String, List<String>> allModels;
    private final Clock clock;
    private final DelayScheduler scheduler;
    private final Executor blockingExecutor;
    private final UsageCounterStore store;
    private final ResponseCache cache;
    private final Listeners listeners;
    private final Redactor redactor;
    private final PriceTable prices;
    private final Periods periods;
    private final TokenEstimator estimator = new TokenEstimator();
    private final StatsRecorder stats = new StatsRecorder();
    private final IntervalFunction backoff;
    private final Set<String> alertedDays = ConcurrentHashMap.newKeySet();
    private final Set<String> warnedModels = ConcurrentHashMap.newKeySet();

    /** @param parts the collaborators */
    public Pipeline(Parts parts) {
        this.config = parts.config();
        this.handles = new LinkedHashMap<>(parts.handles());
        this.unusable = Map.copyOf(parts.unusable());
        this.keyVariables = Map.copyOf(parts.keyVariables());
        this.allModels = Map.copyOf(parts.allModels());
        this.clock = parts.clock();
        this.scheduler = parts.scheduler();
        this.blockingExecutor = parts.blockingExecutor();
        this.store = parts.store();
        this.cache = parts.cache();
        this.listeners = new Listeners(parts.listeners());
        this.redactor = parts.redactor();
        this.prices = config.prices();
        this.periods = new Periods(clock, config.zone());
        long initial = config.retryInitialDelay().toMillis();
        this.backoff = initial <= 0 ? null
                : IntervalFunction.ofExponentialRandomBackoff(initial, 2.0, 0.5,
                        Math.max(initial, config.retryMaxDelay().toMillis()));
    }

    // ------------------------------------------------------------------ entry points

    /**
     * @param req the request
     * @return the response; the future never completes exceptionally
     */
    public CompletableFuture<LlmResponse> complete(LlmRequest req) {
        return run(req, null);
    }

    /**
     * @param req      the request
     * @param listener receives text chunks
     * @return the final response; the future never completes exceptionally
     */
    public CompletableFuture<LlmResponse> stream(LlmRequest req, StreamListener listener) {
        return run(req, Objects.requireNonNull(listener, "listener"));
    }

    private CompletableFuture<LlmResponse> run(LlmRequest req, StreamListener listener) {
        Objects.requireNonNull(req, "request");
        Instant start = clock.instant();
        Ctx ctx = new Ctx(start, req);
        Plan plan = config.useLlm() ? plan(req) : null;
        listeners.requestStart(new LlmListener.RequestStart(ctx.id, start, req, listener != null));
        CompletableFuture<LlmResponse> f;
        if (plan == null) {
            f = CompletableFuture.completedFuture(LlmResponse.failure(new LlmError(ErrorKind.DISABLED, "",
                    "LLM integration is disabled (Q2O_USE_LLM=false)", null), List.of()));
        } else {
            try {
                if (config.dryRun()) {
                    LlmResponse sim = simulate(plan, start);
                    if (listener != null) {
                        listener.onText(sim.content());
                    }
                    f = CompletableFuture.completedFuture(sim);
                } else {
                    f = cached(plan, listener, ctx);
                }
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
        }
        return f.exceptionally(t -> internalFailure(t))
                .thenApply(r -> {
                    stats.record(r, req.tags());
                    LlmListener.CallEvent event = new LlmListener.CallEvent(ctx.id, start, clock.instant(), req, r,
                            ctx.counted);
                    if (r.cacheHit()) {
                        listeners.cacheHit(event);
                    }
                    listeners.response(event);
                    return r;
                });
    }

    private CompletableFuture<LlmResponse> cached(Plan plan, StreamListener listener, Ctx ctx) {
        Instant start = ctx.start;
        CachePolicy policy = plan.req().cachePolicy();
        if (cache == null || policy == CachePolicy.BYPASS) {
            return upstream(plan, listener, ctx);
        }
        if (policy == CachePolicy.USE && listener == null) {
            return cache.getOrLoad(plan.cacheKey(), () -> upstream(plan, null, ctx))
                    .thenApply(l -> l.loaded() ? l.response() : asHit(l.response(), start, null));
        }
        CompletableFuture<ResponseCache.Lookup> present = cache.getIfPresent(plan.cacheKey());
        if (present != null) {
            return present.thenCompose(l -> l.response().success()
                    ? CompletableFuture.completedFuture(asHit(l.response(), start, listener))
                    : upstream(plan, listener, ctx));
        }
        CompletableFuture<LlmResponse> f = upstream(plan, listener, ctx);
        if (policy == CachePolicy.USE) {
            f = f.thenApply(r -> {
                cache.put(plan.cacheKey(), r);
                return r;
            });
        }
        return f;
    }

    private LlmResponse asHit(LlmResponse r, Instant start, StreamListener listener) {
        if (!r.success()) {
            return r;
        }
        if (listener != null && !r.content().isEmpty()) {
            listener.onText(r.content());
        }
        Instant now = clock.instant();
        LlmUsage u = r.usage();
        LlmUsage hit = new LlmUsage(u.provider(), u.model(), u.tokens(), Optional.of(BigDecimal.ZERO),
                Optional.of(BigDecimal.ZERO), now, Duration.between(start, now), true, u.estimated());
        return r.asCacheHit(hit);
    }

    /** @return usage statistics */
    public UsageStats stats() {
        return stats.snapshot(store.calls(periods.dayKey()), store.cost(periods.dayKey()),
                store.cost(periods.monthKey()));
    }

    // ------------------------------------------------------------------ planning

    private Plan plan(LlmRequest req) {
        Set<String> names = new LinkedHashSet<>();
        if (req.provider() != null) {
            names.add(requireKnown(req.provider().toLowerCase(Locale.ROOT)));
        }
        names.add(config.primary());
        names.addAll(config.fallbacks());
        if (config.autoFallback()) {
            names.addAll(handles.keySet());
        }
        List<String> chain = List.copyOf(names);
        List<Candidate> candidates = new ArrayList<>();
        List<String> chainModels = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            ProviderHandle h = handles.get(chain.get(i));
            if (h == null) {
                continue;
            }
            List<String> models = i == 0 && req.model() != null ? List.of(req.model()) : h.models();
            for (String m : models) {
                candidates.add(new Candidate(h, m));
                chainModels.add(h.name() + "/" + m);
            }
        }
        String first = chain.get(0);
        double keyTemperature = req.temperature() != null ? req.temperature()
                : config.providerTemperature(first).orElse(config.temperature());
        int maxTokens = req.maxTokens() != null ? req.maxTokens() : config.maxTokens();
        Duration timeout = req.timeout() != null ? req.timeout() : config.timeout();
        String key = cache == null ? "" : CacheKeys.key(chain, req.model(), chainModels, req.systemPrompt(),
                req.userPrompt(), keyTemperature, maxTokens, req.responseFormat().name(), req.stopSequences());
        return new Plan(req, chain, List.copyOf(candidates), keyTemperature, maxTokens, timeout, key);
    }

    private String requireKnown(String name) {
        if (handles.containsKey(name) || unusable.containsKey(name) || keyVariables.containsKey(name)) {
            return name;
        }
        Set<String> known = new LinkedHashSet<>(keyVariables.keySet());
        known.addAll(handles.keySet());
        throw new IllegalArgumentException("unknown provider '" + name + "': known providers are "
                + String.join(", ", known));
    }

    // ------------------------------------------------------------------ dry run

    private LlmResponse simulate(Plan plan, Instant start) {
        String provider = plan.chain().get(0);
        String model = plan.req().model();
        if (model == null) {
            List<String> models = handles.containsKey(provider) ? handles.get(provider).models()
                    : allModels.getOrDefault(provider, config.models(provider, List.of()));
            model = models.isEmpty() ? "unknown-model" : models.get(0);
        }
        long input = estimator.count(plan.req().systemPrompt()) + estimator.count(plan.req().userPrompt());
        TokenCounts tokens = TokenCounts.of(input, plan.maxTokens());
        Optional<List<BigDecimal>> cost = prices.cost(model, tokens);
        Instant now = clock.instant();
        LlmUsage usage = new LlmUsage(provider, model, tokens, cost.map(c -> c.get(0)), cost.map(c -> c.get(1)),
                now, Duration.between(start, now), false, true);
        String content = "[dry run] no request was sent to " + provider + "/" + model + "; estimated " + input
                + " input tokens and at most " + plan.maxTokens() + " output tokens"
                + cost.map(c -> ", costing at most $" + c.get(0).add(c.get(1)).toPlainString()).orElse(", cost unknown");
        return LlmResponse.success(content, usage, FinishReason.UNKNOWN, List.of(), false, true);
    }

    // ------------------------------------------------------------------ upstream

    private CompletableFuture<LlmResponse> upstream(Plan plan, StreamListener listener, Ctx ctx) {
        Instant start = ctx.start;
        List<Attempt> attempts = ctx.attempts;
        if (plan.candidates().isEmpty()) {
            return CompletableFuture.completedFuture(LlmResponse.failure(noProvider(plan), attempts));
        }
        String dayKey = periods.dayKey();
        String monthKey = periods.monthKey();
        boolean counted;
        try {
            counted = store.tryCountCall(dayKey, config.dailyLimit());
        } catch (RuntimeException e) {
            if (config.dailyLimit() > 0) {
                return CompletableFuture.completedFuture(LlmResponse.failure(new LlmError(ErrorKind.RATE_LIMITED,
                        "store-unavailable", "the daily limit (Q2O_LLM_DAILY_LIMIT) cannot be checked because the "
                        + "usage counter store failed: " + redactor.redact(String.valueOf(e)), null), attempts));
            }
            log.warn("The usage counter store failed; the call goes ahead because no daily limit is set: {}", e.toString());
            counted = true;
        }
        if (!counted) {
            return CompletableFuture.completedFuture(LlmResponse.failure(new LlmError(ErrorKind.RATE_LIMITED,
                    "daily-limit", "daily limit of " + config.dailyLimit()
                    + " LLM calls reached (Q2O_LLM_DAILY_LIMIT); it resets at midnight " + config.zone(), null),
                    attempts));
        }
        ctx.counted = true;
        List<Candidate> candidates = plan.candidates();
        BigDecimal reserved = BigDecimal.ZERO;
        List<String> keys = List.of(dayKey, monthKey);
        boolean budgets = config.dailyCostLimit().isPresent() || config.monthlyBudget().isPresent();
        boolean rateLimits = candidates.stream().anyMatch(c -> c.handle().rateLimited());
        long estimate = budgets || rateLimits
                ? estimator.upperEstimate(plan.req().systemPrompt(), plan.req().userPrompt()) : 0;
        if (budgets) {
            List<Candidate> priced = new ArrayList<>();
            BigDecimal worst = BigDecimal.ZERO;
            for (Candidate c : candidates) {
                Optional<ModelPrice> price = prices.find(c.model());
                if (price.isEmpty()) {
                    ctx.attempt(new Attempt(c.provider(), c.model(), Attempt.Outcome.SKIPPED_PRICE_UNKNOWN, null,
                            "no price for this model in the price table; a hard budget cannot be enforced",
                            Duration.ZERO));
                    continue;
                }
                List<BigDecimal> cost = PriceTable.cost(price.get(), TokenCounts.of(estimate, plan.maxTokens()));
                worst = worst.max(cost.get(0).add(cost.get(1)));
                priced.add(c);
            }
            if (priced.isEmpty()) {
                return CompletableFuture.completedFuture(LlmResponse.failure(new LlmError(ErrorKind.BUDGET_EXCEEDED,
                        "price-unknown", "no candidate model has a price in the price table, so the hard budget "
                        + "cannot be enforced; add prices to config/llm_config.json", null), attempts));
            }
            List<BigDecimal> limits = new ArrayList<>();
            limits.add(config.dailyCostLimit().orElse(null));
            limits.add(config.monthlyBudget().orElse(null));
            boolean reservedOk;
            try {
                reservedOk = store.tryReserve(keys, limits, worst);
            } catch (RuntimeException e) {
                LlmError error = new LlmError(ErrorKind.BUDGET_EXCEEDED, "store-unavailable", "the hard budget ("
                        + budgetText() + ") cannot be checked because the usage counter store failed: "
                        + redactor.redact(String.valueOf(e)), null);
                listeners.budgetExhausted(new LlmListener.BudgetEvent(ctx.id, ctx.req, error, BigDecimal.ZERO,
                        BigDecimal.ZERO));
                return CompletableFuture.completedFuture(LlmResponse.failure(error, attempts));
            }
            if (!reservedOk) {
                BigDecimal day = store.cost(dayKey);
                BigDecimal month = store.cost(monthKey);
                LlmError error = new LlmError(ErrorKind.BUDGET_EXCEEDED, "budget", "this call may cost up to $"
                        + worst.toPlainString() + ", which would exceed " + budgetText() + "; spent today $"
                        + day.toPlainString() + ", this month $" + month.toPlainString(), null);
                listeners.budgetExhausted(new LlmListener.BudgetEvent(ctx.id, ctx.req, error, day, month));
                return CompletableFuture.completedFuture(LlmResponse.failure(error, attempts));
            }
            reserved = worst;
            candidates = priced;
        }
        Call call = new Call(plan, candidates, ctx, listener, estimate, start.plus(plan.timeout()));
        BigDecimal reservation = reserved;
        call.step();
        return call.done.handle((outcome, error) -> finish(plan, call, outcome, error, keys, reservation, start));
    }

    private String budgetText() {
        List<String> parts = new ArrayList<>();
        config.dailyCostLimit().ifPresent(d -> parts.add("the daily cost limit $" + d.toPlainString()
                + " (Q2O_LLM_DAILY_COST_LIMIT)"));
        config.monthlyBudget().ifPresent(m -> parts.add("the monthly budget $" + m.toPlainString()
                + " (Q2O_LLM_MONTHLY_BUDGET)"));
        return String.join(" or ", parts);
    }

    private LlmError noProvider(Plan plan) {
        List<String> reasons = new ArrayList<>();
        for (String name : plan.chain()) {
            String why = unusable.get(name);
            if (why != null) {
                reasons.add(name + ": " + why);
            } else if (!handles.containsKey(name)) {
                reasons.add(name + ": no adapter on the classpath (add io.q2o:llm-" + name + ")");
            }
        }
        Set<String> vars = new LinkedHashSet<>();
        for (String name : plan.chain()) {
            if (keyVariables.containsKey(name)) {
                vars.add(keyVariables.get(name));
            }
        }
        return new LlmError(ErrorKind.NO_PROVIDER, "", "no LLM provider is usable"
                + (vars.isEmpty() ? "" : "; set " + String.join(" or ", vars))
                + (reasons.isEmpty() ? "" : " (" + String.join("; ", reasons) + ")"), null);
    }

    private LlmResponse finish(Plan plan, Call call, Outcome outcome, Throwable error, List<String> keys,
                               BigDecimal reserved, Instant start) {
        call.finished = true;
        if (error != null || outcome == null) {
            commit(keys, reserved, BigDecimal.ZERO);
            return internalFailure(error == null ? new IllegalStateException("no outcome") : error, call.attempts);
        }
        if (outcome.response() != null) {
            Candidate c = outcome.candidate();
            ProviderResponse r = outcome.response();
            String model = r.model().isBlank() ? c.model() : r.model();
            Optional<List<BigDecimal>> cost = prices.cost(model, r.tokens());
            if (cost.isEmpty()) {
                cost = prices.cost(c.model(), r.tokens());
            }
            if (cost.isEmpty() && warnedModels.add(model)) {
                log.warn("No price for model '{}' (provider {}) in the price table: its cost is reported as unknown; "
                        + "add it to config/llm_config.json", model, c.provider());
            }
            Instant now = clock.instant();
            LlmUsage usage = new LlmUsage(c.provider(), model, r.tokens(), cost.map(x -> x.get(0)),
                    cost.map(x -> x.get(1)), now, Duration.between(start, now), false, false);
            BigDecimal actual = usage.totalCost().orElse(BigDecimal.ZERO);
            commit(keys, reserved, actual);
            if (config.debug()) {
                log.info("LLM response <- {}/{} {} in + {} out tokens, cost {}: {}", c.provider(), model,
                        r.tokens().inputTokens(), r.tokens().outputTokens(),
                        usage.totalCost().map(BigDecimal::toPlainString).orElse("unknown"), debugText(r.content()));
            }
            return Answers.success(plan.req(), r, usage, call.attempts);
        }
        commit(keys, reserved, BigDecimal.ZERO);
        ProviderException last = outcome.error();
        if (outcome.partial() != null) {
            LlmError e = new LlmError(ErrorKind.STREAM_INTERRUPTED, "partial", oneLine(last.getMessage()),
                    last.provider());
            return LlmResponse.partialFailure(outcome.partial(), e, outcome.candidate().provider(),
                    outcome.candidate().model(), call.attempts);
        }
        return LlmResponse.failure(failureError(last, call.attempts), call.attempts);
    }

    private LlmError failureError(ProviderException last, List<Attempt> attempts) {
        String summary = attempts.stream()
                .map(a -> a.provider() + "/" + a.model() + " " + (a.outcome() == Attempt.Outcome.FAILED
                        ? String.valueOf(a.error()) : a.outcome().name().toLowerCase(Locale.ROOT)))
                .collect(Collectors.groupingBy(s -> s, LinkedHashMap::new, Collectors.counting()))
                .entrySet().stream()
                .map(e -> e.getValue() > 1 ? e.getKey() + " x" + e.getValue() : e.getKey())
                .collect(Collectors.joining(", "));
        if (last == null) {
            boolean rate = attempts.stream().anyMatch(a -> a.outcome() == Attempt.Outcome.SKIPPED_RATE_LIMIT);
            boolean circuit = attempts.stream().anyMatch(a -> a.outcome() == Attempt.Outcome.SKIPPED_CIRCUIT_OPEN);
            if (circuit && !rate) {
                return new LlmError(ErrorKind.SERVER_ERROR, "circuit-open", "every provider was skipped because its "
                        + "circuit breaker is open after repeated failures [" + summary + "]", null);
            }
            return new LlmError(ErrorKind.RATE_LIMITED, "rate-limiter", "every provider was skipped by its "
                    + "requests/tokens-per-minute limit [" + summary + "]", null);
        }
        String code = last.statusCode().isPresent() ? "http-" + last.statusCode().getAsInt() : "";
        return new LlmError(last.kind(), code, redactor.redact(oneLine(last.getMessage())) + " [" + summary + "]",
                last.provider());
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    private LlmResponse internalFailure(Throwable t) {
        return internalFailure(t, List.of());
    }

    private LlmResponse internalFailure(Throwable t, List<Attempt> attempts) {
        Throwable cause = unwrap(t);
        log.error("Unexpected failure in the LLM pipeline", cause);
        return LlmResponse.failure(new LlmError(ErrorKind.INTERNAL, "", "unexpected failure: "
                + redactor.redact(String.valueOf(cause)), null), attempts);
    }

    private void commit(List<String> keys, BigDecimal reserved, BigDecimal actual) {
        try {
            List<BigDecimal> committed = store.commit(keys, reserved, actual);
            if (actual.signum() > 0) {
                checkAlert(keys.get(0), committed.get(0).subtract(actual), committed.get(0));
            }
        } catch (RuntimeException e) {
            log.warn("The usage counter store failed to record ${} for {}: {}", actual.toPlainString(), keys, e.toString());
        }
    }

    /** Alerts when this call's cost carried the day across the threshold (once, even after a restart). */
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

    private String debugText(String s) {
        String r = redactor.redact(s);
        return r.length() <= DEBUG_MAX_CHARS ? r : r.substring(0, DEBUG_MAX_CHARS) + "…(" + r.length() + " chars)";
    }

    private static Throwable unwrap(Throwable t) {
        return Throwables.unwrapAsync(t);
    }

    private Duration backoffDelay(int retryNumber) {
        return backoff == null ? Duration.ZERO : Duration.ofMillis(backoff.apply(retryNumber));
    }

    private long contextWindow(String model) {
        return prices.find(model).map(ModelPrice::contextWindow).orElse(0L);
    }

    /** Wraps an exception thrown by the caller's stream listener, so it is not blamed on the provider. */
    private static final class ListenerFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ListenerFailure(RuntimeException cause) {
            super(cause);
        }
    }

    // ------------------------------------------------------------------ one call

    /** The mutable state of one call; each step runs after the previous one completed. */
    private final class Call {
        final Plan plan;
        final List<Candidate> candidates;
        final Ctx ctx;
        final List<Attempt> attempts;
        final StreamListener listener;
        final long estimate;
        final Instant deadline;
        final CompletableFuture<Outcome> done = new CompletableFuture<>();
        final Set<String> skipped = new HashSet<>();
        final StringBuilder partial = new StringBuilder();
        volatile boolean delivered;
        volatile boolean finished;
        int index;
        int retry;
        String contextProvider;
        long contextFloor = -1;
        ProviderException last;
        Candidate lastCandidate;

        Call(Plan plan, List<Candidate> candidates, Ctx ctx, StreamListener listener, long estimate,
             Instant deadline) {
            this.plan = plan;
            this.candidates = candidates;
            this.ctx = ctx;
            this.attempts = ctx.attempts;
            this.listener = listener;
            this.estimate = estimate;
            this.deadline = deadline;
        }

        void step() {
            try {
                stepUnsafe();
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }

        private void next() {
            index++;
            retry = 0;
        }

        private void fail() {
            done.complete(new Outcome(lastCandidate, null, last, null));
        }

        private void stepUnsafe() {
            while (true) {
                if (index >= candidates.size()) {
                    fail();
                    return;
                }
                Candidate c = candidates.get(index);
                String name = c.provider();
                if (skipped.contains(name)) {
                    next();
                    continue;
                }
                if (name.equals(contextProvider) && contextWindow(c.model()) <= contextFloor) {
                    next();
                    continue;
                }
                Instant now = clock.instant();
                if (!now.isBefore(deadline)) {
                    last = new ProviderTimeoutException(name, -1, "the call's deadline of " + plan.timeout().toSeconds()
                            + " s passed (Q2O_LLM_TIMEOUT_SECONDS)", null);
                    fail();
                    return;
                }
                if (!c.handle().breaker().tryAcquirePermission()) {
                    ctx.attempt(new Attempt(name, c.model(), Attempt.Outcome.SKIPPED_CIRCUIT_OPEN, null,
                            "circuit open after repeated failures; skipped until the cooldown passes", Duration.ZERO));
                    skipped.add(name);
                    next();
                    continue;
                }
                long wait = c.handle().tryAcquire(estimate + plan.maxTokens());
                if (wait != 0) {
                    c.handle().breaker().releasePermission();
                    Duration w = wait < 0 ? null : Duration.ofNanos(wait);
                    if (w == null || w.compareTo(config.rateLimitMaxWait()) > 0 || now.plus(w).isAfter(deadline)) {
                        ctx.attempt(new Attempt(name, c.model(), Attempt.Outcome.SKIPPED_RATE_LIMIT, null,
                                w == null ? "request is larger than the tokens-per-minute limit"
                                        : "rate limit needs a wait of " + w.toMillis() + " ms", Duration.ZERO));
                        skipped.add(name);
                        next();
                        continue;
                    }
                    scheduler.delay(w).whenComplete((v, e) -> step());
                    return;
                }
                invoke(c, now);
                return;
            }
        }

        private void invoke(Candidate c, Instant started) {
            String name = c.provider();
            Duration remaining = Duration.between(started, deadline);
            Duration attemptTimeout = listener == null && config.requestTimeout().compareTo(remaining) < 0
                    ? config.requestTimeout() : remaining;
            LlmRequest req = plan.req();
            double temperature = req.temperature() != null ? req.temperature()
                    : config.providerTemperature(name).orElse(config.temperature());
            ProviderRequest pr = ProviderRequest.of(req, c.model(), temperature, plan.maxTokens(), attemptTimeout);
            if (config.debug()) {
                log.info("LLM request -> {}/{} temperature={} maxTokens={} system: {} | user: {}", name, c.model(),
                        temperature, plan.maxTokens(), debugText(req.systemPrompt()), debugText(req.userPrompt()));
            }
            CompletableFuture<ProviderResponse> call;
            try {
                if (listener == null) {
                    call = c.handle().provider().completeAsync(pr, blockingExecutor);
                } else {
                    StreamSink sink = text -> {
                        if (finished) {
                            throw new CancellationException("the call has already finished");
                        }
                        if (text == null || text.isEmpty()) {
                            return;
                        }
                        synchronized (partial) {
                            partial.append(text);
                        }
                        delivered = true;
                        try {
                            listener.onText(text);
                        } catch (RuntimeException e) {
                            throw new ListenerFailure(e);
                        }
                    };
                    call = CompletableFuture.supplyAsync(() -> c.handle().provider().stream(pr, sink), blockingExecutor);
                }
                if (call == null) {
                    call = CompletableFuture.failedFuture(new MalformedResponseException(name, -1,
                            "adapter returned no future", null));
                }
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
            CompletableFuture<ProviderResponse> guarded = call;
            if (!call.isDone()) {
                CompletableFuture<ProviderResponse> g = new CompletableFuture<>();
                CompletableFuture<ProviderResponse> raw = call;
                CompletableFuture<Void> timer = scheduler.delay(attemptTimeout);
                raw.whenComplete((r, e) -> {
                    timer.cancel(false);
                    if (e == null) {
                        g.complete(r);
                    } else {
                        g.completeExceptionally(e);
                    }
                });
                timer.thenRun(() -> {
                    if (g.completeExceptionally(new ProviderTimeoutException(name, -1, name + "/" + c.model()
                            + " gave no answer within " + attemptTimeout.toMillis() + " ms", null))) {
                        raw.cancel(true);
                    }
                });
                guarded = g;
            }
            guarded.whenComplete((r, e) -> onResult(c, started, r, e));
        }

        private void onResult(Candidate c, Instant started, ProviderResponse r, Throwable e) {
            try {
                handleResult(c, started, r, e);
            } catch (RuntimeException ex) {
                done.completeExceptionally(ex);
            }
        }

        private void handleResult(Candidate c, Instant started, ProviderResponse r, Throwable e) {
            Duration took = Duration.between(started, clock.instant());
            if (took.isNegative()) {
                took = Duration.ZERO;
            }
            String name = c.provider();
            if (e == null && r == null) {
                e = new MalformedResponseException(name, -1, "adapter returned no response", null);
            }
            if (e == null) {
                c.handle().breaker().onSuccess(took.toNanos(), TimeUnit.NANOSECONDS);
                ctx.attempt(new Attempt(name, c.model(), Attempt.Outcome.SUCCESS, null, "", took));
                c.handle().refundTokens(estimate + plan.maxTokens() - r.tokens().totalTokens());
                done.complete(new Outcome(c, r, null, null));
                return;
            }
            ProviderException pe = classify(name, unwrap(e));
            boolean providerFault = pe.kind().isRetryable() || pe.kind() == ErrorKind.AUTHENTICATION
                    || pe.kind() == ErrorKind.INTERNAL;
            if (providerFault) {
                c.handle().breaker().onError(took.toNanos(), TimeUnit.NANOSECONDS, pe);
            } else {
                c.handle().breaker().releasePermission();
            }
            String message = redactor.redact(oneLine(pe.getMessage()));
            String variable = c.handle().keyVariable();
            if (pe.kind() == ErrorKind.AUTHENTICATION && !"-".equals(variable) && !message.contains(variable)) {
                message = message + " (check " + variable + ")";
                pe = new ProviderException(ErrorKind.AUTHENTICATION, name, pe.statusCode().orElse(-1), null, message, pe);
            }
            ctx.attempt(new Attempt(name, c.model(), Attempt.Outcome.FAILED, pe.kind(), message, took));
            log.debug("LLM attempt {}/{} failed: {} {}", name, c.model(), pe.kind(), message);
            last = pe;
            lastCandidate = c;
            if (listener != null && delivered) {
                String text;
                synchronized (partial) {
                    text = partial.toString();
                }
                last = new ProviderException(ErrorKind.STREAM_INTERRUPTED, name, -1, null, "stream from " + name
                        + "/" + c.model() + " broke after " + text.length() + " characters: " + message, pe);
                done.complete(new Outcome(c, null, last, text));
                return;
            }
            switch (pe.kind()) {
                case RATE_LIMITED, OVERLOADED, SERVER_ERROR, TIMEOUT, CONNECTION, MALFORMED_RESPONSE -> retryOrMoveOn(pe, name, c);
                case AUTHENTICATION -> {
                    skipped.add(name);
                    next();
                    step();
                }
                case MODEL_NOT_FOUND -> {
                    next();
                    step();
                }
                case CONTEXT_LENGTH_EXCEEDED -> {
                    contextProvider = name;
                    contextFloor = Math.max(contextFloor, contextWindow(c.model()));
                    next();
                    step();
                }
                case INVALID_REQUEST -> {
                    if (config.failFastOnInvalidRequest()) {
                        fail();
                    } else {
                        next();
                        step();
                    }
                }
                default -> {
                    skipped.add(name);
                    next();
                    step();
                }
            }
        }

        private void retryOrMoveOn(ProviderException pe, String name, Candidate c) {
            if (retry >= config.maxRetries()) {
                next();
                step();
                return;
            }
            Duration delay;
            Optional<Duration> retryAfter = pe.retryAfter();
            if (retryAfter.isPresent()) {
                if (retryAfter.get().compareTo(config.retryAfterCap()) > 0) {
                    log.info("{}/{} asked to retry after {} s, more than the cap of {} s "
                            + "(Q2O_LLM_RETRY_AFTER_CAP_SECONDS): moving on", name, c.model(),
                            retryAfter.get().toSeconds(), config.retryAfterCap().toSeconds());
                    next();
                    step();
                    return;
                }
                delay = retryAfter.get();
            } else {
                delay = backoffDelay(retry + 1);
            }
            if (clock.instant().plus(delay).isAfter(deadline)) {
                next();
                step();
                return;
            }
            retry++;
            scheduler.delay(delay).whenComplete((v, x) -> step());
        }

        private ProviderException classify(String name, Throwable t) {
            if (t instanceof ProviderException pe) {
                return pe;
            }
            if (t instanceof ListenerFailure lf) {
                return new ProviderException(ErrorKind.INTERNAL, name, -1, null, "the stream listener threw "
                        + lf.getCause(), lf.getCause());
            }
            if (t instanceof TimeoutException) {
                return new ProviderTimeoutException(name, -1, "timed out: " + t.getMessage(), t);
            }
            return new ProviderException(ErrorKind.INTERNAL, name, -1, null, "adapter " + name
                    + " failed unexpectedly: " + t, t);
        }
    }
}
