package com.example.consumer;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.redis.RedisSharedStateProvider;
import io.q2o.llm.spi.SharedStateProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * llm-redis: found by ServiceLoader, and its Lettuce/Netty/Reactor stack starts on the versions
 * the BOM chose. No Redis server is needed: the port is a closed one on 127.0.0.1, which the
 * module reports as "Redis down" (calls retry later) rather than failing.
 */
class RedisSmokeTest {

    @Test
    void sharedStateProviderIsDiscoveredAndStartsLettuce() throws Exception {
        assertThat(ServiceLoader.load(SharedStateProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(RedisSharedStateProvider.class);

        LlmConfig none = LlmConfig.builder().environment(Map.of()).isolated().build();
        assertThat(new RedisSharedStateProvider().create(none, Clock.systemUTC())).isEmpty();

        LlmConfig config = LlmConfig.builder().environment(Map.of()).isolated()
                .set("Q2O_LLM_REDIS_URL", "redis://:s3cret-pass@127.0.0.1:" + closedPort() + "/0")
                .set("Q2O_LLM_REDIS_TIMEOUT_MS", "300")
                .build();
        Optional<SharedStateProvider.SharedState> state = new RedisSharedStateProvider().create(config, Clock.systemUTC());
        assertThat(state).isPresent();
        try (AutoCloseable resources = state.get().resources()) {
            assertThat(state.get().counters()).isNotNull();
            assertThat(state.get().name()).contains("127.0.0.1").doesNotContain("s3cret-pass");
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
