package io.q2o.llm.redis;

import io.q2o.llm.spi.UsageCounterStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daily/monthly counters and hard budgets in Redis, shared by every process using the same
 * Redis and key prefix.
 *
 * <p><b>Layout.</b> A period ({@code day:2026-11-28}, {@code month:2026-11}) is a hash
 * {@code <prefix>usage:<period>} with the fields {@code calls} (an integer), {@code cost} (committed
 * USD) and {@code reserved} (USD held by calls in flight), plus a sorted set
 * {@code <prefix>usage:<period>:res} of the reservations in flight (member
 * {@code <id>:<amount>}, score = expiry in epoch ms by the service clock). Day keys expire 40 days
 * and month keys 400 days after their last write; other period keys 400 days.
 *
 * <p><b>Money is exact.</b> Amounts are stored as plain decimal strings (e.g. {@code "0.0002001"})
 * and added, subtracted and compared digit by digit in Lua, never as floating point. Decimal
 * strings rather than integer micro-units because prices carry any number of decimals (a price of
 * $0.0375 per million tokens is $0.0000000375 per token, below a nano-dollar), Lua numbers are
 * doubles exact only to 2^53, and the strings read the same in {@code redis-cli} as in the ledger.
 *
 * <p><b>Atomicity.</b> Counting a call, reserving (all periods or none), committing and seeding
 * are each one Lua script (EVALSHA, loaded on demand). A reservation whose process dies before
 * committing is released when its TTL ({@link RedisSettings#reservationTtl()}) has passed, so a
 * crash does not hold budget for the rest of the month.
 *
 * <p><b>When Redis is unreachable</b> (after at most the timeout):
 * <ul>
 *   <li>{@link #tryCountCall} with a limit and {@link #tryReserve} throw
 *       {@link SharedStateUnavailableException}: the daily limit and the budgets fail closed;</li>
 *   <li>{@link #tryCountCall} without a limit counts the call locally and returns true;</li>
 *   <li>{@link #commit} and {@link #seed} never throw (the call has happened and its cost is
 *       real): the update is kept in memory and replayed when Redis answers again (up to
 *       {@value #MAX_PENDING} updates). A commit that adds nothing and releases nothing (a call
 *       refused or failed before any cost) is not kept;</li>
 *   <li>{@link #calls} and {@link #cost} return the last values seen plus the pending updates.</li>
 * </ul>
 *
 * <p><b>When Redis is back</b> the pending updates are replayed by a background thread
 * ({@link PendingUpdates}), never on a caller's thread: no call waits for the replay. Until it has
 * finished, the daily limit and the budgets count the updates still waiting, so they are never
 * looser than after the replay.
 *
 * <p>Thread-safe. {@link #close} writes what waits (if Redis answers) and stops the replay thread.
 *
 * <p>Length: a sixth of this file is the contract above; each counter operation pairs its Lua
 * script call with its outage fallback over the same keys and last-seen figures, so they read best
 * side by side (the scripts live in {@link LuaScript}, the outage journal in {@link PendingUpdates}).
 */
public final class RedisCounterStore implements UsageCounterStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisCounterStore.class);

    /** How many updates made while Redis was unreachable are kept for replay. */
    public static final int MAX_PENDING = 100_000;

    static final Duration DAY_TTL = Duration.ofDays(40);
    static final Duration MONTH_TTL = Duration.ofDays(400);

    private final RedisConnector redis;
    private final Clock clock;
    private final String prefix;
    private final Duration reservationTtl;
    private final String instance = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final AtomicLong sequence = new AtomicLong();
    /** Members of the reservations this process holds, by periods and amount (equal ones are interchangeable). */
    private final Map<String, Deque<String>> held = new ConcurrentHashMap<>();
    /** The last figures Redis returned, per period. */
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    /** Updates made while Redis was unreachable, replayed in the background. */
    private final PendingUpdates pending;

    private record Known(long calls, BigDecimal cost) {
    }

    /**
     * @param redis the connection
     * @param clock the service clock (reservation expiry)
     */
    public RedisCounterStore(RedisConnector redis, Clock clock) {
        this(redis, clock, null);
    }

    /**
     * @param redis    the connection
     * @param clock    the service clock (reservation expiry)
     * @param replayer runs the replay of pending updates, or {@code null} for a daemon thread of the store's own
     */
    RedisCounterStore(RedisConnector redis, Clock clock, Executor replayer) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.prefix = redis.settings().prefix() + "usage:";
        this.reservationTtl = redis.settings().reservationTtl();
        this.pending = new PendingUpdates(redis, MAX_PENDING, this::write, replayer);
    }

    // ------------------------------------------------------------------ keys

    private String key(String period) {
        return prefix + period;
    }

    private String[] keys(List<String> periods) {
        String[] k = new String[periods.size() * 2];
        for (int i = 0; i < periods.size(); i++) {
            k[i] = key(periods.get(i));
            k[periods.size() + i] = key(periods.get(i)) + ":res";
        }
        return k;
    }

    /**
     * @param period a period key
     * @return how long its Redis keys live after their last write
     */
    static Duration ttl(String period) {
        return period.startsWith("day:") ? DAY_TTL : MONTH_TTL;
    }

    private static String seconds(String period) {
        return Long.toString(ttl(period).toSeconds());
    }

    static String plain(BigDecimal amount, String what) {
        Objects.requireNonNull(amount, what);
        if (amount.signum() < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + amount.toPlainString());
        }
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }

    private static BigDecimal decimal(Object o) {
        return new BigDecimal(LuaScript.string(o));
    }

    private static String heldKey(List<String> periods, String amount) {
        return String.join("\n", periods) + "\n" + amount;
    }

    // ------------------------------------------------------------------ SPI

    /**
     * {@inheritDoc}
     *
     * @throws SharedStateUnavailableException if {@code limit > 0} and Redis cannot be reached
     */
    @Override
    public boolean tryCountCall(String period, long limit) {
        Objects.requireNonNull(period, "period");
        pending.replaySoon();
        // calls counted during an outage and not replayed yet count against the limit
        long effective = limit;
        if (limit > 0) {
            effective = limit - pending.calls(period);
            if (effective <= 0) {
                return false;
            }
        }
        String max = Long.toString(effective);
        try {
            List<Object> r = redis.call(c -> LuaScript.COUNT.run(c, new String[] {key(period)}, max, seconds(period)));
            long calls = LuaScript.number(r.get(1));
            known.compute(period, (p, k) -> new Known(calls, k == null ? BigDecimal.ZERO : k.cost()));
            return LuaScript.number(r.get(0)) == 1;
        } catch (SharedStateUnavailableException e) {
            if (limit <= 0) {
                pending.add(new PendingUpdates.Update(List.of(period), "", BigDecimal.ZERO, 1));
                return true;
            }
            // llm-core turns this into RATE_LIMITED, code store-unavailable: the daily limit fails closed
            throw e;
        }
    }

    /**
     * {@inheritDoc} When Redis cannot be reached the call stays counted (the limit errs on the
     * strict side) and a warning is logged by the caller.
     */
    @Override
    public void releaseCall(String period) {
        Objects.requireNonNull(period, "period");
        redis.call(c -> LuaScript.RELEASE.run(c, new String[] {key(period)}));
    }

    @Override
    public long calls(String period) {
        pending.replaySoon();
        Known k;
        try {
            k = read(period);
        } catch (SharedStateUnavailableException e) {
            k = known.get(period);
        }
        return (k == null ? 0 : k.calls()) + pending.calls(period);
    }

    @Override
    public BigDecimal cost(String period) {
        pending.replaySoon();
        Known k;
        try {
            k = read(period);
        } catch (SharedStateUnavailableException e) {
            k = known.get(period);
        }
        return (k == null ? BigDecimal.ZERO : k.cost()).add(pending.cost(period));
    }

    private Known read(String period) {
        List<Object> r = redis.call(c -> LuaScript.READ.run(c, new String[] {key(period)}));
        Known k = new Known(LuaScript.number(r.get(0)), decimal(r.get(1)));
        known.put(period, k);
        return k;
    }

    /**
     * {@inheritDoc}
     *
     * @throws SharedStateUnavailableException if Redis cannot be reached (the budget fails closed)
     */
    @Override
    public boolean tryReserve(List<String> periods, List<BigDecimal> limits, BigDecimal amount) {
        if (periods.size() != limits.size()) {
            throw new IllegalArgumentException("one limit per period expected");
        }
        String a = plain(amount, "amount");
        pending.replaySoon();
        String[] args = new String[4 + 2 * periods.size()];
        for (int i = 0; i < periods.size(); i++) {
            BigDecimal limit = limits.get(i);
            if (limit != null) {
                // costs committed during an outage and not replayed yet count against the budget
                limit = limit.subtract(pending.cost(periods.get(i)));
            }
            if (limit != null && limit.signum() < 0) {
                return false;
            }
            args[4 + i] = limit == null ? "" : plain(limit, "limit");
            args[4 + periods.size() + i] = seconds(periods.get(i));
        }
        long now = clock.millis();
        // a zero amount holds nothing, so it needs no reservation record (and no commit releases one)
        String member = a.equals("0") ? "" : instance + "-" + sequence.incrementAndGet() + ":" + a;
        args[0] = Long.toString(now);
        args[1] = Long.toString(now + reservationTtl.toMillis());
        args[2] = member;
        args[3] = a;
        List<Object> r;
        try {
            r = redis.call(c -> LuaScript.RESERVE.run(c, keys(periods), args));
        } catch (SharedStateUnavailableException e) {
            // llm-core turns this into BUDGET_EXCEEDED, code store-unavailable: the budget fails closed
            throw e;
        }
        for (int i = 0; i < periods.size(); i++) {
            BigDecimal cost = decimal(r.get(i + 1));
            known.compute(periods.get(i), (p, k) -> new Known(k == null ? 0 : k.calls(), cost));
        }
        if (LuaScript.number(r.get(0)) != 1) {
            return false;
        }
        if (member.isEmpty()) {
            return true;
        }
        Deque<String> members = held.computeIfAbsent(heldKey(periods, a), k -> new ArrayDeque<>());
        synchronized (members) {
            members.addLast(member);
        }
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Never throws for an unreachable Redis: the update is replayed later, and the figures
     * returned are the last seen plus the pending updates.
     */
    @Override
    public List<BigDecimal> commit(List<String> periods, BigDecimal reserved, BigDecimal actual) {
        String act = plain(actual, "actual");
        String member = takeMember(periods, reserved);
        pending.replaySoon();
        try {
            List<BigDecimal> out = commitNow(periods, member, act);
            List<BigDecimal> withPending = new ArrayList<>(out.size());
            for (int i = 0; i < out.size(); i++) {
                withPending.add(out.get(i).add(pending.cost(periods.get(i))));
            }
            return withPending;
        } catch (SharedStateUnavailableException e) {
            log.debug("Redis commit deferred: {}", e.getMessage());
            // an update that adds and releases nothing (a refused or failed call) is not kept
            pending.add(new PendingUpdates.Update(periods, member, new BigDecimal(act), 0));
            List<BigDecimal> out = new ArrayList<>(periods.size());
            for (String p : periods) {
                Known k = known.get(p);
                out.add((k == null ? BigDecimal.ZERO : k.cost()).add(pending.cost(p)));
            }
            return out;
        }
    }

    private String takeMember(List<String> periods, BigDecimal reserved) {
        if (reserved == null || reserved.signum() <= 0) {
            return "";
        }
        Deque<String> members = held.get(heldKey(periods, plain(reserved, "reserved")));
        String member = null;
        if (members != null) {
            synchronized (members) {
                member = members.pollFirst();
            }
        }
        if (member == null) {
            log.debug("No reservation of {} held for {}; committing without releasing one", reserved, periods);
            return "";
        }
        return member;
    }

    private List<BigDecimal> commitNow(List<String> periods, String member, String actual) {
        String[] args = new String[2 + periods.size()];
        args[0] = member;
        args[1] = actual;
        for (int i = 0; i < periods.size(); i++) {
            args[2 + i] = seconds(periods.get(i));
        }
        List<Object> r = redis.call(c -> LuaScript.COMMIT.run(c, keys(periods), args));
        List<BigDecimal> out = new ArrayList<>(periods.size());
        for (int i = 0; i < periods.size(); i++) {
            BigDecimal cost = decimal(r.get(i));
            out.add(cost);
            known.compute(periods.get(i), (p, k) -> new Known(k == null ? 0 : k.calls(), cost));
        }
        return out;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Never throws for an unreachable Redis: the update is replayed later.
     */
    @Override
    public void seed(String period, long calls, BigDecimal cost) {
        String c = plain(cost, "cost");
        if (calls < 0) {
            throw new IllegalArgumentException("calls must not be negative: " + calls);
        }
        pending.replaySoon();
        try {
            seedNow(period, calls, c);
        } catch (SharedStateUnavailableException e) {
            pending.add(new PendingUpdates.Update(List.of(period), "", new BigDecimal(c), calls));
        }
    }

    private void seedNow(String period, long calls, String cost) {
        List<Object> r = redis.call(x -> LuaScript.SEED.run(x, new String[] {key(period)}, Long.toString(calls), cost,
                seconds(period)));
        known.put(period, new Known(LuaScript.number(r.get(0)), decimal(r.get(1))));
    }

    /** @return {@code true}: the counters live in Redis and are shared by every process using it */
    @Override
    public boolean durable() {
        return true;
    }

    // ------------------------------------------------------------------ outage journal

    /** Writes one pending update (on the replay thread, or at close). */
    private void write(PendingUpdates.Update p) {
        if (p.calls() > 0 || (p.member().isEmpty() && p.periods().size() == 1)) {
            seedNow(p.periods().get(0), p.calls(), plain(p.actual(), "actual"));
        } else {
            commitNow(p.periods(), p.member(), plain(p.actual(), "actual"));
        }
    }

    /** @return how many updates wait for Redis */
    public int pendingUpdates() {
        return pending.size();
    }

    /** Writes pending updates if Redis answers; never throws. Called when the service closes. */
    public void flush() {
        try {
            pending.flush();
        } catch (SharedStateUnavailableException e) {
            int n = pendingUpdates();
            if (n > 0) {
                log.warn("{} usage updates could not be written to Redis {} and are lost: {}", n, redis.name(),
                        e.getMessage());
            }
        }
    }

    /** Writes what waits if Redis answers ({@link #flush}) and stops the replay thread. Idempotent. */
    @Override
    public void close() {
        try {
            flush();
        } finally {
            pending.close();
        }
    }

    @Override
    public String toString() {
        return "RedisCounterStore{" + redis.name() + ", prefix=" + prefix + "}";
    }
}
