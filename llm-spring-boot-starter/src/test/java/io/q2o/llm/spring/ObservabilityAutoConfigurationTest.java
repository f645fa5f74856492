package io.q2o.llm.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmService;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.micrometer.LlmMetrics;
import io.q2o.llm.opentelemetry.GenAiAttributes;
import io.q2o.llm.opentelemetry.LlmTracing;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

import static io.q2o.llm.spring.LlmAutoConfigurationTest.ISOLATED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Meters, spans and the health indicator are wired when their libraries and beans are present,
 * left out (with the service still working) when they are not, and switchable by property.
 */
class ObservabilityAutoConfigurationTest {

    private static final ScriptedProviderOnly SCRIPTED = new ScriptedProviderOnly();

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Otel {
        final InMemorySpanExporter exporter = InMemorySpanExporter.create();

        @Bean
        InMemorySpanExporter exporter() {
            return exporter;
        }

        @Bean(destroyMethod = "close")
        OpenTelemetrySdk openTelemetry() {
            return OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
        }
    }

    /** One scripted provider "scripted" that always answers, no discovery. */
    static final class ScriptedProviderOnly implements LlmServiceCustomizer {
        @Override
        public void customize(LlmService.Builder b) {
            b.discoverProviders(false).provider(new ScriptedProvider("scripted").alwaysAnswer("ok", TokenCounts.of(10, 4)),
                    List.of("gemini-2.5-flash"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Scripted {
        @Bean
        LlmServiceCustomizer scripted() {
            return SCRIPTED;
        }
    }

    private static final String[] SCRIPTED_PROPS = {"q2o.llm.primary=scripted", "q2o.llm.fallback=",
            "q2o.llm.cache.enabled=false"};

    @Test
    void metersAreRegisteredAndGaugesBoundWhenARegistryExists() {
        ISOLATED.withUserConfiguration(Registry.class, Scripted.class).withPropertyValues(SCRIPTED_PROPS)
                .withPropertyValues("q2o.llm.daily-limit=50").run(context -> {
                    assertThat(context).hasSingleBean(LlmMetrics.class);
                    context.getBean(LlmService.class).complete(LlmRequest.of("", "count me"));
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get(LlmMetrics.CALLS).tag(LlmMetrics.OUTCOME, "success").counter().count())
                            .isEqualTo(1.0);
                    assertThat(registry.get(LlmMetrics.DAILY_CALLS_LIMIT).gauge().value()).isEqualTo(50.0);
                    assertThat(registry.get(LlmMetrics.DAILY_CALLS_USED).gauge().value()).isEqualTo(1.0);
                });
    }

    @Test
    void noMetersWithoutARegistryOrWithoutLlmMicrometerOrWhenSwitchedOff() {
        ISOLATED.withPropertyValues("q2o.llm.dry-run=true").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(LlmMetrics.class).hasSingleBean(LlmService.class);
        });
        ISOLATED.withUserConfiguration(Registry.class).withClassLoader(new FilteredClassLoader(LlmMetrics.class))
                .withPropertyValues("q2o.llm.dry-run=true").run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(LlmMetrics.class);
                    assertThat(context.getBean(LlmService.class).complete(LlmRequest.of("", "dry")).success()).isTrue();
                });
        ISOLATED.withUserConfiguration(Registry.class).withPropertyValues("q2o.llm.metrics.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(LlmMetrics.class));
    }

