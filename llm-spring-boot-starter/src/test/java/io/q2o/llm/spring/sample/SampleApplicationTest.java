package io.q2o.llm.spring.sample;

import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spring.LlmHealthIndicator;
import io.q2o.llm.testing.CannedAnswers;
import io.q2o.llm.testing.Recordings;
import io.q2o.llm.testing.ReplayServer;
import io.q2o.llm.testing.WireProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import java.math.BigDecimal;
import java.math.MathContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sample application starts with only {@code q2o.llm.*} properties, answers a call through the
 * real OpenAI adapter and SDK against the llm-testing replay server (no key, no internet), reports
 * healthy, and closes the service when it stops.
 */
class SampleApplicationTest {

    @Test
    void startsAnswersThroughTheReplayServerAndStops() {
        String model = "gpt-4o-mini";
        try (ReplayServer replay = ReplayServer.start(Recordings.of(CannedAnswers.text(WireProvider.OPENAI, model,
                "Hello, Ada!", TokenCounts.of(24, 6))))) {
            SpringApplication app = new SpringApplication(SampleApplication.class);
            app.setWebApplicationType(WebApplicationType.NONE);
            LlmService service;
            try (ConfigurableApplicationContext context = app.run(
                    "--q2o.llm.use-environment=false",
                    "--q2o.llm.primary=openai",
                    "--q2o.llm.fallback=",
                    "--q2o.llm.providers.openai.api-key=" + ReplayServer.PLACEHOLDER_KEY,
                    "--q2o.llm.providers.openai.base-url=" + replay.baseUrl(WireProvider.OPENAI),
                    "--q2o.llm.providers.openai.models=" + model,
                    "--q2o.llm.cache.enabled=false",
                    "--q2o.llm.usage.ledger=false")) {
                service = context.getBean(LlmService.class);
                assertThat(service.usableProviders()).containsExactly("openai");
                assertThat(context.getBean(LlmHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);

                LlmResponse r = context.getBean(Greeter.class).greet("Ada");

                assertThat(r.success()).as(String.valueOf(r.error())).isTrue();
                assertThat(r.content()).isEqualTo("Hello, Ada!");
                assertThat(r.provider()).isEqualTo("openai");
                assertThat(r.model()).isEqualTo(model);
                assertThat(r.usage().inputTokens()).isEqualTo(24);
                assertThat(r.usage().outputTokens()).isEqualTo(6);
                // gpt-4o-mini: $0.15 in / $0.60 out per 1M tokens (config/llm_config.json)
                BigDecimal expected = new BigDecimal("24").multiply(new BigDecimal("0.15"))
                        .add(new BigDecimal("6").multiply(new BigDecimal("0.60")))
                        .divide(new BigDecimal(1_000_000), MathContext.DECIMAL128);
                assertThat(r.usage().totalCost()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo(expected));
                assertThat(replay.requests()).singleElement()
                        .satisfies(seen -> assertThat(seen.model()).isEqualTo(model));
            }
            assertThatThrownBy(() -> service.complete(io.q2o.llm.LlmRequest.of("", "after stop")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }
}
