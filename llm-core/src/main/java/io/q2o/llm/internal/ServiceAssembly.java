package io.q2o.llm.internal;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmListener;
import io.q2o.llm.cache.DiskCacheTier;
import io.q2o.llm.internal.call.CallChain;
import io.q2o.llm.spi.BucketFactory;
import io.q2o.llm.spi.CacheTier;
import io.q2o.llm.DelayScheduler;
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
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * The parts of one {@code LlmService}, wired from what its builder was given, and their
 * shutdown. Not API.
 *
 * <p>Design: the service's facade only delegates calls; which part is built from what, in which
 * order, and which part is closed after which, is declared here once. The order matters: the
 * shared state (e.g. Redis) comes first because the counters, the rate-limit buckets and the cache
 * tier may come from it; the ledger is restored into an in-memory counter store before any call;
 * ledger shippers start after the ledger and close after it, so their last pass sees every line.
 */
public final class ServiceAssembly implements AutoCloseable {
    // the service's logger: these lines are about the service being built
    private static final Logger log = LoggerFactory.getLogger("io.q2o.llm.LlmService");

    /** What the service's builder was given; {@code null} means its default. */
    public record Inputs(LlmConfig config, Clock clock, DelayScheduler scheduler, Executor executor,
                         UsageCounterStore store, CacheTier cacheTier, BucketFactory bucketFactory, boolean discover,
                         List<LlmProviderFactory> factories, List<ProviderRegistry.Instance> instances,
                         List<LlmListener> listeners) {
    }

    private final LlmConfig config;
    private final CallChain chain;
    private final Executor asyncExecutor;
    private final List<LlmProvider> providers;
    private final List<String> usableProviders;
    private final ExecutorService ownedExecutor;
    private final UsageLedger ledger;
    private final ResponseCache cache;
    private final AutoCloseable sharedResources;
    private final LedgerShippers shippers = new LedgerShippers();

    /**
     * Builds every part.
     *
     * @param in the builder's inputs
     * @throws io.q2o.llm.ConfigException if the configuration is malformed or names an unknown provider
     */
    public ServiceAssembly(Inputs in) {
        this.config = in.config() != null ? in.config() : LlmConfig.fromEnvironment();
        Clock clock = in.clock() != null ? in.clock() : Clock.system(config.zone());
        EngineSettings engine = EngineSettings.from(config);
        SharedStateProvider.SharedState shared = in.discover() ? Discovery.sharedState(config, clock).orElse(null) : null;
        this.sharedResources = shared == null ? null : shared.resources();
        BucketFactory buckets = in.bucketFactory() != null ? in.bucketFactory() : shared == null ? null : shared.buckets();
        ProviderRegistry registry = new ProviderRegistry(config, clock, Discovery.factories(in.discover(), in.factories()),
                in.instances(), buckets);
        Map<String, ProviderHandle> handles = registry.handles();
        this.providers = registry.providers();
        this.usableProviders = List.copyOf(handles.keySet());
        Sleeper sleeper = in.scheduler() != null ? Sleeper.of(in.scheduler()) : Sleeper.threadSleep();
        this.ownedExecutor = in.executor() == null ? AsyncExecutors.create(engine.asyncThreads()) : null;
        this.asyncExecutor = in.executor() != null ? in.executor() : ownedExecutor;
        UsageCounterStore store = in.store() != null ? in.store()
                : shared != null && shared.counters() != null ? shared.counters() : new InMemoryCounterStore();
        List<LlmListener> listeners = new ArrayList<>();
        this.ledger = config.usageDir().map(dir -> new UsageLedger(dir, config.zone(), config.usageFsync())).orElse(null);
        if (ledger != null) {
            if (!store.durable()) {
                LedgerRestore.restore(ledger.dir(), config.zone(), store, clock);
            }
            listeners.add(ledger);
            if (in.discover()) {
                try {
                    shippers.start(config, ledger.dir(), clock, Discovery.classLoader(), listeners);
                } catch (RuntimeException e) {
                    ledger.close();
                    throw e;
                }
            }
        }
        listeners.addAll(in.listeners());
        CacheTier tier = in.cacheTier() != null ? in.cacheTier()
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
        config.unknownSettings().forEach(log::warn);
    }

    /** @return the configuration in use */
    public LlmConfig config() { return config; }

    /** @return the call chain */
    public CallChain chain() { return chain; }

    /** @return the executor of async calls and streams */
    public Executor asyncExecutor() { return asyncExecutor; }

    /** @return the names of the usable providers, in registration order */
    public List<String> usableProviders() { return usableProviders; }

    /** Closes the providers, the cache, the shared state, the ledger, then its shippers and the owned threads. */
    @Override
    public void close() {
        for (LlmProvider p : providers) {
            Closer.quietly("LLM provider " + p.name(), p);
        }
        Closer.quietly("the response cache", cache == null ? null : cache::close);
        Closer.quietly("shared LLM state", sharedResources);
        Closer.quietly("the usage ledger", ledger);
        shippers.close(); // after the ledger: a shipper's last pass sees every line
        Closer.shutdown(ownedExecutor);
    }
}