    @Test
    void spansAreEmittedWhenAnOpenTelemetryBeanExists() {
        ISOLATED.withUserConfiguration(Otel.class, Scripted.class).withPropertyValues(SCRIPTED_PROPS).run(context -> {
            assertThat(context).hasSingleBean(LlmTracing.class);
            assertThat(context.getBean(LlmTracing.class).capturesContent()).isFalse();
            context.getBean(LlmService.class).complete(LlmRequest.of("", "trace me"));
            List<SpanData> spans = context.getBean(InMemorySpanExporter.class).getFinishedSpanItems();
            assertThat(spans).hasSize(2).allSatisfy(s -> {
                assertThat(s.getName()).isEqualTo("chat gemini-2.5-flash");
                assertThat(s.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS)).isEqualTo(10L);
                assertThat(s.getAttributes().get(GenAiAttributes.INPUT_MESSAGES)).isNull();
            });
        });
        ISOLATED.withUserConfiguration(Otel.class, Scripted.class).withPropertyValues(SCRIPTED_PROPS)
                .withPropertyValues("q2o.llm.tracing.capture-content=true").run(context -> {
                    context.getBean(LlmService.class).complete(LlmRequest.of("", "trace me"));
                    assertThat(context.getBean(InMemorySpanExporter.class).getFinishedSpanItems())
                            .anySatisfy(s -> assertThat(s.getAttributes().get(GenAiAttributes.INPUT_MESSAGES))
                                    .contains("trace me"));
                });
    }

    @Test
    void noSpansWithoutOpenTelemetryOrWhenSwitchedOff() {
        ISOLATED.withPropertyValues("q2o.llm.dry-run=true")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(LlmTracing.class));
        ISOLATED.withUserConfiguration(Otel.class).withPropertyValues("q2o.llm.dry-run=true")
                .withClassLoader(new FilteredClassLoader(LlmTracing.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(LlmTracing.class));
        ISOLATED.withPropertyValues("q2o.llm.dry-run=true")
                .withClassLoader(new FilteredClassLoader(OpenTelemetry.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(LlmTracing.class));
        ISOLATED.withUserConfiguration(Otel.class).withPropertyValues("q2o.llm.tracing.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(LlmTracing.class));
    }

    /** The application's own meters, span listener and health indicator. */
    @Configuration(proxyBeanMethods = false)
    static class OwnObservability {
        @Bean
        LlmMetrics ownMetrics(MeterRegistry registry) {
            return LlmMetrics.builder(registry).build();
        }

        @Bean
        LlmTracing ownTracing(OpenTelemetry openTelemetry) {
            return LlmTracing.builder(openTelemetry).captureContent(true).build();
        }

        @Bean
        HealthIndicator llmHealthIndicator() {
            return () -> Health.up().withDetail("own", true).build();
        }
    }

    @Test
    void applicationMetersSpanListenerAndHealthIndicatorReplaceTheStartersAndAreUsed() {
        ISOLATED.withUserConfiguration(Registry.class, Otel.class, Scripted.class, OwnObservability.class)
                .withPropertyValues(SCRIPTED_PROPS).run(context -> {
                    assertThat(context).hasSingleBean(LlmMetrics.class).hasSingleBean(LlmTracing.class)
                            .doesNotHaveBean(LlmHealthIndicator.class)
                            .hasBean("ownMetrics").hasBean("ownTracing");
                    assertThat(context.getBean("llmHealthIndicator", HealthIndicator.class).health().getDetails())
                            .containsEntry("own", true);

                    context.getBean(LlmService.class).complete(LlmRequest.of("", "mine"));
                    // the application's listeners are the ones registered on the service
                    assertThat(context.getBean(MeterRegistry.class).get(LlmMetrics.CALLS)
                            .tag(LlmMetrics.OUTCOME, "success").counter().count()).isEqualTo(1.0);
                    // and the starter still binds the service's gauges to them
                    assertThat(context.getBean(MeterRegistry.class).get(LlmMetrics.DAILY_CALLS_USED).gauge().value())
                            .isEqualTo(1.0);
                    assertThat(context.getBean(InMemorySpanExporter.class).getFinishedSpanItems()).hasSize(2)
                            .anySatisfy(span -> assertThat(span.getAttributes().get(GenAiAttributes.INPUT_MESSAGES))
                                    .contains("mine"));
                });
    }

    @Test
    void healthIsUpWithAUsableProvider() {
        ISOLATED.withUserConfiguration(Scripted.class).withPropertyValues(SCRIPTED_PROPS)
                .withPropertyValues("q2o.llm.daily-cost-limit=5", "q2o.llm.monthly-budget=50").run(context -> {
                    Health h = context.getBean("llmHealthIndicator", HealthIndicator.class).health();
                    assertThat(h.getStatus()).isEqualTo(Status.UP);
                    assertThat(h.getDetails()).containsEntry("usableProviders", List.of("scripted"))
                            .containsEntry("budget", "ok").containsEntry("enabled", true)
                            .containsEntry("dailyCostLimitUsd", "5").containsEntry("monthlyBudgetUsd", "50")
                            .containsEntry("dailyCalls", 0L).containsEntry("dailyCostUsd", "0");
                });
    }

    @Test
    void healthIsDownWithoutAUsableProviderButUpWhenSwitchedOffOrDryRun() {
        ISOLATED.withPropertyValues("q2o.llm.providers.gemini.models=gemini-2.5-flash").run(context -> {
            Health h = context.getBean(LlmHealthIndicator.class).health();
            assertThat(h.getStatus()).isEqualTo(Status.DOWN);
            assertThat(h.getDetails()).containsEntry("usableProviders", List.of());
            assertThat(h.getDetails().toString()).doesNotContain("KEY=");
        });
        ISOLATED.withPropertyValues("q2o.llm.enabled=false")
                .run(context -> assertThat(context.getBean(LlmHealthIndicator.class).health().getStatus())
                        .isEqualTo(Status.UP));
        ISOLATED.withPropertyValues("q2o.llm.dry-run=true")
                .run(context -> assertThat(context.getBean(LlmHealthIndicator.class).health().getStatus())
                        .isEqualTo(Status.UP));
    }

    @Test
    void healthIsOutOfServiceWhenTheDailyCallLimitIsUsedUp() {
        ISOLATED.withUserConfiguration(Scripted.class).withPropertyValues(SCRIPTED_PROPS)
                .withPropertyValues("q2o.llm.daily-limit=1").run(context -> {
                    LlmHealthIndicator indicator = context.getBean(LlmHealthIndicator.class);
                    assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
                    assertThat(context.getBean(LlmService.class).complete(LlmRequest.of("", "one")).success()).isTrue();
                    Health h = indicator.health();
                    assertThat(h.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
                    assertThat(h.getDetails()).containsEntry("dailyCalls", 1L).containsEntry("dailyLimit", 1L)
                            .containsEntry("budget", "daily call limit (Q2O_LLM_DAILY_LIMIT) reached");
                });
    }

    @Test
    void noHealthIndicatorWithoutSpringBootHealthOrWhenDisabled() {
        ISOLATED.withPropertyValues("q2o.llm.dry-run=true").withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(LlmHealthIndicator.class));
        ISOLATED.withPropertyValues("q2o.llm.dry-run=true", "management.health.llm.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(LlmHealthIndicator.class));
        ISOLATED.withPropertyValues("q2o.llm.dry-run=true")
                .run(context -> assertThat(context).hasSingleBean(LlmHealthIndicator.class));
    }
}
