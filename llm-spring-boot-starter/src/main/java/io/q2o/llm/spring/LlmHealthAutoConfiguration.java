package io.q2o.llm.spring;

import io.q2o.llm.LlmService;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Exposes {@link LlmHealthIndicator} as the {@code llm} health contributor when Spring Boot's
 * health support ({@code spring-boot-health}, brought by the actuator) is on the class path and an
 * {@link LlmService} bean exists. Off with {@code management.health.llm.enabled=false}.
 */
@AutoConfiguration(after = LlmAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(LlmService.class)
@ConditionalOnEnabledHealthIndicator("llm")
public class LlmHealthAutoConfiguration {

    /**
     * @param service the service
     * @return the indicator, named {@code llm} in the health endpoint
     */
    @Bean(name = "llmHealthIndicator")
    @ConditionalOnMissingBean(name = "llmHealthIndicator")
    public LlmHealthIndicator llmHealthIndicator(LlmService service) {
        return new LlmHealthIndicator(service);
    }
}
