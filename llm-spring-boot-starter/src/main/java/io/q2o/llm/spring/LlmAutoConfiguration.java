package io.q2o.llm.spring;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmListener;
import io.q2o.llm.LlmService;
import io.q2o.llm.spi.LlmProviderFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Auto-configures an {@link LlmService} from the {@code q2o.llm.*} properties ({@link LlmProperties})
 * over the library's usual sources (environment, {@code .env}, config file). Every
 * {@link LlmListener} bean is registered on it (the Micrometer meters and OpenTelemetry spans of
 * {@link LlmMetricsAutoConfiguration} and {@link LlmTracingAutoConfiguration} among them), every
 * {@link LlmProviderFactory} bean is added to the providers found with {@code ServiceLoader}, then
 * every {@link LlmServiceCustomizer} runs. The service is closed when the context closes. Each
 * bean backs off when the application defines its own.
 */
@AutoConfiguration(after = {LlmMetricsAutoConfiguration.class, LlmTracingAutoConfiguration.class})
@ConditionalOnClass(LlmService.class)
@EnableConfigurationProperties(LlmProperties.class)
public class LlmAutoConfiguration {

    /**
     * The configuration: the properties set as variables over the environment, {@code .env} and
     * the config file ({@code q2o.llm.use-environment=false} leaves those out).
     *
     * @param properties the properties
     * @param factories  provider factory beans (for their key variables)
     * @return the configuration
     */
    @Bean
    @ConditionalOnMissingBean
    public LlmConfig llmConfig(LlmProperties properties, ObjectProvider<LlmProviderFactory> factories) {
        List<LlmProviderFactory> all = new ArrayList<>();
        factories.orderedStream().forEach(all::add);
        ClassLoader cl = LlmAutoConfiguration.class.getClassLoader();
        ServiceLoader.load(LlmProviderFactory.class, cl).forEach(all::add);
        Map<String, String> variables = LlmSettings.variables(properties, all);
        LlmConfig.Builder builder = LlmConfig.builder();
        if (!properties.isUseEnvironment()) {
            builder.environment(Map.of()).isolated();
        }
        return LlmSettings.apply(builder, variables).build();
    }

    /**
     * The service, closed with the context.
     *
     * @param config      the configuration
     * @param listeners   listener beans (meters, spans, your own)
     * @param factories   provider factory beans, added to those found with {@code ServiceLoader}
     * @param customizers builder customizers
     * @return the service
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public LlmService llmService(LlmConfig config, ObjectProvider<LlmListener> listeners,
                                 ObjectProvider<LlmProviderFactory> factories,
                                 ObjectProvider<LlmServiceCustomizer> customizers) {
        LlmService.Builder builder = LlmService.builder().config(config);
        listeners.orderedStream().forEach(builder::listener);
        factories.orderedStream().forEach(builder::providerFactory);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }
}
