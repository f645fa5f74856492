package com.example.consumer;

import io.opentelemetry.api.OpenTelemetry;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.opentelemetry.LlmTracing;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** llm-opentelemetry with the OpenTelemetry API the BOM manages: the span listener runs on a call. */
class TracingSmokeTest {

    @Test
    void aCallAnswersWithTheSpanListenerRegistered() {
        LlmConfig config = LlmConfig.builder().environment(Map.of()).isolated()
                .set("Q2O_LLM_DRY_RUN", "true").set("Q2O_LLM_PRIMARY", "openai").set("OPENAI_MODEL", "gpt-4o-mini")
                .build();
        try (LlmService llm = LlmService.builder().config(config).discoverProviders(false)
                .listener(LlmTracing.builder(OpenTelemetry.noop()).build()).build()) {
            LlmResponse r = llm.complete(LlmRequest.of("You are terse.", "Say hello"));

            assertThat(r.success()).isTrue();
            assertThat(r.simulated()).isTrue();
        }
    }
}
