package io.q2o.llm.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.q2o.llm.Attempt;
import io.q2o.llm.CachePolicy;
import io.q2o.llm.CostAlert;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmError;
import io.q2o.llm.LlmListener;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.LlmUsage;
import io.q2o.llm.ToolCall;
import io.q2o.llm.ToolDefinition;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Micrometer meters for an {@link LlmService}, fed by its listener callbacks. The two client
 * metrics of the OpenTelemetry GenAI semantic conventions ({@value #OPERATION_DURATION} and
 * {@value #TOKEN_USAGE}) plus the library's own: calls, cost in USD, tokens, cache gets,
 * fallbacks, retries, skips, tool calls, failures, budget refusals, cost alerts and — once
 * {@link #bindTo(LlmService) bound} to a service — budget and daily-limit gauges. Every meter is
 * listed in this module's {@code README.md}.
 *
 * <pre>{@code
 * LlmConfig config = LlmConfig.fromEnvironment();
 * LlmMetrics metrics = LlmMetrics.builder(registry).config(config).tags("application", "coder").build();
 * LlmService llm = LlmService.builder().config(config).listener(metrics).build();
 * metrics.bindTo(llm); // budget and daily-limit gauges
 * }</pre>
 *
 * <p>Tag values are bounded: provider and model names come from the configuration (or the
 * provider's answer), error types from {@link ErrorKind}, agents from
 * {@link io.q2o.llm.RequestTags#agentId()} up to {@link Builder#maxAgents} distinct values (then
 * {@value #OTHER}); request ids, prompts, task and project ids are never tags. Micrometer needs
 * the same tag keys on every meter of one name, so a tag that does not apply is {@value #NONE}.
 *
 * <p>Thread-safe: callbacks may arrive on any thread. Costs are summed exactly as
 * {@link BigDecimal} and converted to {@code double} only when a registry reads them, so the
 * {@value #COST} counter carries no accumulated rounding error.
 *
 * <p>Length: over half of this file is public API that belongs together — the meter names, tag
 * keys and values, and the {@link Builder}; the meters themselves are built in {@code LlmMeters},
 * so what is left here is which event moves which meter with which tags.
 */
public final class LlmMetrics implements LlmListener {

    // ------------------------------------------------------------ meter names

    /** Histogram (Timer) of provider request durations, OTel GenAI semantic conventions. */
    public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
    /** Histogram (DistributionSummary) of input and output tokens per provider answer, OTel GenAI. */
    public static final String TOKEN_USAGE = "gen_ai.client.token.usage";
    /** Counter of finished calls by outcome. */
    public static final String CALLS = "q2o.llm.calls";
    /** Counter of exact cost in USD. */
    public static final String COST = "q2o.llm.cost";
    /** Counter of successful provider calls whose model has no price (their cost is not in {@value #COST}). */
    public static final String UNPRICED_CALLS = "q2o.llm.unpriced.calls";
    /** Counter of tokens by provider, model, agent and token type. */
    public static final String TOKENS = "q2o.llm.tokens";
    /** Counter of response-cache lookups by result (hit/miss). */
    public static final String CACHE_GETS = "q2o.llm.cache.gets";
    /** Counter of moves from one provider to the next within a call. */
    public static final String FALLBACKS = "q2o.llm.fallbacks";
    /** Counter of attempts beyond the first on the same provider and model within a call. */
    public static final String RETRIES = "q2o.llm.retries";
    /** Counter of candidates skipped without a network call. */
    public static final String SKIPS = "q2o.llm.skips";
    /** Counter of the tool calls in provider answers, by tool. */
    public static final String TOOL_CALLS = "q2o.llm.tool.calls";
    /** Counter of failed calls by error type. */
    public static final String FAILURES = "q2o.llm.failures";
    /** Counter of calls refused by a hard cost budget. */
    public static final String BUDGET_REFUSALS = "q2o.llm.budget.refusals";
    /** Counter of daily cost alerts ({@code Q2O_LLM_COST_ALERT}). */
    public static final String ALERTS = "q2o.llm.alerts";
    /** Gauge of the current day's / month's committed cost in USD. */
    public static final String BUDGET_SPENT = "q2o.llm.budget.spent";
    /** Gauge of the daily cost limit / monthly budget in USD. */
    public static final String BUDGET_LIMIT = "q2o.llm.budget.limit";
    /** Gauge of the daily cost limit / monthly budget left in USD. */
    public static final String BUDGET_REMAINING = "q2o.llm.budget.remaining";
    /** Gauge of the daily cost alert threshold in USD. */
    public static final String ALERT_THRESHOLD = "q2o.llm.alert.threshold";
    /** Gauge of calls counted against today's {@code Q2O_LLM_DAILY_LIMIT}. */
    public static final String DAILY_CALLS_USED = "q2o.llm.daily.calls.used";
    /** Gauge of {@code Q2O_LLM_DAILY_LIMIT}. */
    public static final String DAILY_CALLS_LIMIT = "q2o.llm.daily.calls.limit";
    /** Gauge of calls left today under {@code Q2O_LLM_DAILY_LIMIT}. */
    public static final String DAILY_CALLS_REMAINING = "q2o.llm.daily.calls.remaining";

    // ------------------------------------------------------------ tag keys and values

    /** OTel attribute: the operation, always {@value #CHAT}. */
    public static final String GEN_AI_OPERATION_NAME = "gen_ai.operation.name";
    /** OTel attribute: the provider in the conventions' spelling (e.g. {@code gcp.gemini}). */
    public static final String GEN_AI_PROVIDER_NAME = "gen_ai.provider.name";
    /** OTel attribute: the model asked for. */
    public static final String GEN_AI_REQUEST_MODEL = "gen_ai.request.model";
    /** OTel attribute: the model that answered. */
    public static final String GEN_AI_RESPONSE_MODEL = "gen_ai.response.model";
    /** OTel attribute: {@code input} or {@code output}. */
    public static final String GEN_AI_TOKEN_TYPE = "gen_ai.token.type";
    /** OTel attribute: the error kind in lower case, e.g. {@code server_error}. */
    public static final String ERROR_TYPE = "error.type";
    /** The library's provider name, e.g. {@code gemini}. */
    public static final String PROVIDER = "provider";
    /** The model that answered. */
    public static final String MODEL = "model";
    /** The request's agent tag. */
    public static final String AGENT = "agent";
    /** Call outcome: success, cache_hit, failure or dry_run. */
    public static final String OUTCOME = "outcome";
    /** Token type of {@value #TOKENS}: input or output. */
    public static final String TOKEN_TYPE = "token.type";
    /** Cache lookup result: hit or miss. */
    public static final String RESULT = "result";
    /** Fallback source provider. */
    public static final String FROM_PROVIDER = "from.provider";
    /** Fallback target provider. */
    public static final String TO_PROVIDER = "to.provider";
    /** Why a fallback or skip happened. */
    public static final String REASON = "reason";
    /** The error's short code, e.g. {@code http-503}, {@code daily-limit}, {@code budget}. */
    public static final String ERROR_CODE = "error.code";
    /** The tool a model called: a tool the request offered, else {@value #OTHER}. */
    public static final String TOOL = "tool";
    /** Budget period: daily or monthly. */
    public static final String PERIOD = "period";

    /** The value of {@value #GEN_AI_OPERATION_NAME}. */
    public static final String CHAT = "chat";
    /** The value of a tag that does not apply. */
    public static final String NONE = "none";
    /** The agent value once {@link Builder#maxAgents} distinct agents have been seen. */
    public static final String OTHER = "other";

    private static final String TOKENS_DESCRIPTION = "tokens of provider answers (input includes cached prompt tokens, "
            + "output includes reasoning tokens)";

    private final LlmMeters meters;
    private final boolean agentTag;
    private final int maxAgents;
    private final Map<String, String> genAiProviders;
    private final Set<String> agents = ConcurrentHashMap.newKeySet();
    private volatile LlmConfig config;

    private LlmMetrics(Builder b) {
        this.meters = new LlmMeters(b.registry, b.tags, b.histogramBuckets);
        this.agentTag = b.agentTag;
        this.maxAgents = b.maxAgents;
        this.genAiProviders = Map.copyOf(b.genAiProviders);
        this.config = b.config;
    }

    /**
     * @param registry where the meters go
     * @return a builder
     */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    /**
     * Meters with default settings: agent tag on, no common tags, no configuration (cache misses
     * are counted only after {@link #bindTo}).
     *
     * @param registry where the meters go
     * @return the listener
     */
    public static LlmMetrics of(MeterRegistry registry) {
        return builder(registry).build();
    }

    // ------------------------------------------------------------ gauges

    /**
     * Registers the budget and daily-limit gauges, read from {@link LlmService#usageStats()}
     * whenever the registry polls them (today's and this month's figures come from the service's
     * counter store, so they include usage restored from the ledger and other instances sharing
     * the store), and adopts the service's configuration for telling cache misses if none was
     * given to the builder. The gauges hold the service weakly: once it is garbage, they read NaN.
     *
     * @param service the service this listener is registered with
     * @return this
     */
    public LlmMetrics bindTo(LlmService service) {
        Objects.requireNonNull(service, "service");
        LlmConfig cfg = service.config();
        if (config == null) {
            config = cfg;
        }
        meters.bindGauges(service, cfg);
        return this;
    }

    // ------------------------------------------------------------ callbacks

    @Override
    public void onAttempt(AttemptEvent event) {
        Attempt a = event.attempt();
        String reason = switch (a.outcome()) {
            case SKIPPED_CIRCUIT_OPEN -> "circuit_open";
            case SKIPPED_RATE_LIMIT -> "rate_limit";
            case SKIPPED_PRICE_UNKNOWN -> "price_unknown";
            case SUCCESS, FAILED -> null;
        };
        if (reason != null) {
            counter(SKIPS, "candidates skipped without a network call",
                    Tags.of(PROVIDER, value(a.provider()), MODEL, value(a.model()), REASON, reason)).increment();
        }
    }

    @Override
    public void onFallback(FallbackEvent event) {
        counter(FALLBACKS, "moves from one provider to the next within a call",
                Tags.of(FROM_PROVIDER, value(event.fromProvider()), TO_PROVIDER, value(event.toProvider()),
                        REASON, event.reason() == null ? "skipped" : errorType(event.reason()))).increment();
    }

    @Override
    public void onCacheHit(CallEvent event) {
        cacheGet("hit", event.request());
    }

    @Override
    public void onBudgetExhausted(BudgetEvent event) {
        counter(BUDGET_REFUSALS, "calls refused by a hard cost budget", withAgent(Tags.empty(), event.request()))
                .increment();
    }

    @Override
    public void onCostAlert(CostAlert alert) {
        counter(ALERTS, "daily cost alerts (Q2O_LLM_COST_ALERT crossed)", Tags.empty()).increment();
    }

    @Override
    public void onResponse(CallEvent event) {
        LlmResponse r = event.response();
        LlmRequest req = event.request();
        recordAttempts(r, req);
        String outcome = r.simulated() ? "dry_run" : r.cacheHit() ? "cache_hit" : r.success() ? "success" : "failure";
        Tags byModel = Tags.of(PROVIDER, value(r.provider()), MODEL, value(r.model()));
        counter(CALLS, "finished calls", withAgent(byModel.and(OUTCOME, outcome), req)).increment();
        if (!r.simulated() && !r.cacheHit() && cacheLookedUp(req)) {
            cacheGet("miss", req);
        }
        if (!r.success()) {
            LlmError e = r.error();
            counter(FAILURES, "failed calls", withAgent(Tags.of(PROVIDER, value(r.provider()),
                    ERROR_TYPE, errorType(e.kind()), ERROR_CODE, value(e.code())), req)).increment();
            return;
        }
        LlmUsage u = r.usage();
        if (r.simulated() || r.cacheHit() || u == null) {
            return;
        }
        Tags t = withAgent(byModel, req);
        if (!r.toolCalls().isEmpty()) {
            // the tag is bounded by the request's tool definitions: a name the model made up is "other"
            Set<String> offered = req.tools().stream().map(ToolDefinition::name).collect(java.util.stream.Collectors.toSet());
            for (ToolCall c : r.toolCalls()) {
                counter(TOOL_CALLS, "tool calls in provider answers",
                        t.and(TOOL, offered.contains(c.name()) ? c.name() : OTHER)).increment();
            }
        }
        counter(TOKENS, TOKENS_DESCRIPTION, t.and(TOKEN_TYPE, "input")).increment(u.inputTokens());
        counter(TOKENS, TOKENS_DESCRIPTION, t.and(TOKEN_TYPE, "output")).increment(u.outputTokens());
        Optional<BigDecimal> cost = u.totalCost();
        if (cost.isPresent()) {
            meters.addCost(t, cost.get());
        } else {
            counter(UNPRICED_CALLS, "successful calls whose model has no price; their cost is not in " + COST, t)
                    .increment();
        }
        Attempt answered = lastSuccess(r.attempts());
        Tags tokenTags = Tags.of(GEN_AI_OPERATION_NAME, CHAT, GEN_AI_PROVIDER_NAME, genAiProvider(u.provider()),
                GEN_AI_REQUEST_MODEL, value(answered == null ? u.model() : answered.model()),
                GEN_AI_RESPONSE_MODEL, value(u.model()));
        meters.tokenUsage(tokenTags.and(GEN_AI_TOKEN_TYPE, "input")).record(u.inputTokens());
        meters.tokenUsage(tokenTags.and(GEN_AI_TOKEN_TYPE, "output")).record(u.outputTokens());
    }

    /** Provider requests (not skips) become operation durations; a repeat on the same model is a retry. */
    private void recordAttempts(LlmResponse r, LlmRequest req) {
        List<Attempt> attempts = r.attempts();
        for (int i = 0; i < attempts.size(); i++) {
            Attempt a = attempts.get(i);
            boolean ok = a.outcome() == Attempt.Outcome.SUCCESS;
            if (!ok && a.outcome() != Attempt.Outcome.FAILED) {
                continue;
            }
            String responseModel = ok && r.success() ? value(r.model()) : NONE;
            meters.operationDuration(Tags.of(GEN_AI_OPERATION_NAME, CHAT, GEN_AI_PROVIDER_NAME, genAiProvider(a.provider()),
                    GEN_AI_REQUEST_MODEL, value(a.model()), GEN_AI_RESPONSE_MODEL, responseModel,
                    ERROR_TYPE, ok ? NONE : errorType(a.error()))).record(a.duration());
            if (i > 0) {
                Attempt prev = attempts.get(i - 1);
                if (prev.outcome() == Attempt.Outcome.FAILED && prev.provider().equals(a.provider())
                        && prev.model().equals(a.model())) {
                    counter(RETRIES, "attempts beyond the first on the same provider and model within a call",
                            withAgent(Tags.of(PROVIDER, value(a.provider()), MODEL, value(a.model()),
                                    ERROR_TYPE, errorType(prev.error())), req)).increment();
                }
            }
        }
    }

    private static Attempt lastSuccess(List<Attempt> attempts) {
        for (int i = attempts.size() - 1; i >= 0; i--) {
            if (attempts.get(i).outcome() == Attempt.Outcome.SUCCESS) {
                return attempts.get(i);
            }
        }
        return null;
    }

    /** Mirrors the pipeline: the cache is consulted when it is on, the call is live and the policy is not BYPASS. */
    private boolean cacheLookedUp(LlmRequest req) {
        LlmConfig c = config;
        return c != null && c.useLlm() && !c.dryRun() && c.cacheEnabled() && c.cacheMaxBytes() > 0
                && !c.cacheTtl().isZero() && req.cachePolicy() != CachePolicy.BYPASS;
    }

    private void cacheGet(String result, LlmRequest req) {
        counter(CACHE_GETS, "response-cache lookups", withAgent(Tags.of(RESULT, result), req)).increment();
    }

    private Counter counter(String name, String description, Tags tags) {
        return meters.counter(name, description, tags);
    }

    // ------------------------------------------------------------ tag values

    private Tags withAgent(Tags tags, LlmRequest req) {
        return agentTag ? tags.and(AGENT, agent(req.tags().agentId())) : tags;
    }

    private String agent(String id) {
        if (id == null || id.isBlank()) {
            return NONE;
        }
        if (agents.contains(id)) {
            return id;
        }
        synchronized (agents) {
            if (agents.contains(id)) {
                return id;
            }
            if (agents.size() >= maxAgents) {
                return OTHER;
            }
            agents.add(id);
            return id;
        }
    }

    private String genAiProvider(String provider) {
        if (provider == null || provider.isEmpty()) {
            return NONE;
        }
        return genAiProviders.getOrDefault(provider, provider);
    }

    private static String errorType(ErrorKind kind) {
        return kind == null ? "_OTHER" : kind.name().toLowerCase(Locale.ROOT);
    }

    private static String value(String s) {
        return s == null || s.isEmpty() ? NONE : s;
    }

    /** Settings of {@link LlmMetrics}. Not thread-safe. */
    public static final class Builder {
        private final MeterRegistry registry;
        private Tags tags = Tags.empty();
        private boolean agentTag = true;
        private int maxAgents = 100;
        private boolean histogramBuckets = true;
        /** Each provider's {@value #GEN_AI_PROVIDER_NAME} value, from its factory's telemetry name. */
        private final Map<String, String> genAiProviders =
                new HashMap<>(io.q2o.llm.spi.LlmProviderFactory.discoveredTelemetryNames(LlmMetrics.class.getClassLoader()));
        private LlmConfig config;

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * @param tags tags added to every meter (e.g. the application name)
         * @return this
         */
        public Builder tags(Iterable<Tag> tags) {
            this.tags = this.tags.and(tags);
            return this;
        }

        /**
         * @param keyValues tag keys and values, alternating
         * @return this
         */
        public Builder tags(String... keyValues) {
            this.tags = this.tags.and(keyValues);
            return this;
        }

        /**
         * @param on whether the library's meters carry the request's agent tag ({@value #AGENT});
         *           default true. The GenAI convention meters never do.
         * @return this
         */
        public Builder agentTag(boolean on) {
            this.agentTag = on;
            return this;
        }

        /**
         * @param max distinct agent values before further agents are reported as {@value #OTHER};
         *            default 100
         * @return this
         */
        public Builder maxAgents(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxAgents must be >= 0: " + max);
            }
            this.maxAgents = max;
            return this;
        }

        /**
         * @param on whether the two GenAI histograms publish the conventions' explicit bucket
         *           boundaries (as service-level objectives); default true
         * @return this
         */
        public Builder histogramBuckets(boolean on) {
            this.histogramBuckets = on;
            return this;
        }

        /**
         * Maps a provider name to its {@value #GEN_AI_PROVIDER_NAME} value. Built in:
         * {@code gemini → gcp.gemini}, {@code openai → openai}, {@code anthropic → anthropic};
         * any other provider is reported under its own name.
         *
         * @param provider    the library's provider name
         * @param genAiName   the conventions' value, e.g. {@code gcp.vertex_ai}
         * @return this
         */
        public Builder genAiProviderName(String provider, String genAiName) {
            genAiProviders.put(Objects.requireNonNull(provider, "provider"), Objects.requireNonNull(genAiName, "genAiName"));
            return this;
        }

        /**
         * @param config the configuration the service runs with; tells cache misses apart from
         *               calls made with the cache off (else learnt from {@link LlmMetrics#bindTo})
         * @return this
         */
        public Builder config(LlmConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** @return the listener, to register with {@link LlmService.Builder#listener} */
        public LlmMetrics build() {
            return new LlmMetrics(this);
        }
    }
}
