package io.q2o.llm.redis;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.q2o.llm.ConfigException;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.FinishReason;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.spi.SharedStateProvider;
import io.q2o.llm.testkit.ScriptedProvider;
import io.q2o.llm.testkit.TestClock;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Discovery, settings, and credentials that never leak. */
class RedisSharedStateProviderTest {
    private static final String PASSWORD = "s3cr3t-Pa55word";
    private final TestClock clock = TestClock.standard();

    private static LlmConfig config(String... settings) {
        Map<String, String> env = new HashMap<>(Map.of("Q2O_LLM_PRIMARY", "gemini", "Q2O_LLM_FALLBACK", "none"));
        for (String s : settings) {
            String[] kv = s.split("=", 2);
            env.put(kv[0], kv[1]);
        }
        return LlmConfig.builder().isolated().environment(env).build();
    }

    private static ScriptedProvider gemini() {
        return new ScriptedProvider("gemini").byDefault(r ->
                new ProviderResponse("answer", r.model(), FinishReason.STOP, TokenCounts.of(10, 10)));
    }

    @Test
    void isFoundByServiceLoaderAndStaysOffWithoutAUrl() {
        assertThat(ServiceLoader.load(SharedStateProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(RedisSharedStateProvider.class);
        assertThat(new RedisSharedStateProvider().create(config(), clock)).isEmpty();
        assertThat(new RedisSharedStateProvider().create(config("Q2O_LLM_REDIS_URL=  "), clock)).isEmpty();
    }

    @Test
    void malformedSettingsNameTheVariableButNeverEchoTheUrl() {
        for (String url : List.of("http://user:" + PASSWORD + "@host:6379", "redis://:" + PASSWORD + "@host:notaport/0",
                "redis://:" + PASSWORD + "@ho st:6379", PASSWORD)) {
            ConfigException e = catchThrowableOfType(ConfigException.class,
                    () -> RedisSettings.fromConfig(config("Q2O_LLM_REDIS_URL=" + url)));
            assertThat(e).as(url).isNotNull();
            assertThat(e.variable()).isEqualTo("Q2O_LLM_REDIS_URL");
            assertThat(e.getMessage()).doesNotContain(PASSWORD);
            assertThat(String.valueOf(e.getCause())).doesNotContain(PASSWORD);
        }
        assertThatThrownBy(() -> RedisSettings.fromConfig(config("Q2O_LLM_REDIS_URL=redis://h", "Q2O_LLM_REDIS_TIMEOUT_MS=soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Q2O_LLM_REDIS_TIMEOUT_MS");
        assertThatThrownBy(() -> RedisSettings.fromConfig(config("Q2O_LLM_REDIS_URL=redis://h", "Q2O_LLM_REDIS_TIMEOUT_MS=0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Q2O_LLM_REDIS_TIMEOUT_MS");
        assertThatThrownBy(() -> RedisSettings.fromConfig(config("Q2O_LLM_REDIS_URL=redis://h", "Q2O_LLM_REDIS_PREFIX=a b")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Q2O_LLM_REDIS_PREFIX");
        assertThatThrownBy(() -> RedisSettings.fromConfig(config("Q2O_LLM_REDIS_URL=redis://h", "Q2O_LLM_REDIS_CACHE=maybe")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Q2O_LLM_REDIS_CACHE");
    }

    @Test
    void settingsHaveDefaultsAndDescribeRedisWithoutCredentials() {
        RedisSettings s = RedisSettings.fromConfig(config("Q2O_LLM_REDIS_URL=redis://app:" + PASSWORD + "@cache.internal:6380/2"))
                .orElseThrow();
        assertThat(s.name()).isEqualTo("redis://cache.internal:6380/2");
        assertThat(s.toString()).doesNotContain(PASSWORD).doesNotContain("app:");
        assertThat(s.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.prefix()).isEqualTo("q2o:llm:");
        assertThat(s.cache()).isTrue();
        assertThat(s.reservationTtl()).isEqualTo(Duration.ofMinutes(15));
        RedisSettings t = RedisSettings.fromConfig(config("Q2O_LLM_REDIS_URL=rediss://:" + PASSWORD + "@h", "Q2O_LLM_REDIS_TIMEOUT_MS=80",
                "Q2O_LLM_REDIS_PREFIX=team-a:", "Q2O_LLM_REDIS_CACHE=false", "Q2O_LLM_TIMEOUT_SECONDS=900")).orElseThrow();
        assertThat(t.name()).isEqualTo("rediss://h:6379/0");
        assertThat(t.timeout()).isEqualTo(Duration.ofMillis(80));
        assertThat(t.prefix()).isEqualTo("team-a:");
        assertThat(t.cache()).isFalse();
        assertThat(t.reservationTtl()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void serviceUsesRedisForCountersBucketsAndTheSharedCache() throws Exception {
        try (RedisServer server = RedisServer.start(); Raw raw = new Raw(server)) {
            LlmConfig config = config("Q2O_LLM_REDIS_URL=" + server.url(), "Q2O_LLM_REDIS_TIMEOUT_MS=2000", "Q2O_LLM_DAILY_LIMIT=10",
                    "Q2O_LLM_DAILY_COST_LIMIT=5", "GEMINI_RPM=100", "GEMINI_TPM=100000");
            ScriptedProvider first = gemini();
            try (LlmService llm = LlmService.builder().config(config).clock(clock)
                    .provider(first, List.of("gemini-2.0-flash")).build()) {
                LlmResponse r = llm.complete(LlmRequest.builder().userPrompt("hello").build());
                assertThat(r.success()).isTrue();
                assertThat(llm.usageStats().dailyCalls()).isEqualTo(1);
                assertThat(llm.usageStats().dailyCost()).isEqualByComparingTo("0.000005");
            }
            assertThat(raw.redis().hget("q2o:llm:usage:day:2026-11-28", "calls")).isEqualTo("1");
            assertThat(raw.redis().hget("q2o:llm:usage:day:2026-11-28", "cost")).isEqualTo("0.000005");
            assertThat(raw.redis().hget("q2o:llm:usage:month:2026-11", "cost")).isEqualTo("0.000005");
            assertThat(raw.redis().keys("q2o:llm:bucket:*")).containsExactlyInAnyOrder(
                    "q2o:llm:bucket:gemini:rpm:100", "q2o:llm:bucket:gemini:tpm:100000");
            assertThat(raw.redis().keys("q2o:llm:cache:*")).hasSize(1);

            // another service (another process) with an empty memory cache is answered from Redis
            ScriptedProvider second = gemini();
            try (LlmService llm = LlmService.builder().config(config).clock(clock)
                    .provider(second, List.of("gemini-2.0-flash")).build()) {
                LlmResponse r = llm.complete(LlmRequest.builder().userPrompt("hello").build());
                assertThat(r.success()).isTrue();
                assertThat(r.cacheHit()).isTrue();
                assertThat(second.calls()).isZero();
                assertThat(llm.usageStats().dailyCalls()).isEqualTo(1);
            }
        }
    }

    @Test
    void passwordsReachNeitherLogsNorMessages() throws Exception {
        // everything io.q2o logs at any level and Lettuce at DEBUG, kept off the console
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger q2o = (Logger) LoggerFactory.getLogger("io.q2o");
        Logger lettuce = (Logger) LoggerFactory.getLogger("io.lettuce");
        logs.start();
        for (Logger l : List.of(q2o, lettuce)) {
            // Lettuce masks the password up to DEBUG; its TRACE level dumps raw protocol bytes, AUTH included (README)
            l.setLevel(l == q2o ? Level.TRACE : Level.DEBUG);
            l.setAdditive(false);
            l.addAppender(logs);
        }
        try (RedisServer server = RedisServer.start("--requirepass", PASSWORD)) {
            String good = "redis://:" + PASSWORD + "@127.0.0.1:" + server.port() + "/0";
            String bad = "redis://default:wrong-" + PASSWORD + "@127.0.0.1:" + server.port() + "/0";
            try (LlmService llm = LlmService.builder().config(config("Q2O_LLM_REDIS_URL=" + good, "Q2O_LLM_DAILY_LIMIT=5",
                    "Q2O_LLM_REDIS_TIMEOUT_MS=2000"))
                    .clock(clock).provider(gemini(), List.of("gemini-2.0-flash")).build()) {
                LlmResponse r = llm.complete(LlmRequest.builder().userPrompt("hello").build());
                assertThat(r.success()).as("authenticated: %s", r.error()).isTrue();
                assertThat(llm.toString()).doesNotContain(PASSWORD);
            }
            try (LlmService llm = LlmService.builder().config(config("Q2O_LLM_REDIS_URL=" + bad, "Q2O_LLM_DAILY_LIMIT=5",
                    "Q2O_LLM_REDIS_TIMEOUT_MS=300")).clock(clock).provider(gemini(), List.of("gemini-2.0-flash")).build()) {
                LlmResponse r = llm.complete(LlmRequest.builder().userPrompt("hello").build());
                assertThat(r.success()).isFalse();
                assertThat(r.error().kind()).isEqualTo(ErrorKind.RATE_LIMITED);
                assertThat(r.error().code()).isEqualTo("store-unavailable");
                assertThat(r.error().message()).contains("127.0.0.1:" + server.port()).doesNotContain(PASSWORD);
                assertThat(r.toString()).doesNotContain(PASSWORD);
            }
            try (RedisConnector c = RedisConnector.connect(RedisSettings.of(bad, Duration.ofMillis(300), "x:"))) {
                SharedStateUnavailableException e = catchThrowableOfType(SharedStateUnavailableException.class,
                        () -> new RedisCounterStore(c, clock).tryCountCall("day:2026-11-28", 3));
                assertThat(e).isNotNull();
                for (Throwable t = e; t != null; t = t.getCause()) {
                    assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD);
                }
                assertThat(c.toString()).doesNotContain(PASSWORD);
            }
        } finally {
            for (Logger l : List.of(q2o, lettuce)) {
                l.detachAppender(logs);
                l.setAdditive(true);
                l.setLevel(null);
            }
        }
        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("WRONGPASS"));
        for (ILoggingEvent e : logs.list) {
            assertThat(e.getFormattedMessage()).doesNotContain(PASSWORD);
            for (ch.qos.logback.classic.spi.IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD);
            }
        }
    }
}
