package io.q2o.llm.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmService;
import io.q2o.llm.micrometer.LlmMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@code llm-micrometer} meters ({@link LlmMetrics}) as a listener of the
 * auto-configured service when {@code llm-micrometer} is on the class path and a
 * {@link MeterRegistry} bean exists (Spring Boot's actuator provides one), and binds the budget and
 * daily-limit gauges to the service once it exists. Off with {@code q2o.llm.metrics.enabled=false}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration"})
@ConditionalOnClass({LlmMetrics.class, MeterRegistry.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "q2o.llm.metrics.enabled", matchIfMissing = true)
public class LlmMetricsAutoConfiguration {

    /**
     * @param registry the application's registry
     * @param config   the library configuration, when it is a bean (lets the meters tell cache misses)
     * @return the meters
     */
    @Bean
    @ConditionalOnMissingBean
    public LlmMetrics llmMetrics(MeterRegistry registry, ObjectProvider<LlmConfig> config) {
        LlmMetrics.Builder b = LlmMetrics.builder(registry);
        config.ifAvailable(b::config);
        return b.build();
    }

    /**
     * Binds the gauges once every singleton, the service included, exists.
     *
     * @param metrics  the meters
     * @param services the service, if there is one
     * @return the binder
     */
    @Bean
    @ConditionalOnMissingBean(name = "llmMetricsGaugeBinder")
    public SmartInitializingSingleton llmMetricsGaugeBinder(LlmMetrics metrics, ObjectProvider<LlmService> services) {
        return () -> services.ifUnique(metrics::bindTo);
    }
}
