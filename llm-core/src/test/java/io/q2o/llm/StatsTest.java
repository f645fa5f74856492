package io.q2o.llm;

import io.q2o.llm.spi.InvalidRequestException;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class StatsTest {

    @Test
    void statisticsStayConsistentUnderConcurrency() throws Exception {
        Fixture fx = new Fixture().set("Q2O_LLM_FALLBACK", "none");
        ScriptedProvider gemini = fx.provider("gemini", "gpt-4o-mini");
        gemini.byDefault(r -> {
            if (r.userPrompt().endsWith("fail")) {
                throw new InvalidRequestException("gemini", 400, "bad", null);
            }
            return new ProviderResponse("ok", r.model(), FinishReason.STOP, TokenCounts.of(10, 100));
        });
        int threads = 8;
        int calls = 1000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (LlmService llm = fx.build()) {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String agent = "agent-" + (t % 2);
                int thread = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < calls; i++) {
                        String prompt = "t" + thread + "-" + i + (i % 4 == 0 ? " fail" : "");
                        llm.complete(LlmRequest.builder().userPrompt(prompt).tags(RequestTags.agent(agent)).build());
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            UsageStats s = llm.usageStats();
            assertThat(s.totalCalls()).isEqualTo(8_000);
            assertThat(s.failedCalls()).isEqualTo(2_000);
            assertThat(s.successfulCalls()).isEqualTo(6_000);
            assertThat(s.totalCost()).isEqualByComparingTo(new BigDecimal("0.0000615").multiply(BigDecimal.valueOf(6_000)));
            assertThat(s.byAgent()).containsOnlyKeys("agent-0", "agent-1");
            assertThat(s.byAgent().values().stream().mapToLong(UsageStats.Breakdown::calls).sum()).isEqualTo(8_000);
            assertThat(s.byAgent().get("agent-0").cost()).isEqualByComparingTo(new BigDecimal("0.0000615").multiply(BigDecimal.valueOf(3_000)));
            assertThat(s.byProvider().get("gemini").successful()).isEqualTo(6_000);
            assertThat(s.byModel().get("gpt-4o-mini").inputTokens()).isEqualTo(60_000);
            assertThat(s.byModel().get("gpt-4o-mini").outputTokens()).isEqualTo(600_000);
        } finally {
            pool.shutdownNow();
        }
    }
}
