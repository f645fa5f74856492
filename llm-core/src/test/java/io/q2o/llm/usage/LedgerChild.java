package io.q2o.llm.usage;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.RequestTags;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.testkit.ScriptedProvider;

import java.util.List;
import java.util.Map;

/**
 * Child process for {@link UsageLedgerTest}: makes calls against a scripted provider with a
 * ledger in the given folder and prints {@code ACK n} after each call returned. The parent kills
 * it with SIGKILL part-way.
 */
public final class LedgerChild {
    private LedgerChild() {
    }

    /**
     * @param args ledger folder, number of calls
     */
    public static void main(String[] args) {
        String dir = args[0];
        int calls = Integer.parseInt(args[1]);
        LlmConfig config = LlmConfig.builder().isolated().environment(Map.of(
                "Q2O_LLM_USAGE_DIR", dir, "Q2O_LLM_PRIMARY", "gemini", "Q2O_LLM_FALLBACK", "none",
                "Q2O_LLM_CACHE_ENABLED", "false", "Q2O_LLM_DAILY_LIMIT", "0")).build();
        ScriptedProvider gemini = new ScriptedProvider("gemini").alwaysAnswer("ok", TokenCounts.of(10, 100));
        LlmService llm = LlmService.builder().config(config).discoverProviders(false)
                .provider(gemini, List.of("gpt-4o-mini")).executor(Runnable::run).build();
        for (int i = 0; i < calls; i++) {
            LlmResponse r = llm.complete(LlmRequest.builder().userPrompt("call " + i)
                    .tags(new RequestTags("child", "call-" + i, null)).build());
            if (!r.success()) {
                System.out.println("FAIL " + i + " " + r.error());
            }
            System.out.println("ACK " + i);
            System.out.flush();
        }
        System.out.println("DONE");
        System.out.flush();
    }
}
