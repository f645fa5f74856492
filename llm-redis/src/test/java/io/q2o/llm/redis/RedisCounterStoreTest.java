package io.q2o.llm.redis;

import io.q2o.llm.testkit.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The counter store's Lua scripts against a real Redis: counting, all-or-nothing reservation, exact decimals, expiry. */
class RedisCounterStoreTest {
    private static final String DAY = "day:2026-11-28";
    private static final String MONTH = "month:2026-11";
    private static final List<String> BOTH = List.of(DAY, MONTH);

    private static RedisServer server;
    private static Raw raw;
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private final TestClock clock = TestClock.standard();
    private final List<RedisConnector> connectors = new ArrayList<>();
    private String prefix;
    private RedisCounterStore store;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start();
        raw = new Raw(server);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (raw != null) {
            raw.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void setUp() {
        prefix = "t" + PREFIXES.incrementAndGet() + ":";
        store = newStore(Duration.ofMinutes(15));
    }

    @AfterEach
    void tearDown() {
        connectors.forEach(RedisConnector::close);
    }

    private RedisCounterStore newStore(Duration reservationTtl) {
        RedisConnector c = RedisConnector.connect(RedisSettings.of(server.url(), Duration.ofSeconds(2), prefix)
                .withReservationTtl(reservationTtl));
        connectors.add(c);
        return new RedisCounterStore(c, clock);
    }

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    private static List<BigDecimal> limits(String day, String month) {
        return Arrays.asList(day == null ? null : d(day), month == null ? null : d(month));
    }

    private String field(String period, String field) {
        return raw.redis().hget(prefix + "usage:" + period, field);
    }

    @Test
    void countsCallsUpToTheLimitUnderContention() throws Exception {
        RedisCounterStore other = newStore(Duration.ofMinutes(15));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            RedisCounterStore s = t % 2 == 0 ? store : other;
            results.add(pool.submit(() -> {
                go.await();
                int counted = 0;
                for (int i = 0; i < 200; i++) {
                    counted += s.tryCountCall(DAY, 1000) ? 1 : 0;
                }
                return counted;
            }));
        }
        go.countDown();
        int total = 0;
        for (Future<Integer> f : results) {
            total += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(total).isEqualTo(1000);
        assertThat(store.calls(DAY)).isEqualTo(1000);
        assertThat(field(DAY, "calls")).isEqualTo("1000");
    }

    @Test
    void aReleasedCallFreesItsPlaceUnderTheLimitAndNeverGoesBelowZero() {
        assertThat(store.tryCountCall(DAY, 2)).isTrue();
        assertThat(store.tryCountCall(DAY, 2)).isTrue();
        assertThat(store.tryCountCall(DAY, 2)).isFalse();
        store.releaseCall(DAY);
        assertThat(field(DAY, "calls")).isEqualTo("1");
        assertThat(store.tryCountCall(DAY, 2)).as("the released place is free again").isTrue();
        store.releaseCall(DAY);
        store.releaseCall(DAY);
        store.releaseCall(DAY);
        assertThat(field(DAY, "calls")).isEqualTo("0");
        assertThat(store.calls(DAY)).isZero();
    }

    @Test
    void noLimitAlwaysCounts() {
        for (int i = 0; i < 5; i++) {
            assertThat(store.tryCountCall(DAY, 0)).isTrue();
        }
        assertThat(store.calls(DAY)).isEqualTo(5);
        assertThat(store.calls("day:2026-11-29")).isZero();
        assertThat(store.cost("day:2026-11-29")).isEqualByComparingTo("0");
    }

    @Test
    void reservationIsAllOrNothingAcrossDayAndMonth() {
        store.commit(BOTH, BigDecimal.ZERO, d("4"));
        // the day allows it, the month does not: nothing may be reserved anywhere
        assertThat(store.tryReserve(BOTH, limits("10", "5"), d("2"))).isFalse();
        assertThat(field(DAY, "reserved")).isIn(null, "0");
        assertThat(field(MONTH, "reserved")).isIn(null, "0");
        assertThat(raw.redis().zcard(prefix + "usage:" + DAY + ":res")).isZero();
        // the month allows it, the day does not
        assertThat(store.tryReserve(BOTH, limits("5", "10"), d("2"))).isFalse();
        assertThat(field(MONTH, "reserved")).isIn(null, "0");
        // exactly reaching both limits is allowed
        assertThat(store.tryReserve(BOTH, limits("5", "5"), d("1"))).isTrue();
        assertThat(field(DAY, "reserved")).isEqualTo("1");
        assertThat(field(MONTH, "reserved")).isEqualTo("1");
        // committed + reserved + the smallest amount is over
        assertThat(store.tryReserve(BOTH, limits("5", "5"), d("0.000000000000000000001"))).isFalse();
        // no limit on a period means only the other counts
        assertThat(store.tryReserve(BOTH, limits(null, "6"), d("1"))).isTrue();
        assertThat(store.tryReserve(BOTH, limits(null, null), d("1000"))).isTrue();
        assertThat(field(DAY, "reserved")).isEqualTo("1002");
    }

    @Test
    void commitReleasesTheReservationAndAddsTheActualCost() {
        assertThat(store.tryReserve(BOTH, limits("1", "1"), d("0.75"))).isTrue();
        assertThat(store.tryReserve(BOTH, limits("1", "1"), d("0.5"))).isFalse();
        List<BigDecimal> committed = store.commit(BOTH, d("0.75"), d("0.125"));
        assertThat(committed).usingElementComparator(BigDecimal::compareTo).containsExactly(d("0.125"), d("0.125"));
        assertThat(field(DAY, "reserved")).isEqualTo("0");
        assertThat(field(DAY, "cost")).isEqualTo("0.125");
        assertThat(raw.redis().zcard(prefix + "usage:" + MONTH + ":res")).isZero();
        assertThat(store.tryReserve(BOTH, limits("1", "1"), d("0.875"))).isTrue();
        assertThat(store.cost(DAY)).isEqualByComparingTo("0.125");
        // a failed call: released, nothing added
        store.commit(BOTH, d("0.875"), BigDecimal.ZERO);
        assertThat(field(MONTH, "reserved")).isEqualTo("0");
        assertThat(store.cost(MONTH)).isEqualByComparingTo("0.125");
    }

    @Test
    void tenthsAddUpExactlyWhereFloatingPointWouldNot() {
        // 0.1 + 0.1 + 0.1 > 0.3 in binary floating point; here three reservations of 0.1 fit a 0.3 limit exactly
        for (int i = 0; i < 3; i++) {
            assertThat(store.tryReserve(BOTH, limits("0.3", null), d("0.1"))).as("reservation %d", i).isTrue();
        }
        assertThat(field(DAY, "reserved")).isEqualTo("0.3");
        for (int i = 0; i < 3; i++) {
            store.commit(BOTH, d("0.1"), d("0.1"));
        }
        assertThat(field(DAY, "cost")).isEqualTo("0.3");
        assertThat(field(DAY, "reserved")).isEqualTo("0");
        for (int i = 0; i < 7; i++) {
            store.commit(BOTH, BigDecimal.ZERO, d("0.1"));
        }
        assertThat(field(DAY, "cost")).isEqualTo("1");
        assertThat(store.cost(MONTH)).isEqualTo(d("1"));
    }

    @Test
    void largeAndTinyAmountsStayExact() {
        String big = "123456789012345678901234567890.123456789012345678901";
        store.commit(List.of(DAY), BigDecimal.ZERO, d(big));
        store.commit(List.of(DAY), BigDecimal.ZERO, d("0.000000000000000000000000000009"));
        store.commit(List.of(DAY), BigDecimal.ZERO, d("876543210987654321098765432110"));
        assertThat(field(DAY, "cost")).isEqualTo("1000000000000000000000000000000.123456789012345678901000000009");
        assertThat(store.cost(DAY)).isEqualTo(d("1000000000000000000000000000000.123456789012345678901000000009"));
        // carries through every digit, trailing zeros normalised away
        store.commit(List.of(MONTH), BigDecimal.ZERO, d("9999999.9999999"));
        store.commit(List.of(MONTH), BigDecimal.ZERO, d("0.0000001"));
        assertThat(field(MONTH, "cost")).isEqualTo("10000000");
        assertThat(store.cost(MONTH)).isEqualByComparingTo("10000000");
    }

    @Test
    void randomSumsMatchBigDecimal() {
        Random random = new Random(42);
        BigDecimal expected = BigDecimal.ZERO;
        for (int i = 0; i < 300; i++) {
            BigDecimal v = new BigDecimal(new java.math.BigInteger(random.nextInt(70) + 1, random), random.nextInt(26));
            expected = expected.add(v);
            List<BigDecimal> got = store.commit(BOTH, BigDecimal.ZERO, v);
            assertThat(got.get(0)).isEqualByComparingTo(expected);
        }
        String plain = expected.signum() == 0 ? "0" : expected.stripTrailingZeros().toPlainString();
        assertThat(field(DAY, "cost")).isEqualTo(plain);
        assertThat(field(MONTH, "cost")).isEqualTo(plain);
        // reservations and releases of random amounts leave nothing reserved
        List<BigDecimal> amounts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            BigDecimal v = new BigDecimal(new java.math.BigInteger(random.nextInt(60) + 1, random), random.nextInt(20));
            assertThat(store.tryReserve(BOTH, limits(null, null), v)).isTrue();
            amounts.add(v);
        }
        java.util.Collections.shuffle(amounts, random);
        for (BigDecimal v : amounts) {
            store.commit(BOTH, v, BigDecimal.ZERO);
        }
        assertThat(field(DAY, "reserved")).isEqualTo("0");
        assertThat(raw.redis().zcard(prefix + "usage:" + DAY + ":res")).isZero();
    }

