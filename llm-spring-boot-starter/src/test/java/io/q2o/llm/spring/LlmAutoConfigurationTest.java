package io.q2o.llm.spring;

import io.q2o.llm.ConfigException;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmListener;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service and its configuration from {@code q2o.llm.*} properties: each property reaches its
 * variable, the environment still applies where no property is set (surefire sets
 * {@code Q2O_LLM_MAX_RETRIES=7} for this module), beans back off, customizers and listener beans
 * are applied, the service closes with the context, and bad values fail naming the property.
 */
class LlmAutoConfigurationTest {

    static final ApplicationContextRunner RUNNER = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LlmMetricsAutoConfiguration.class,
                    LlmTracingAutoConfiguration.class, LlmAutoConfiguration.class, LlmHealthAutoConfiguration.class));

    /** No developer environment, .env or working-directory config. */
    static final ApplicationContextRunner ISOLATED = RUNNER.withPropertyValues("q2o.llm.use-environment=false",
            "q2o.llm.usage.ledger=false", "q2o.llm.cache.persist=false");

    @Test
    void everyTypedPropertyReachesItsVariable() {
        ISOLATED.withPropertyValues("q2o.llm.enabled=true", "q2o.llm.primary=openai", "q2o.llm.fallback=anthropic,gemini",
                "q2o.llm.auto-fallback=false", "q2o.llm.temperature=0.4", "q2o.llm.code-temperature=0.1",
                "q2o.llm.max-tokens=2048", "q2o.llm.daily-limit=42", "q2o.llm.cost-alert=1.25",
                "q2o.llm.daily-cost-limit=3.50", "q2o.llm.monthly-budget=99.99", "q2o.llm.dry-run=true",
                "q2o.llm.debug=true", "q2o.llm.max-retries=4", "q2o.llm.timeout=90s", "q2o.llm.request-timeout=2m",
                "q2o.llm.timezone=Europe/Berlin", "q2o.llm.retry-initial-delay=250ms", "q2o.llm.retry-max-delay=4s",
                "q2o.llm.retry-after-cap=15s", "q2o.llm.circuit-failures=9", "q2o.llm.circuit-cooldown=1m",
                "q2o.llm.rate-limit-max-wait=1500ms", "q2o.llm.fail-fast-on-invalid-request=false",
                "q2o.llm.cache.enabled=true", "q2o.llm.cache.ttl=7d", "q2o.llm.cache.max-size=10MB",
                "q2o.llm.providers.openai.api-key=sk-test-not-real", "q2o.llm.providers.openai.models=gpt-4o-mini,gpt-4o",
                "q2o.llm.providers.openai.base-url=http://127.0.0.1:9/v1", "q2o.llm.providers.openai.temperature=0.9",
                "q2o.llm.providers.openai.rpm=60", "q2o.llm.providers.openai.tpm=90000",
                "q2o.llm.settings.Q2O_LLM_REPAIR_ATTEMPTS=3", "q2o.llm.settings.my-custom-flag=on")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    LlmConfig c = context.getBean(LlmConfig.class);
                    assertThat(c.useLlm()).isTrue();
                    assertThat(c.primary()).isEqualTo("openai");
                    assertThat(c.fallbacks()).containsExactly("anthropic", "gemini");
                    assertThat(c.autoFallback()).isFalse();
                    assertThat(c.temperature()).isEqualTo(0.4);
                    assertThat(c.codeTemperature()).isEqualTo(0.1);
                    assertThat(c.maxTokens()).isEqualTo(2048);
                    assertThat(c.dailyLimit()).isEqualTo(42);
                    assertThat(c.costAlert()).isEqualByComparingTo("1.25");
                    assertThat(c.dailyCostLimit()).contains(new BigDecimal("3.50"));
                    assertThat(c.monthlyBudget()).contains(new BigDecimal("99.99"));
                    assertThat(c.dryRun()).isTrue();
                    assertThat(c.debug()).isTrue();
                    assertThat(c.maxRetries()).isEqualTo(4);
                    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(90));
                    assertThat(c.requestTimeout()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(c.zone().getId()).isEqualTo("Europe/Berlin");
                    assertThat(c.retryInitialDelay()).isEqualTo(Duration.ofMillis(250));
                    assertThat(c.retryMaxDelay()).isEqualTo(Duration.ofSeconds(4));
                    assertThat(c.retryAfterCap()).isEqualTo(Duration.ofSeconds(15));
                    assertThat(c.circuitFailureThreshold()).isEqualTo(9);
                    assertThat(c.circuitCooldown()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(c.rateLimitMaxWait()).isEqualTo(Duration.ofMillis(1500));
                    assertThat(c.failFastOnInvalidRequest()).isFalse();
                    assertThat(c.cacheEnabled()).isTrue();
                    assertThat(c.cacheTtl()).isEqualTo(Duration.ofDays(7));
                    assertThat(c.cacheMaxBytes()).isEqualTo(10L * 1024 * 1024);
                    assertThat(c.cacheDir()).isEmpty();
                    assertThat(c.usageDir()).isEmpty();
                    assertThat(c.secret("OPENAI_API_KEY")).isPresent();
                    assertThat(c.models("openai", List.of())).containsExactly("gpt-4o-mini", "gpt-4o");
                    assertThat(c.providerBaseUrl("openai")).contains("http://127.0.0.1:9/v1");
                    assertThat(c.providerTemperature("openai").getAsDouble()).isEqualTo(0.9);
                    assertThat(c.requestsPerMinute("openai").getAsLong()).isEqualTo(60);
                    assertThat(c.tokensPerMinute("openai").getAsLong()).isEqualTo(90000);
                    assertThat(c.setting("Q2O_LLM_REPAIR_ATTEMPTS")).contains("3");
                    assertThat(c.setting("MY_CUSTOM_FLAG")).contains("on");
                    assertThat(context.getBean(LlmService.class).config()).isSameAs(c);
                    assertThat(context.getBean(LlmService.class).usableProviders()).contains("openai");
                    assertThat(c.toString()).doesNotContain("sk-test-not-real");
                });
    }

    @Test
    void environmentVariablesApplyWhereNoPropertyIsSet() {
        // surefire sets Q2O_LLM_RETRY_MAX_MS=1234 (read by LlmConfig itself) and Q2O_LLM_MAX_RETRIES=7
        // (which Spring's relaxed binding also maps onto q2o.llm.max-retries) for this module
        RUNNER.withPropertyValues("q2o.llm.usage.ledger=false", "q2o.llm.cache.persist=false").run(context -> {
            assertThat(context.getBean(LlmConfig.class).retryMaxDelay()).isEqualTo(Duration.ofMillis(1234));
            assertThat(context.getBean(LlmConfig.class).maxRetries()).isEqualTo(7);
        });
        RUNNER.withPropertyValues("q2o.llm.usage.ledger=false", "q2o.llm.cache.persist=false",
                "q2o.llm.retry-max-delay=2s", "q2o.llm.max-retries=1").run(context -> {
                    assertThat(context.getBean(LlmConfig.class).retryMaxDelay()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(context.getBean(LlmConfig.class).maxRetries()).isEqualTo(1);
                });
        ISOLATED.run(context -> assertThat(context.getBean(LlmConfig.class).retryMaxDelay())
                .isEqualTo(Duration.ofSeconds(20)));
    }

    @Test
    void durationsWithoutAUnitCountInTheirVariablesUnit() {
        ISOLATED.withPropertyValues("q2o.llm.cache.ttl=30", "q2o.llm.timeout=90", "q2o.llm.retry-initial-delay=250")
                .run(context -> {
                    LlmConfig c = context.getBean(LlmConfig.class);
                    assertThat(c.cacheTtl()).isEqualTo(Duration.ofDays(30));
                    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(90));
                    assertThat(c.retryInitialDelay()).isEqualTo(Duration.ofMillis(250));
                });
    }

    @Test
    void emptyFallbackListMeansNoFallback() {
        ISOLATED.withPropertyValues("q2o.llm.fallback=")
                .run(context -> assertThat(context.getBean(LlmConfig.class).fallbacks()).isEmpty());
    }

    @Test
    void customizersAndListenerBeansAreAppliedAndTheServiceAnswers() {
        ISOLATED.withUserConfiguration(ScriptedProviderConfig.class)
                .withPropertyValues("q2o.llm.primary=scripted", "q2o.llm.fallback=", "q2o.llm.cache.enabled=false")
                .run(context -> {
                    LlmService llm = context.getBean(LlmService.class);
                    LlmResponse r = llm.complete(LlmRequest.of("sys", "hello"));
                    assertThat(r.success()).as(String.valueOf(r.error())).isTrue();
                    assertThat(r.content()).isEqualTo("scripted answer");
                    assertThat(context.getBean(RecordingListener.class).responses).containsExactly("scripted answer");
                });
    }

    @Test
    void serviceIsClosedWhenTheContextCloses() {
        LlmService[] held = new LlmService[1];
        ISOLATED.withPropertyValues("q2o.llm.dry-run=true").run(context -> held[0] = context.getBean(LlmService.class));
        assertThatThrownBy(() -> held[0].complete(LlmRequest.of("", "after close")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void applicationBeansWin() {
        ISOLATED.withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context).hasSingleBean(LlmService.class).hasSingleBean(LlmConfig.class);
            assertThat(context.getBean(LlmService.class)).isSameAs(context.getBean(OwnBeans.class).service);
            assertThat(context.getBean(LlmConfig.class).primary()).isEqualTo("anthropic");
        });
    }

    @Test
    void badValuesFailNamingTheProperty() {
        ISOLATED.withPropertyValues("q2o.llm.timeout=1500ms").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("q2o.llm.timeout").hasMessageContaining("Q2O_LLM_TIMEOUT_SECONDS"));
        ISOLATED.withPropertyValues("q2o.llm.cache.ttl=36h").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("q2o.llm.cache.ttl").hasMessageContaining("days"));
        ISOLATED.withPropertyValues("q2o.llm.settings[bad key!]=x").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("q2o.llm.settings.bad key!"));
        ISOLATED.withPropertyValues("q2o.llm.providers.nosuch.api-key=secret-value").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("q2o.llm.providers.nosuch.api-key")
                .hasMessageNotContaining("secret-value"));
        ISOLATED.withPropertyValues("q2o.llm.temperature=7").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("Q2O_LLM_TEMPERATURE"));
    }

    @Test
    void abusiveAmountsAndDurationsFailAsConfigErrorsNeverAnError() {
        for (String amount : List.of("1e-999999999", "1e999999999", "-1", "1e-20")) {
            ISOLATED.withPropertyValues("q2o.llm.daily-cost-limit=" + amount).run(context -> assertThat(context)
                    .getFailure().rootCause().as(amount).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("Q2O_LLM_DAILY_COST_LIMIT"));
        }
        ISOLATED.withPropertyValues("q2o.llm.timeout=PT2562047788015215H").run(context -> assertThat(context)
                .getFailure().rootCause().isInstanceOf(ConfigException.class).hasMessageContaining("Q2O_LLM_TIMEOUT_SECONDS"));
        // more milliseconds than a long holds
        ISOLATED.withPropertyValues("q2o.llm.retry-initial-delay=PT2562047788015215H").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("q2o.llm.retry-initial-delay")
                .hasMessageContaining("Q2O_LLM_RETRY_INITIAL_MS"));
    }

    /** Records the content of each finished call. */
    static final class RecordingListener implements LlmListener {
        final List<String> responses = new CopyOnWriteArrayList<>();

        @Override
        public void onResponse(CallEvent event) {
            responses.add(event.response().content());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ScriptedProviderConfig {
        @Bean
        LlmServiceCustomizer scripted() {
            return b -> b.discoverProviders(false).provider(new ScriptedProvider("scripted")
                    .alwaysAnswer("scripted answer", TokenCounts.of(3, 2)), List.of("scripted-model"));
        }

        @Bean
        RecordingListener recordingListener() {
            return new RecordingListener();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        final LlmService service = LlmService.builder().discoverProviders(false)
                .config(LlmConfig.builder().environment(java.util.Map.of()).isolated().set("Q2O_LLM_PRIMARY", "anthropic")
                        .set("Q2O_LLM_DRY_RUN", "true").build()).build();

        @Bean
        LlmConfig ownConfig() {
            return service.config();
        }

        @Bean
        LlmService ownService() {
            return service;
        }
    }
}
