package io.q2o.llm.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The Redis cache tier: binary values, TTL by PX, fail open. */
class RedisCacheTierTest {
    private static final String KEY = "a".repeat(64);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private RedisServer server;
    private RedisConnector connector;
    private RedisCacheTier tier;

    @BeforeEach
    void setUp() throws Exception {
        server = RedisServer.start();
        connector = RedisConnector.connect(RedisSettings.of(server.url(), TIMEOUT, "c:"));
        tier = new RedisCacheTier(connector);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (connector != null) {
            connector.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static byte[] allBytes() {
        byte[] b = new byte[512];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void storesBinaryValuesUnderThePrefixWithTheirTtl() {
        assertThat(tier.get(KEY)).isEmpty();
        tier.put(KEY, allBytes(), Duration.ofDays(90));
        assertThat(tier.get(KEY)).hasValueSatisfying(v -> assertThat(v).isEqualTo(allBytes()));
        try (Raw raw = new Raw(server)) {
            long pttl = raw.redis().pttl("c:cache:" + KEY);
            assertThat(pttl).isBetween(Duration.ofDays(90).toMillis() - 60_000, Duration.ofDays(90).toMillis());
        }
        // another process (another connection) sees the same entry
        try (RedisConnector other = RedisConnector.connect(RedisSettings.of(server.url(), TIMEOUT, "c:"))) {
            assertThat(new RedisCacheTier(other).get(KEY)).isPresent();
        }
        // another prefix does not
        try (RedisConnector other = RedisConnector.connect(RedisSettings.of(server.url(), TIMEOUT, "d:"))) {
            assertThat(new RedisCacheTier(other).get(KEY)).isEmpty();
        }
    }

    @Test
    void entriesExpireWithTheirTtl() throws Exception {
        tier.put(KEY, new byte[] {1, 2, 3}, Duration.ofMillis(400));
        String other = "b".repeat(64);
        tier.put(other, new byte[] {4}, Duration.ofMinutes(5));
        try (Raw raw = new Raw(server)) {
            // still there with at most its TTL left (-2 would mean already gone: a very busy machine)
            long pttl = raw.redis().pttl("c:cache:" + KEY);
            assertThat(pttl == -2 || (pttl >= 1 && pttl <= 400)).as("PTTL %d", pttl).isTrue();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Optional<byte[]> v = tier.get(KEY);
        while (v.isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(25);
            v = tier.get(KEY);
        }
        assertThat(v).as("expired after its 400 ms TTL").isEmpty();
        assertThat(tier.get(other)).isPresent();
    }

    @Test
    void ignoresZeroTtlsAndForeignKeys() {
        tier.put(KEY, new byte[] {1}, Duration.ZERO);
        tier.put(KEY, new byte[] {1}, Duration.ofMillis(-5));
        assertThat(tier.get(KEY)).isEmpty();
        tier.put("../../etc", new byte[] {1}, Duration.ofMinutes(1));
        assertThat(tier.get("../../etc")).isEmpty();
        assertThat(tier.get(null)).isEmpty();
    }

    @Test
    void failsOpenWhenRedisDiesAndRecovers() throws Exception {
        tier.put(KEY, new byte[] {7}, Duration.ofMinutes(5));
        server.kill();
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            assertThat(tier.get(KEY)).isEmpty();
            tier.put(KEY, new byte[] {8}, Duration.ofMinutes(5));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(TIMEOUT.multipliedBy(2).plusSeconds(1));
        }
        server.startProcess();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        boolean stored = false;
        while (!stored && System.nanoTime() < deadline) {
            tier.put(KEY, new byte[] {9}, Duration.ofMinutes(5));
            stored = tier.get(KEY).isPresent();
            Thread.sleep(50);
        }
        assertThat(stored).as("the tier works again after Redis restarted").isTrue();
    }

    @Test
    void failsOpenWhenRedisWasNeverReachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        try (RedisConnector dead = RedisConnector.connect(RedisSettings.of("redis://127.0.0.1:" + port, TIMEOUT, "c:"))) {
            RedisCacheTier t = new RedisCacheTier(dead);
            for (int i = 0; i < 10; i++) {
                assertThat(t.get(KEY)).isEmpty();
                t.put(KEY, new byte[] {1}, Duration.ofMinutes(1));
            }
            assertThat(t.toString()).contains("redis://127.0.0.1:" + port);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
    }
}
