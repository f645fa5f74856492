package io.q2o.llm.redis;

import io.github.bucket4j.Bucket;
import io.q2o.llm.testkit.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Buckets shared through Redis, refilled by the service clock, failing open to local buckets. */
class RedisBucketFactoryTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private RedisServer server;
    private RedisConnector a;
    private RedisConnector b;
    private final TestClock clock = TestClock.standard();

    @BeforeEach
    void setUp() throws Exception {
        server = RedisServer.start();
        a = RedisConnector.connect(RedisSettings.of(server.url(), TIMEOUT, "k:"));
        b = RedisConnector.connect(RedisSettings.of(server.url(), TIMEOUT, "k:"));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {a, b, server}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void twoConnectionsShareOneBucketRefilledByTheClock() {
        Bucket one = new RedisBucketFactory(a, clock).bucket("gemini:tpm", 1000);
        Bucket two = new RedisBucketFactory(b, clock).bucket("gemini:tpm", 1000);
        assertThat(one.tryConsumeAndReturnRemaining(600).isConsumed()).isTrue();
        assertThat(two.tryConsumeAndReturnRemaining(600).isConsumed()).isFalse();
        assertThat(two.tryConsumeAndReturnRemaining(400).isConsumed()).isTrue();
        assertThat(one.tryConsume(1)).isFalse();
        assertThat(one.tryConsumeAndReturnRemaining(1).getNanosToWaitForRefill()).isPositive();
        clock.advance(Duration.ofSeconds(6)); // 1000 per minute: 100 tokens
        assertThat(two.tryConsumeAndReturnRemaining(100).isConsumed()).isTrue();
        assertThat(one.tryConsume(1)).isFalse();
        two.addTokens(50);
        assertThat(one.tryConsumeAndReturnRemaining(50).isConsumed()).isTrue();
        // another limit for the same name is another bucket
        assertThat(new RedisBucketFactory(b, clock).bucket("gemini:tpm", 2000).tryConsume(1500)).isTrue();
    }

    @Test
    void failsOpenToAPerProcessBucketWhileRedisIsDown() throws Exception {
        Bucket bucket = new RedisBucketFactory(a, clock).bucket("gemini:rpm", 3);
        assertThat(bucket.tryConsume(3)).isTrue();
        assertThat(bucket.tryConsume(1)).isFalse();
        server.kill();
        long t0 = System.nanoTime();
        // the local bucket has the same limit
        assertThat(bucket.tryConsume(3)).isTrue();
        assertThat(bucket.tryConsumeAndReturnRemaining(1).isConsumed()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(TIMEOUT.multipliedBy(2).plusSeconds(1));
        // Redis back (empty): the shared bucket is rebuilt full
        server.startProcess();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        boolean shared = false;
        while (!shared && System.nanoTime() < deadline) {
            Thread.sleep(100);
            shared = bucket.getAvailableTokens() == 3 && !a.isDown();
        }
        assertThat(shared).isTrue();
        Bucket other = new RedisBucketFactory(b, clock).bucket("gemini:rpm", 3);
        assertThat(other.tryConsume(2)).isTrue();
        assertThat(bucket.getAvailableTokens()).isEqualTo(1);
    }
}
