package io.q2o.llm.internal;

import io.q2o.llm.spi.UsageCounterStore;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default {@link UsageCounterStore}: counters in memory, lost on restart. Call counting is
 * lock-free; cost reservation locks only the periods involved, in a fixed order.
 */
public final class InMemoryCounterStore implements UsageCounterStore {

    private static final class Period {
        final AtomicLong calls = new AtomicLong();
        BigDecimal committed = BigDecimal.ZERO;
        BigDecimal reserved = BigDecimal.ZERO;
    }

    private final ConcurrentHashMap<String, Period> periods = new ConcurrentHashMap<>();

    private Period period(String key) {
        return periods.computeIfAbsent(key, k -> new Period());
    }

    @Override
    public boolean tryCountCall(String period, long limit) {
        AtomicLong calls = period(period).calls;
        if (limit <= 0) {
            calls.incrementAndGet();
            return true;
        }
        while (true) {
            long n = calls.get();
            if (n >= limit) {
                return false;
            }
            if (calls.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    @Override
    public void releaseCall(String period) {
        Period p = periods.get(period);
        if (p != null) {
            p.calls.getAndUpdate(n -> n > 0 ? n - 1 : 0);
        }
    }

    @Override
    public long calls(String period) {
        Period p = periods.get(period);
        return p == null ? 0 : p.calls.get();
    }

    @Override
    public boolean tryReserve(List<String> keys, List<BigDecimal> limits, BigDecimal amount) {
        if (keys.size() != limits.size()) {
            throw new IllegalArgumentException("one limit per period expected");
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(keys::get));
        return reserveLocked(keys, limits, amount, order, 0);
    }

    private boolean reserveLocked(List<String> keys, List<BigDecimal> limits, BigDecimal amount,
                                  List<Integer> order, int depth) {
        if (depth == order.size()) {
            for (int i = 0; i < keys.size(); i++) {
                Period p = period(keys.get(i));
                BigDecimal limit = limits.get(i);
                if (limit != null && p.committed.add(p.reserved).add(amount).compareTo(limit) > 0) {
                    return false;
                }
            }
            for (String k : keys) {
                Period p = period(k);
                p.reserved = p.reserved.add(amount);
            }
            return true;
        }
        Period p = period(keys.get(order.get(depth)));
        synchronized (p) {
            return reserveLocked(keys, limits, amount, order, depth + 1);
        }
    }

    @Override
    public List<BigDecimal> commit(List<String> keys, BigDecimal reserved, BigDecimal actual) {
        List<BigDecimal> out = new ArrayList<>(keys.size());
        for (String k : keys) {
            Period p = period(k);
            synchronized (p) {
                p.reserved = p.reserved.subtract(reserved);
                if (p.reserved.signum() < 0) {
                    p.reserved = BigDecimal.ZERO;
                }
                p.committed = p.committed.add(actual);
                out.add(p.committed);
            }
        }
        return out;
    }

    @Override
    public BigDecimal cost(String period) {
        Period p = periods.get(period);
        if (p == null) {
            return BigDecimal.ZERO;
        }
        synchronized (p) {
            return p.committed;
        }
    }

    @Override
    public void seed(String period, long calls, BigDecimal cost) {
        Period p = period(period);
        p.calls.addAndGet(calls);
        synchronized (p) {
            p.committed = p.committed.add(cost);
        }
    }
}
