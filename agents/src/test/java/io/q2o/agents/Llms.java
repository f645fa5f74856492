package io.q2o.agents;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmService;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.testkit.AutoAdvanceScheduler;
import io.q2o.llm.testkit.ScriptedProvider;
import io.q2o.llm.testkit.TestClock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Services over scripted providers with a test clock: no network, no sleeping. */
public final class Llms {
    public static final String GEMINI_MODEL = "gemini-2.5-flash";
    public static final String OPENAI_MODEL = "gpt-4o-mini";
    public static final TokenCounts TOKENS = TokenCounts.of(1000, 200);

    private final TestClock clock = TestClock.standard();
    private final AutoAdvanceScheduler scheduler = new AutoAdvanceScheduler(clock);
    private final Map<String, String> settings = new HashMap<>();
    private final List<Object[]> providers = new ArrayList<>();

    public Llms() {
        settings.put("Q2O_LLM_PRIMARY", "gemini");
        settings.put("Q2O_LLM_FALLBACK", "none");
        settings.put("Q2O_LLM_AUTO_FALLBACK", "false");
        settings.put("Q2O_LLM_CACHE_ENABLED", "false");
        settings.put("Q2O_LLM_DAILY_LIMIT", "0");
        settings.put("Q2O_LLM_MAX_RETRIES", "0");
        settings.put("GEMINI_MODEL", GEMINI_MODEL);
        settings.put("OPENAI_MODEL", OPENAI_MODEL);
    }

    public Llms set(String key, String value) {
        settings.put(key, value);
        return this;
    }

    public ScriptedProvider gemini() {
        return provider("gemini", GEMINI_MODEL);
    }

    public ScriptedProvider openai() {
        return provider("openai", OPENAI_MODEL);
    }

    public ScriptedProvider provider(String name, String... models) {
        ScriptedProvider p = new ScriptedProvider(name).waitsOn(scheduler);
        providers.add(new Object[] {p, List.of(models)});
        return p;
    }

    @SuppressWarnings("unchecked")
    public LlmService build() {
        LlmConfig.Builder c = LlmConfig.builder().environment(Map.of()).isolated();
        settings.forEach(c::set);
        LlmService.Builder b = LlmService.builder().config(c.build()).discoverProviders(false).clock(clock)
                .scheduler(scheduler).executor(Runnable::run);
        for (Object[] p : providers) {
            b.provider((ScriptedProvider) p[0], (List<String>) p[1]);
        }
        return b.build();
    }

    /** @return the request's whole text: system prompt and every message */
    public static String text(ProviderRequest r) {
        StringBuilder sb = new StringBuilder(r.systemPrompt() == null ? "" : r.systemPrompt());
        r.messages().forEach(m -> {
            if (m instanceof io.q2o.llm.UserMessage u) {
                sb.append('\n').append(u.text());
            } else if (m instanceof io.q2o.llm.AssistantMessage a) {
                sb.append('\n').append(a.text());
            }
        });
        return sb.toString();
    }
}