    @Test
    void negativeAmountsAreRejectedBeforeRedis() {
        assertThatThrownBy(() -> store.tryReserve(BOTH, limits("1", "1"), d("-0.1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.commit(BOTH, BigDecimal.ZERO, d("-1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.tryReserve(BOTH, limits("-1", null), BigDecimal.ZERO)).isFalse();
    }

    @Test
    void expiredReservationsOfDeadProcessesAreReleased() {
        RedisCounterStore crashed = newStore(Duration.ofMinutes(2));
        assertThat(crashed.tryReserve(BOTH, limits("1", "1"), d("1"))).isTrue();
        // the process "dies" without committing: the budget is held until the reservation expires
        assertThat(store.tryReserve(BOTH, limits("1", "1"), d("0.01"))).isFalse();
        clock.advance(Duration.ofMinutes(2).plusMillis(1));
        assertThat(store.tryReserve(BOTH, limits("1", "1"), d("0.01"))).isTrue();
        assertThat(field(DAY, "reserved")).isEqualTo("0.01");
        // a late commit of the expired reservation releases nothing twice, but its cost counts
        crashed.commit(BOTH, d("1"), d("0.5"));
        assertThat(field(DAY, "reserved")).isEqualTo("0.01");
        assertThat(store.cost(DAY)).isEqualByComparingTo("0.5");
    }

    @Test
    void periodKeysExpireWhenTheyCanNoLongerMatter() {
        store.tryCountCall(DAY, 10);
        store.tryReserve(BOTH, limits("1", "1"), d("0.5"));
        store.commit(BOTH, d("0.5"), d("0.25"));
        long dayTtl = raw.redis().ttl(prefix + "usage:" + DAY);
        long monthTtl = raw.redis().ttl(prefix + "usage:" + MONTH);
        assertThat(dayTtl).isBetween(Duration.ofDays(40).toSeconds() - 60, Duration.ofDays(40).toSeconds());
        assertThat(monthTtl).isBetween(Duration.ofDays(400).toSeconds() - 60, Duration.ofDays(400).toSeconds());
        store.tryReserve(BOTH, limits("1", "1"), d("0.5"));
        assertThat(raw.redis().ttl(prefix + "usage:" + DAY + ":res")).isPositive();
    }

    @Test
    void prefixesKeepStoresApart() {
        store.commit(BOTH, BigDecimal.ZERO, d("3"));
        String mine = prefix;
        prefix = mine + "other:";
        RedisCounterStore other = newStore(Duration.ofMinutes(15));
        assertThat(other.cost(DAY)).isEqualByComparingTo("0");
        assertThat(other.tryReserve(BOTH, limits("3", "3"), d("3"))).isTrue();
        prefix = mine;
        assertThat(store.cost(DAY)).isEqualByComparingTo("3");
    }

    @Test
    void seedAddsCallsAndCost() {
        store.seed(DAY, 7, d("1.25"));
        store.seed(DAY, 3, d("0.75"));
        assertThat(store.calls(DAY)).isEqualTo(10);
        assertThat(store.cost(DAY)).isEqualTo(d("2"));
        assertThat(store.durable()).isTrue();
    }

    @Test
    void scriptsAreReloadedAfterRedisForgetsThem() {
        store.tryCountCall(DAY, 10);
        raw.redis().scriptFlush();
        assertThat(store.tryCountCall(DAY, 10)).isTrue();
        assertThat(store.tryReserve(BOTH, limits("1", "1"), d("1"))).isTrue();
        assertThat(store.calls(DAY)).isEqualTo(2);
    }

    @Test
    void concurrentReserveAndCommitFromTwoConnectionsNeverExceedTheBudget() throws Exception {
        RedisCounterStore other = newStore(Duration.ofMinutes(15));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            RedisCounterStore s = t % 2 == 0 ? store : other;
            results.add(pool.submit(() -> {
                int ok = 0;
                for (int i = 0; i < 100; i++) {
                    if (s.tryReserve(BOTH, limits("1.00", "5"), d("0.03"))) {
                        s.commit(BOTH, d("0.03"), d("0.01"));
                        ok++;
                    }
                }
                return ok;
            }));
        }
        int ok = 0;
        for (Future<Integer> f : results) {
            ok += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        // 0.01 per call; the last reservation of 0.03 must fit under 1.00, so at most 98 calls and at least 98
        assertThat(ok).isEqualTo(98);
        assertThat(field(DAY, "cost")).isEqualTo("0.98");
        assertThat(field(DAY, "reserved")).isEqualTo("0");
    }
}
