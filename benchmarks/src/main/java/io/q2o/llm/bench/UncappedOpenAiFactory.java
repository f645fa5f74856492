package io.q2o.llm.bench;

import io.q2o.llm.openai.OpenAiProviderFactory;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.LlmProviderFactory;
import io.q2o.llm.spi.ProviderConfig;
import okhttp3.OkHttpClient;

import java.lang.reflect.Method;
import java.util.List;

/**
 * The OpenAI adapter with its OkHttp dispatcher limit raised from OkHttp's default of 64 calls in
 * flight to {@code limit}: a what-if for the concurrency benchmark, to show where the adapter's
 * throughput ceiling comes from and what lifting it costs in threads. Reaches the adapter's
 * package-private {@code httpClient()} by reflection; benchmarks only.
 */
public final class UncappedOpenAiFactory implements LlmProviderFactory {
    private final OpenAiProviderFactory delegate = new OpenAiProviderFactory();
    private final int limit;

    /** @param limit the dispatcher's maximum of calls in flight (total and per host) */
    public UncappedOpenAiFactory(int limit) {
        this.limit = limit;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String apiKeyVariable() {
        return delegate.apiKeyVariable();
    }

    @Override
    public boolean keyOptional(ProviderConfig config) {
        return delegate.keyOptional(config);
    }

    @Override
    public List<String> defaultModels() {
        return delegate.defaultModels();
    }

    @Override
    public LlmProvider create(ProviderConfig config) {
        LlmProvider p = delegate.create(config);
        try {
            Method m = p.getClass().getDeclaredMethod("httpClient");
            m.setAccessible(true);
            OkHttpClient http = (OkHttpClient) m.invoke(p);
            http.dispatcher().setMaxRequests(limit);
            http.dispatcher().setMaxRequestsPerHost(limit);
        } catch (ReflectiveOperationException e) {
            p.close();
            throw new IllegalStateException("cannot reach the OpenAI adapter's OkHttp client", e);
        }
        return p;
    }
}
