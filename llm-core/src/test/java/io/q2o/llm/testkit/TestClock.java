package io.q2o.llm.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A thread-safe clock that only moves when a test (or an {@link AutoAdvanceScheduler}) moves it. */
public final class TestClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** @param start the initial instant */
    public TestClock(Instant start) {
        this(new AtomicReference<>(start), ZoneOffset.UTC);
    }

    private TestClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** @return a clock at 2026-11-28T10:00:00Z */
    public static TestClock standard() {
        return new TestClock(Instant.parse("2026-11-28T10:00:00Z"));
    }

    /** @param d how far to move forward */
    public void advance(Duration d) {
        now.updateAndGet(i -> i.plus(d));
    }

    /** @param instant the new time */
    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new TestClock(now, zone);
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
