package io.q2o.llm.internal.call;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.internal.CacheKey;
import io.q2o.llm.internal.ProviderHandle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * First step: validates the request and resolves everything later steps need — the provider
 * chain and its (provider, model) candidates, temperature, max tokens, deadline and cache key.
 * An unknown provider name is a programming error and throws before any event is emitted.
 * When the integration is disabled nothing is resolved (the disabled step answers).
 */
final class PlanStep implements CallStep {
    private final LlmConfig config;
    private final Map<String, ProviderHandle> handles;
    private final Set<String> knownProviders;
    private final boolean cacheOn;

    PlanStep(LlmConfig config, Map<String, ProviderHandle> handles, Set<String> knownProviders, boolean cacheOn) {
        this.config = config;
        this.handles = Map.copyOf(handles);
        this.knownProviders = Set.copyOf(knownProviders);
        this.cacheOn = cacheOn;
    }

    @Override
    public LlmResponse handle(Call call, Next next) {
        prepare(call);
        return next.proceed(call);
    }

    /** Plans the call unless that was done already (by {@code CallChain.submit}) or the integration is off. */
    void prepare(Call call) {
        if (config.useLlm() && call.plan() == null) {
            call.plan(plan(call));
        }
    }

    private Plan plan(Call call) {
        LlmRequest req = call.request();
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
        List<String> chainModels = cacheOn ? new ArrayList<>() : null;
        for (int i = 0; i < chain.size(); i++) {
            ProviderHandle h = handles.get(chain.get(i));
            if (h == null) {
                continue;
            }
            List<String> models = i == 0 && req.model() != null ? List.of(req.model()) : h.models();
            for (String m : models) {
                candidates.add(new Candidate(h, m));
                if (chainModels != null) {
                    chainModels.add(h.name() + "/" + m);
                }
            }
        }
        String first = chain.get(0);
        double keyTemperature = req.temperature() != null ? req.temperature()
                : config.providerTemperature(first).orElse(config.temperature());
        int maxTokens = req.maxTokens() != null ? req.maxTokens() : config.maxTokens();
        Duration timeout = req.timeout() != null ? req.timeout() : config.timeout();
        CacheKey key = chainModels == null ? null : new CacheKey(chain, req.model(), chainModels, req, keyTemperature,
                maxTokens);
        return new Plan(chain, List.copyOf(candidates), keyTemperature, maxTokens, timeout,
                deadline(call.start(), timeout), key);
    }

    /** @return {@code start + timeout}, or the latest instant there is when the sum is past it */
    static Instant deadline(Instant start, Duration timeout) {
        // compared in whole seconds, with a second to spare for the nanos: Duration.between(start,
        // Instant.MAX) would overflow its nanosecond count and recover through an exception on every call
        long roomSeconds = Instant.MAX.getEpochSecond() - start.getEpochSecond() - 1;
        return timeout.getSeconds() >= roomSeconds ? Instant.MAX : start.plus(timeout);
    }

    private String requireKnown(String name) {
        if (handles.containsKey(name) || knownProviders.contains(name)) {
            return name;
        }
        Set<String> known = new LinkedHashSet<>(knownProviders);
        known.addAll(handles.keySet());
        throw new IllegalArgumentException("unknown provider '" + name + "': known providers are "
                + String.join(", ", known));
    }
}
