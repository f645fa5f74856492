package io.q2o.llm.internal;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.spi.LlmProviderFactory;
import io.q2o.llm.spi.SharedStateProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** What a service finds with {@link ServiceLoader} when it is built: provider factories and shared state (e.g. Redis). */
public final class Discovery {
    private static final Logger log = LoggerFactory.getLogger("io.q2o.llm.LlmService");

    private Discovery() {
    }

    /** @return the thread's context class loader, else the library's */
    public static ClassLoader classLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : Discovery.class.getClassLoader();
    }

    /**
     * @param discover  whether to look on the class path
     * @param explicit  factories registered on the builder; they win over discovered ones of the same name
     * @return the factories by lower-case name, discovered first
     */
    public static Map<String, LlmProviderFactory> factories(boolean discover, List<LlmProviderFactory> explicit) {
        Map<String, LlmProviderFactory> factories = new LinkedHashMap<>();
        if (discover) {
            for (LlmProviderFactory f : ServiceLoader.load(LlmProviderFactory.class, classLoader())) {
                factories.putIfAbsent(f.name().toLowerCase(Locale.ROOT), f);
            }
        }
        for (LlmProviderFactory f : explicit) {
            factories.put(f.name().toLowerCase(Locale.ROOT), f);
        }
        return factories;
    }

    /**
     * @param config the configuration
     * @param clock  the service's clock
     * @return the first shared state a provider on the class path creates for this configuration
     */
    public static Optional<SharedStateProvider.SharedState> sharedState(LlmConfig config, Clock clock) {
        for (SharedStateProvider sp : ServiceLoader.load(SharedStateProvider.class, classLoader())) {
            Optional<SharedStateProvider.SharedState> s = sp.create(config, clock);
            if (s.isPresent()) {
                log.info("Using shared LLM state from {}", s.get().name());
                return s;
            }
        }
        return Optional.empty();
    }
}
