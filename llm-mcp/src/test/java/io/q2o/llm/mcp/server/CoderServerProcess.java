package io.q2o.llm.mcp.server;

import io.q2o.coder.CoderAgent;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmService;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.testkit.ScriptedProvider;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The CoderAgent MCP server as a separate process for {@link CoderMcpServerTest}: stdio, an output
 * root from the first argument, and a scripted model that answers every request with the code in
 * the second argument (a replayed answer: no network, no key).
 */
public final class CoderServerProcess {
    private CoderServerProcess() {
    }

    public static void main(String[] args) throws Exception {
        ScriptedProvider openai = new ScriptedProvider("openai").alwaysAnswer(args[1], TokenCounts.of(400, 120));
        LlmConfig config = LlmConfig.builder().environment(Map.of()).isolated()
                .set("Q2O_LLM_PRIMARY", "openai").set("Q2O_LLM_FALLBACK", "none").set("Q2O_LLM_AUTO_FALLBACK", "false")
                .set("Q2O_LLM_CACHE_ENABLED", "false").set("Q2O_LLM_DAILY_LIMIT", "0").build();
        try (LlmService llm = LlmService.builder().config(config).discoverProviders(false)
                .provider(openai, List.of("gpt-4o-mini")).build()) {
            CoderAgent agent = CoderAgent.builder().llm(llm).outputRoot(Path.of(args[0])).build();
            CoderMcpServer.stdio(agent, "test", System.in, System.out).awaitInputClosed();
        }
    }
}
