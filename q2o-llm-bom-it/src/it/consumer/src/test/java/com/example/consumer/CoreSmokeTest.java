package com.example.consumer;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** llm-core alone: a dry-run call (no provider, no network) with the packaged prices. */
class CoreSmokeTest {

    @Test
    void dryRunAnswersWithAnEstimateFromThePackagedPrices() {
        LlmConfig config = LlmConfig.builder().environment(Map.of()).isolated()
                .set("Q2O_LLM_DRY_RUN", "true")
                .set("Q2O_LLM_PRIMARY", "openai")
                .set("OPENAI_MODEL", "gpt-4o-mini")
                .build();
        try (LlmService llm = LlmService.builder().config(config).discoverProviders(false).build()) {
            LlmResponse r = llm.complete(LlmRequest.builder().systemPrompt("You are terse.")
                    .userPrompt("Write a haiku about dependency convergence").maxTokens(200).build());

            assertThat(r.success()).isTrue();
            assertThat(r.simulated()).isTrue();
            assertThat(r.content()).startsWith("[dry run]").contains("gpt-4o-mini");
            assertThat(r.usage().outputTokens()).isEqualTo(200);
            assertThat(r.usage().totalCost()).hasValueSatisfying(c -> assertThat(c.signum()).isPositive());
            assertThat(llm.usageStats().simulatedCalls()).isEqualTo(1);
        }
    }
}
