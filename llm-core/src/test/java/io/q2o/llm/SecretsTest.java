package io.q2o.llm;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.q2o.llm.spi.AuthenticationException;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.LlmProviderFactory;
import io.q2o.llm.spi.ProviderConfig;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

    private static final String KEY = "sk-proj-THISISASECRETKEYVALUE1234567890";

    @Test
    void aKeyStringNeverAppearsInLogsMessagesOrToString() {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        Logger q2o = (Logger) LoggerFactory.getLogger("io.q2o");
        Level before = q2o.getLevel();
        q2o.setLevel(Level.DEBUG);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        AtomicReference<ProviderConfig> seen = new AtomicReference<>();
        LlmProviderFactory factory = new LlmProviderFactory() {
            @Override
            public String name() {
                return "openai";
            }

            @Override
            public String apiKeyVariable() {
                return "OPENAI_API_KEY";
            }

            @Override
            public List<String> defaultModels() {
                return List.of("gpt-4o-mini");
            }

            @Override
            public LlmProvider create(ProviderConfig config) {
                seen.set(config);
                // a badly behaved SDK error that echoes the key
                return new ScriptedProvider("openai").byDefault(r -> {
                    throw new AuthenticationException("openai", 401, "Incorrect API key provided: "
                            + config.apiKey().orElseThrow().reveal(), null);
                });
            }
        };
        LlmConfig config = LlmConfig.builder().environment(Map.of("OPENAI_API_KEY", KEY, "Q2O_LLM_PRIMARY", "openai",
                "Q2O_LLM_FALLBACK", "none", "Q2O_LLM_DEBUG", "true", "Q2O_LLM_CACHE_ENABLED", "false")).isolated().build();
        try (LlmService llm = LlmService.builder().config(config).discoverProviders(false).providerFactory(factory).build()) {
            LlmResponse r = llm.complete(LlmRequest.builder().systemPrompt("my key is " + KEY)
                    .userPrompt("and a google one AIzaSyA1234567890abcdefghijklmnopqrs").build());

            assertThat(r.success()).isFalse();
            assertThat(r.error().message()).doesNotContain(KEY).contains("****");
            assertThat(r.toString()).doesNotContain(KEY);
            assertThat(r.attempts()).allSatisfy(a -> assertThat(a.message()).doesNotContain(KEY));
            assertThat(llm.toString()).doesNotContain(KEY);
            assertThat(config.toString()).doesNotContain(KEY);
            assertThat(seen.get().toString()).doesNotContain(KEY);
        } finally {
            root.detachAppender(appender);
            q2o.setLevel(before);
        }
        assertThat(appender.list).isNotEmpty();
        assertThat(appender.list).allSatisfy(e -> {
            assertThat(e.getFormattedMessage()).doesNotContain(KEY).doesNotContain("AIzaSyA1234567890abcdefghijklmnopqrs");
            if (e.getThrowableProxy() != null) {
                assertThat(e.getThrowableProxy().getMessage()).doesNotContain(KEY);
            }
        });
    }
}
