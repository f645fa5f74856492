package io.q2o.llm.postgres;

import io.q2o.llm.FinishReason;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.RequestTags;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.ToolCall;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.spi.ServerErrorException;
import io.q2o.llm.testkit.ScriptedProvider;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds services whose ledger is shipped (found through ServiceLoader from the settings, as in
 * production) and makes a varied mix of calls: priced and unpriced models, failures, cache hits,
 * several agents, tasks and projects, token counts that depend on the prompt, answers that call
 * two tools ({@link #TOOLS}) and answers that call none.
 */
final class Calls {
    /** The names of the tools an answer to a prompt containing "tools" calls, in order. */
    static final List<String> TOOLS = List.of("weather", "add");

    private Calls() {
    }

    /**
     * @param dir      the ledger folder
     * @param url      the JDBC URL
     * @param host     the host name the records carry
     * @param settings more settings, NAME=value
     * @return the configuration
     */
    static LlmConfig config(Path dir, String url, String host, String... settings) {
        Map<String, String> env = new HashMap<>(Map.of("Q2O_LLM_PRIMARY", "gemini", "Q2O_LLM_FALLBACK", "none",
                "Q2O_LLM_MAX_RETRIES", "0", "Q2O_LLM_USAGE_DIR", dir.toString(), "Q2O_LLM_TIMEZONE", "UTC"));
        if (url != null) {
            env.put(PostgresLedgerSettings.URL, url);
            env.put(PostgresLedgerSettings.USER, PgCluster.USER);
            env.put(PostgresLedgerSettings.PASSWORD, PgCluster.PASSWORD);
            env.put(PostgresLedgerSettings.HOST, host);
        }
        for (String s : settings) {
            String[] kv = s.split("=", 2);
            env.put(kv[0], kv[1]);
        }
        return LlmConfig.builder().isolated().environment(env).build();
    }

    /**
     * @param config the configuration
     * @return a service with a scripted "gemini": prompts starting with "fail" get a 503, prompts
     *         containing "tools" an answer that calls {@link #TOOLS}
     */
    static LlmService service(LlmConfig config) {
        ScriptedProvider gemini = new ScriptedProvider("gemini").byDefault(r -> {
            String prompt = r.userPrompt();
            if (prompt.startsWith("fail")) {
                throw new ServerErrorException("gemini", 503, null, "overloaded", null);
            }
            TokenCounts tokens = TokenCounts.of(3 + prompt.length() * 7L, 11 + prompt.length() * 13L);
            if (prompt.contains("tools")) {
                return new ProviderResponse("", r.model(), FinishReason.TOOL_CALLS, tokens,
                        List.of(new ToolCall("c1", TOOLS.get(0), "{\"city\":\"Oslo\"}"), new ToolCall("c2", TOOLS.get(1), "{}")),
                        List.of());
            }
            return new ProviderResponse("ok " + prompt, r.model(), FinishReason.STOP, tokens);
        });
        return LlmService.builder().config(config).provider(gemini, List.of("gemini-2.0-flash", "gemini-unpriced-x")).build();
    }

    /**
     * Makes call number {@code i} of the mix.
     *
     * @param llm the service
     * @param tag a tag that makes the prompts of this writer distinct
     * @param i   the call number
     * @return the answer
     */
    static LlmResponse call(LlmService llm, String tag, int i) {
        String prompt = (i % 11 == 5 ? "fail " : "") + (i % 7 == 2 ? "tools " : "") + tag + " call " + (i % 17 == 3 ? 0 : i);
        LlmRequest.Builder b = LlmRequest.builder().userPrompt(prompt)
                .tags(new RequestTags("agent-" + (i % 3), "task-" + (i % 4), i % 2 == 0 ? "proj" : null));
        if (i % 5 == 4) {
            b.model("gemini-unpriced-x");
        }
        return llm.complete(b.build());
    }
}
