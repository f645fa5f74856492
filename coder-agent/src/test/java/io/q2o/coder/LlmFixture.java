package io.q2o.coder;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmService;
import io.q2o.llm.testkit.AutoAdvanceScheduler;
import io.q2o.llm.testkit.ScriptedProvider;
import io.q2o.llm.testkit.TestClock;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An LlmService over a scripted "gemini" provider: no network, no sleeping, no cache, no files. */
final class LlmFixture implements AutoCloseable {
    static final String MODEL = "gemini-2.5-flash";

    final TestClock clock = TestClock.standard();
    final ScriptedProvider gemini = new ScriptedProvider("gemini");
    final LlmService service;

    LlmFixture() {
        this(Map.of());
    }

    LlmFixture(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>();
        settings.put("Q2O_LLM_PRIMARY", "gemini");
        settings.put("Q2O_LLM_FALLBACK", "none");
        settings.put("Q2O_LLM_CACHE_ENABLED", "false");
        settings.putAll(extra);
        LlmConfig.Builder config = LlmConfig.builder().environment(Map.of()).isolated();
        settings.forEach(config::set);
        service = LlmService.builder().config(config.build()).discoverProviders(false)
                .provider(gemini, List.of(MODEL)).clock(clock).scheduler(new AutoAdvanceScheduler(clock))
                .build();
    }

    @Override
    public void close() {
        service.close();
    }
}
