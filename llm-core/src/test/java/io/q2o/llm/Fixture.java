package io.q2o.llm;

import io.q2o.llm.testkit.AutoAdvanceScheduler;
import io.q2o.llm.testkit.ScriptedProvider;
import io.q2o.llm.testkit.TestClock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds services over scripted providers with a test clock; no network, no sleeping. */
final class Fixture {
    final TestClock clock = TestClock.standard();
    final AutoAdvanceScheduler scheduler = new AutoAdvanceScheduler(clock);
    final Map<String, String> settings = new HashMap<>();
    final List<Object[]> providers = new ArrayList<>();
    final List<LlmListener> alerts = new ArrayList<>();

    Fixture() {
        settings.put("Q2O_LLM_PRIMARY", "gemini");
        settings.put("Q2O_LLM_FALLBACK", "openai");
        settings.put("Q2O_LLM_AUTO_FALLBACK", "false");
        settings.put("Q2O_LLM_CACHE_ENABLED", "false");
        settings.put("Q2O_LLM_DAILY_LIMIT", "0");
    }

    Fixture set(String k, String v) {
        settings.put(k, v);
        return this;
    }

    ScriptedProvider provider(String name, String... models) {
        ScriptedProvider p = new ScriptedProvider(name).waitsOn(scheduler);
        providers.add(new Object[] {p, List.of(models)});
        return p;
    }

    LlmConfig config() {
        LlmConfig.Builder b = LlmConfig.builder().environment(Map.of()).isolated();
        settings.forEach(b::set);
        return b.build();
    }

    @SuppressWarnings("unchecked")
    LlmService build() {
        LlmService.Builder b = LlmService.builder().config(config()).discoverProviders(false).clock(clock)
                .scheduler(scheduler).executor(Runnable::run);
        for (Object[] p : providers) {
            b.provider((ScriptedProvider) p[0], (List<String>) p[1]);
        }
        alerts.forEach(b::listener);
        return b.build();
    }

    static LlmRequest req(String user) {
        return LlmRequest.builder().systemPrompt("sys").userPrompt(user).build();
    }
}
