package io.q2o.llm;

import io.q2o.llm.internal.InMemoryCounterStore;
import io.q2o.llm.internal.AsyncExecutors;
import io.q2o.llm.internal.Closer;
import io.q2o.llm.internal.Discovery;
import io.q2o.llm.internal.CodeRequests;
import io.q2o.llm.internal.LedgerRestore;
import io.q2o.llm.internal.LedgerShippers;
import io.q2o.llm.internal.ProviderRegistry;
import io.q2o.llm.internal.EngineSettings;
import io.q2o.llm.internal.InputBound;
import io.q2o.llm.internal.ProviderHandle;
import io.q2o.llm.internal.Sleeper;
import io.q2o.llm.internal.call.CallChain;
import io.q2o.llm.internal.Redactor;
import io.q2o.llm.internal.ResponseCache;
import io.q2o.llm.cache.DiskCacheTier;
import io.q2o.llm.spi.BucketFactory;
import io.q2o.llm.spi.CacheTier;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.LlmProviderFactory;
import io.q2o.llm.spi.SharedStateProvider;
import io.q2o.llm.spi.UsageCounterStore;
import io.q2o.llm.usage.UsageLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One dependable way to call large language models: a facade over pluggable provider adapters
 * with automatic fallback, retries, exact cost tracking, usage statistics, daily limits and
 * budgets, rate limiting, a response cache and a dry-run mode.
 *
 * <pre>{@code
 * try (LlmService llm = LlmService.fromEnvironment()) {
 *     LlmResponse r = llm.complete("You are terse.", "Say hello", 0.7, 256, null);
 *     if (r.success()) System.out.println(r.content() + " cost " + r.usage().totalCost());
 * }
 * }</pre>
 *
 * <p>Calls never throw for provider failures: they return an {@link LlmResponse} with
 * {@code success=false} and a typed {@link LlmError} ({@link LlmResponse#orThrow()} converts it).
 * They throw only for programming errors (a {@code null} request, an unknown provider name).
 *
 * <p>Thread-safe. Holds threads and SDK clients: {@link #close()} it (try-with-resources).
 * Providers are found with {@link ServiceLoader} ({@code io.q2o.llm.spi.LlmProviderFactory})
 * and can be registered on the {@link Builder}. A provider whose API key is not set is skipped
 * with one logged line.
 */
public final class LlmService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LlmService.class);

    /** Max output tokens of {@link #generateCode}. */
    public static final int CODE_MAX_TOKENS = 8192;

    private final LlmConfig config;
    private final CallChain chain;
    private final Executor asyncExecutor;
    private final List<LlmProvider> providers;
    private final List<String> usableProviders;
    private final ExecutorService ownedExecutor;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final UsageLedger ledger;
    private final ResponseCache cache;
    private final AutoCloseable sharedResources;
    private final LedgerShippers shippers = new LedgerShippers();

    private LlmService(Builder b) {
        this.config = b.config != null ? b.config : LlmConfig.fromEnvironment();
        Clock clock = b.clock != null ? b.clock : Clock.system(config.zone());
        EngineSettings engine = EngineSettings.from(config);
        SharedStateProvider.SharedState shared = b.discover ? Discovery.sharedState(config, clock).orElse(null) : null;
        this.sharedResources = shared == null ? null : shared.resources();
        BucketFactory buckets = b.bucketFactory != null ? b.bucketFactory : shared == null ? null : shared.buckets();
        ProviderRegistry registry = new ProviderRegistry(config, clock, Discovery.factories(b.discover, b.factories),
                b.instances, buckets);
        Map<String, ProviderHandle> handles = registry.handles();
        this.providers = registry.providers();
        this.usableProviders = List.copyOf(handles.keySet());
        Sleeper sleeper = b.scheduler != null ? Sleeper.of(b.scheduler) : Sleeper.threadSleep();
        this.ownedExecutor = b.executor == null ? AsyncExecutors.create(engine.asyncThreads()) : null;
        this.asyncExecutor = b.executor != null ? b.executor : ownedExecutor;
        UsageCounterStore store = b.store != null ? b.store
                : shared != null && shared.counters() != null ? shared.counters() : new InMemoryCounterStore();
        List<LlmListener> listeners = new ArrayList<>();
        this.ledger = config.usageDir().map(dir -> new UsageLedger(dir, config.zone(), config.usageFsync())).orElse(null);
        if (ledger != null) {
            if (!store.durable()) {
                LedgerRestore.restore(ledger.dir(), config.zone(), store, clock);
            }
            listeners.add(ledger);
            if (b.discover) {
                try {
                    shippers.start(config, ledger.dir(), clock, Discovery.classLoader(), listeners);
                } catch (RuntimeException e) {
                    ledger.close();
                    throw e;
                }
            }
        }
        listeners.addAll(b.listeners);
        CacheTier tier = b.cacheTier != null ? b.cacheTier
                : shared != null && shared.cacheTier() != null ? shared.cacheTier()
                : config.cacheDir().map(d -> (CacheTier) new DiskCacheTier(d, config.cacheDirMaxBytes(), clock)).orElse(null);
        this.cache = config.cacheEnabled() && config.cacheMaxBytes() > 0 && !config.cacheTtl().isZero()
                ? new ResponseCache(config.cacheMaxBytes(), config.cacheTtl(), clock, tier) : null;
        this.chain = new CallChain(new CallChain.Parts(config, handles, registry.unusable(), registry.keyVariables(),
                registry.allModels(), clock, sleeper, store, cache, listeners, new Redactor(registry.secrets()),
                new InputBound(engine.tokensPerByte(), engine.estimateFactor()), engine.budgetFloor(), engine.pinnedModelFallback()));
        if (config.useLlm() && handles.isEmpty() && !config.dryRun()) {
            log.warn("No LLM provider is usable; calls will fail with NO_PROVIDER until one of {} is set",
                    String.join(", ", new LinkedHashSet<>(registry.keyVariables().values())));
        }
    }

    /**
     * A service configured from the environment, {@code .env} and config files, with every
     * provider found on the class path.
     *
     * @return the service
     * @throws ConfigException if a setting is malformed
     */
    public static LlmService fromEnvironment() {
        return builder().build();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ calls

    /**
     * The plan's call: one completion with explicit parameters, blocking.
     *
     * @param systemPrompt system/instruction prompt (may be empty)
     * @param userPrompt   the user query
     * @param temperature  randomness, 0.0 to 2.0
     * @param maxTokens    maximum output tokens, &gt; 0
     * @param provider     force a provider first (fallback still follows), or {@code null} for the primary
     * @return the response; never {@code null}
     */
    public LlmResponse complete(String systemPrompt, String userPrompt, double temperature, int maxTokens,
                                String provider) {
        return complete(LlmRequest.builder().systemPrompt(systemPrompt).userPrompt(userPrompt)
                .temperature(temperature).maxTokens(maxTokens).provider(provider).build());
    }

    /**
     * One completion, blocking until the answer, the failure or the deadline. The whole call runs
     * on the calling thread, through the provider SDK's blocking client: no thread hand-off.
     *
     * @param request the request
     * @return the response; never {@code null}
     * @throws IllegalArgumentException if the request names an unknown provider
     */
    public LlmResponse complete(LlmRequest request) {
        ensureOpen();
        return chain.execute(request, null);
    }

    /**
     * One completion without blocking the caller: the same call as {@link #complete(LlmRequest)}
     * on the service's executor — a virtual thread per call on Java 21+, a pool of at most
     * {@code Q2O_LLM_ASYNC_THREADS} (default 512) threads on Java 17–20, or the executor given to
     * {@link Builder#executor}.
     *
     * @param request the request
     * @return a future of the response; it never completes exceptionally
     * @throws IllegalArgumentException if the request names an unknown provider
     */
    public CompletableFuture<LlmResponse> completeAsync(LlmRequest request) {
        ensureOpen();
        return chain.submit(request, null, asyncExecutor);
    }

    /**
     * Streams one completion: text chunks go to {@code listener} as they arrive, the returned
     * future completes with the full response and its usage and cost. Fallback to the next
     * provider happens only before the first chunk reached the listener; a stream that breaks
     * later ends with {@link ErrorKind#STREAM_INTERRUPTED} and the partial text
     * ({@link LlmResponse#partial()}). Only streams that completed normally are cached.
     *
     * @param request  the request
     * @param listener receives the chunks on a library thread
     * @return a future of the final response; it never completes exceptionally
     */
    public CompletableFuture<LlmResponse> stream(LlmRequest request, StreamListener listener) {
        ensureOpen();
        Objects.requireNonNull(listener, "listener");
        return chain.submit(request, listener, asyncExecutor);
    }

    /**
     * Builds the plan's code-generation request: an expert system prompt for the tech stack, the
     * research context rendered as JSON, {@value #CODE_MAX_TOKENS} max tokens.
     *
     * @param taskDescription what to build
     * @param techStack       technologies to use
     * @param researchContext research findings, or {@code null}/empty for none
     * @param temperature     randomness (the plan uses 0.3 for code)
     * @param language        the programming language, e.g. {@code "python"}
     * @return a request builder, so callers can add tags or a cache policy
     */
    public LlmRequest.Builder codeRequest(String taskDescription, List<String> techStack,
                                         Map<String, ?> researchContext, double temperature, String language) {
        return CodeRequests.build(taskDescription, techStack, researchContext, temperature, language, CODE_MAX_TOKENS);
    }

    /**
     * The plan's specialised code-generation call (see {@link #codeRequest}), blocking.
     *
     * @param taskDescription what to build
     * @param techStack       technologies to use
     * @param researchContext research findings, or {@code null}
     * @param temperature     randomness (the plan uses 0.3)
     * @param language        the programming language
     * @return the response
     */
    public LlmResponse generateCode(String taskDescription, List<String> techStack, Map<String, ?> researchContext,
                                    double temperature, String language) {
        return complete(codeRequest(taskDescription, techStack, researchContext, temperature, language).build());
    }

    /**
     * {@link #generateCode(String, List, Map, double, String)} with no research context, the
     * configured code temperature ({@code Q2O_LLM_CODE_TEMPERATURE}, default 0.3) and Python.
     *
     * @param taskDescription what to build
     * @param techStack       technologies to use
     * @return the response
     */
    public LlmResponse generateCode(String taskDescription, List<String> techStack) {
        return generateCode(taskDescription, techStack, null, config.codeTemperature(), "python");
    }

    // ------------------------------------------------------------------ state

    /** @return usage statistics since start, with today's and this month's counters */
    public UsageStats usageStats() {
        return chain.stats();
    }

    /** @return whether the LLM integration is on ({@code Q2O_USE_LLM}, default true) */
    public boolean isEnabled() {
        return config.useLlm();
    }

    /** @return the configuration in use */
    public LlmConfig config() {
        return config;
    }

    /** @return the names of the providers that can be called (configured with a key), in registration order */
    public List<String> usableProviders() {
        return usableProviders;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("LlmService is closed");
        }
    }

    /** Closes every provider and the threads this service owns. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (LlmProvider p : providers) {
            Closer.quietly("LLM provider " + p.name(), p);
        }
        Closer.quietly("the response cache", cache == null ? null : cache::close);
        Closer.quietly("shared LLM state", sharedResources);
        Closer.quietly("the usage ledger", ledger);
        shippers.close(); // after the ledger: a shipper's last pass sees every line
        Closer.shutdown(ownedExecutor);
    }

    /** @return a summary: enabled flag, usable providers and configuration (no secrets) */
    @Override
    public String toString() {
        return "LlmService{enabled=" + config.useLlm() + ", providers=" + usableProviders + ", config=" + config + "}";
    }

    /**
     * Builder for {@link LlmService}. Defaults: configuration from the environment, the system
     * clock in the configured zone, a private scheduler thread and I/O thread pool, an in-memory
     * counter store, providers discovered with ServiceLoader. Not thread-safe.
     */
    public static final class Builder {
        private LlmConfig config;
        private Clock clock;
        private DelayScheduler scheduler;
        private Executor executor;
        private UsageCounterStore store;
        private CacheTier cacheTier;
        private BucketFactory bucketFactory;
        private boolean discover = true;
        private final List<LlmProviderFactory> factories = new ArrayList<>();
        private final List<ProviderRegistry.Instance> instances = new ArrayList<>();
        private final List<LlmListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** @param config the configuration; default {@link LlmConfig#fromEnvironment()} @return this */
        public Builder config(LlmConfig config) { this.config = Objects.requireNonNull(config, "config"); return this; }

        /** @param clock the time source for limits, budgets, cache expiry and breakers; default the system clock @return this */
        public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock, "clock"); return this; }

        /** @param scheduler supplies the waits of backoff and rate limits (a test can move a test clock instead of waiting); by default the calling thread sleeps @return this */
        public Builder scheduler(DelayScheduler scheduler) { this.scheduler = Objects.requireNonNull(scheduler, "scheduler"); return this; }

        /** @param executor runs async calls and streams (each blocks its thread for the call); not shut down by the service; default a virtual thread per call on Java 21+, else a pool of {@code Q2O_LLM_ASYNC_THREADS} threads @return this */
        public Builder executor(Executor executor) { this.executor = Objects.requireNonNull(executor, "executor"); return this; }

        /** @param store counters for limits and budgets (e.g. a shared store); default in memory @return this */
        public Builder counterStore(UsageCounterStore store) { this.store = Objects.requireNonNull(store, "store"); return this; }

        /** @param tier the second cache tier (e.g. Redis); default a folder ({@code Q2O_LLM_CACHE_DIR}) unless off; closed with the service @return this */
        public Builder cacheTier(CacheTier tier) { this.cacheTier = Objects.requireNonNull(tier, "tier"); return this; }

        /** @param factory supplies rate-limit buckets (e.g. shared through Redis); default in-memory buckets on the service's clock @return this */
        public Builder bucketFactory(BucketFactory factory) { this.bucketFactory = Objects.requireNonNull(factory, "factory"); return this; }

        /** @param discover whether to load provider factories and shared-state providers (e.g. Redis) with ServiceLoader; default true @return this */
        public Builder discoverProviders(boolean discover) { this.discover = discover; return this; }

        /** @param factory a provider factory, used like a discovered one (wins over a discovered factory of the same name) @return this */
        public Builder providerFactory(LlmProviderFactory factory) { factories.add(Objects.requireNonNull(factory, "factory")); return this; }

        /**
         * Registers a ready provider instance; it is usable without an API key check and is
         * closed with the service.
         *
         * @param provider the provider
         * @param models   its models in order; empty to take them from configuration
         * @return this
         */
        public Builder provider(LlmProvider provider, List<String> models) {
            instances.add(new ProviderRegistry.Instance(Objects.requireNonNull(provider, "provider"), List.copyOf(models)));
            return this;
        }

        /** @param listener observes calls, attempts, fallbacks, cache hits, cost alerts and budget refusals; called in registration order @return this */
        public Builder listener(LlmListener listener) { listeners.add(Objects.requireNonNull(listener, "listener")); return this; }

        /**
         * @return the service
         * @throws ConfigException if the configuration is malformed or names an unknown provider
         */
        public LlmService build() {
            return new LlmService(this);
        }
    }

    // ================================================================== conversations, tools, typed answers
    // Thin delegates to StructuredOutput and ToolLoop; the engine itself is unchanged by them.

    /**
     * Asks for an answer as a Java type: the JSON Schema is generated from {@code type}, sent as the
     * provider's native structured output, the answer validated, with one repair round; see
     * {@link StructuredOutput}.
     *
     * @param request the request
     * @param type    the answer type, typically a record
     * @param <T>     the answer type
     * @return the typed answer; on failure {@link TypedResponse#response()} carries the error
     *         ({@link ErrorKind#STRUCTURED_OUTPUT_INVALID} with the raw text when the answer never fit)
     */
    public <T> TypedResponse<T> complete(LlmRequest request, Class<T> type) {
        return new StructuredOutput(this).complete(request, type);
    }

    /**
     * Starts building a tool loop over this service: registered Java tools, run model → tools →
     * model until a final answer, a step limit or a loop budget; see {@link ToolLoop}.
     *
     * @return a builder
     */
    public ToolLoop.Builder toolLoop() {
        return ToolLoop.builder(this);
    }
}
