package io.q2o.llm;

import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DryRunTest {

    @Test
    void dryRunMakesNoProviderCallAndEstimatesTokensAndCost() {
        Fixture fx = new Fixture().set("Q2O_LLM_DRY_RUN", "true");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(LlmRequest.builder().systemPrompt("You are an expert developer.")
                    .userPrompt("Write a FastAPI endpoint that returns hello world").maxTokens(1000).build());

            assertThat(r.success()).isTrue();
            assertThat(r.simulated()).isTrue();
            assertThat(r.content()).startsWith("[dry run]").contains("gemini/gemini-2.5-pro");
            assertThat(r.usage().estimated()).isTrue();
            long in = r.usage().inputTokens();
            assertThat(in).isBetween(10L, 30L);
            assertThat(r.usage().outputTokens()).isEqualTo(1000);
            BigDecimal expected = new BigDecimal("1.25").multiply(BigDecimal.valueOf(in))
                    .add(new BigDecimal("10.00").multiply(BigDecimal.valueOf(1000))).movePointLeft(6);
            assertThat(r.usage().totalCost().orElseThrow()).isEqualByComparingTo(expected);
            UsageStats s = llm.usageStats();
            assertThat(s.simulatedCalls()).isEqualTo(1);
            assertThat(s.totalCalls()).isZero();
            assertThat(s.dailyCost()).isEqualByComparingTo("0");
        }
        assertThat(gemini.calls()).isZero();
    }

    @Test
    void dryRunWorksWithoutAnyProviderConfiguredAndStreamsOneChunk() {
        Fixture fx = new Fixture().set("Q2O_LLM_DRY_RUN", "true");
        try (LlmService llm = fx.build()) {
            List<String> chunks = new ArrayList<>();
            LlmResponse r = llm.stream(LlmRequest.of("", "hi"), chunks::add).join();
            assertThat(r.simulated()).isTrue();
            assertThat(r.model()).as("first model of the packaged list").isEqualTo("gemini-2.5-pro");
            assertThat(chunks).containsExactly(r.content());
        }
    }
}
