package io.q2o.llm.spring;

import io.opentelemetry.api.OpenTelemetry;
import io.q2o.llm.opentelemetry.LlmTracing;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@code llm-opentelemetry} GenAI spans ({@link LlmTracing}) as a listener of the
 * auto-configured service when {@code llm-opentelemetry} is on the class path and an
 * {@link OpenTelemetry} bean exists (Spring Boot's OpenTelemetry support provides one). Prompt and
 * answer text stay off the spans unless {@code q2o.llm.tracing.capture-content=true}. Off with
 * {@code q2o.llm.tracing.enabled=false}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration")
@ConditionalOnClass({LlmTracing.class, OpenTelemetry.class})
@ConditionalOnBean(OpenTelemetry.class)
@ConditionalOnBooleanProperty(name = "q2o.llm.tracing.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LlmProperties.class)
public class LlmTracingAutoConfiguration {

    /**
     * @param openTelemetry the application's OpenTelemetry
     * @param properties    the {@code q2o.llm.*} properties
     * @return the span listener
     */
    @Bean
    @ConditionalOnMissingBean
    public LlmTracing llmTracing(OpenTelemetry openTelemetry, LlmProperties properties) {
        return LlmTracing.builder(openTelemetry).captureContent(properties.getTracing().isCaptureContent()).build();
    }
}
