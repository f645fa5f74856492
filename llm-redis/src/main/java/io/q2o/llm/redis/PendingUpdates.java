package io.q2o.llm.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The usage updates made while Redis was unreachable, written back when it answers again.
 *
 * <p><b>Why the replay runs in the background.</b> After an outage the journal may hold many
 * updates; writing them is one Redis round trip each. Run on the first caller's thread under the
 * journal's lock (as it once was), that caller — and every other caller waiting for the lock —
 * stalled for seconds, far past the command timeout the module promises. So callers only
 * <em>schedule</em> the replay ({@link #replaySoon}); one task on the replay executor writes the
 * updates, oldest first, taking the journal's monitor only for the short moments it peeks at or
 * removes an update — never across a Redis command. Callers meanwhile count the updates still
 * waiting (see {@link #calls}, {@link #cost}) so a limit or budget checked before the replay has
 * finished is never looser than it would be after it.
 *
 * <p><b>Few updates.</b> Updates that release no reservation (a call counted, a cost with nothing
 * reserved, a seed) are added to the last such update of the same periods, so an outage of
 * thousands of calls replays in a handful of commands. An update that releases a reservation is
 * kept as it is (each releases its own member).
 *
 * <p>Thread-safe.
 */
final class PendingUpdates implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PendingUpdates.class);

    /** One update: calls and cost added to periods, releasing {@code member} ('' = none) if still held. */
    record Update(List<String> periods, String member, BigDecimal actual, long calls) {
        Update {
            periods = List.copyOf(periods);
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(actual, "actual");
        }

        boolean empty() {
            return member.isEmpty() && calls == 0 && actual.signum() == 0;
        }

        boolean mergeable(Update other) {
            return member.isEmpty() && other.member.isEmpty() && periods.equals(other.periods);
        }

        Update plus(Update other) {
            return new Update(periods, "", actual.add(other.actual), calls + other.calls);
        }
    }

    /** Writes one update to Redis. */
    interface Writer {
        /**
         * @param update the update
         * @throws SharedStateUnavailableException if Redis is unreachable or refused it
         */
        void write(Update update);
    }

    private final RedisConnector redis;
    private final int capacity;
    private final Writer writer;
    private final Executor executor;
    private final ExecutorService owned;
    /** Oldest first; guarded by itself. */
    private final Deque<Update> updates = new ArrayDeque<>();
    /** The update being written (never merged into); guarded by {@link #updates}. */
    private Update inFlight;
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Held while writing, so the background replay and {@link #flush} never write the same update twice. */
    private final ReentrantLock writing = new ReentrantLock();

    /**
     * @param redis    the connection (to skip scheduling while it is known to be down)
     * @param capacity how many updates are kept; beyond it the oldest is dropped with an error log
     * @param writer   writes one update
     * @param executor runs the replay, or {@code null} for a daemon thread of this journal's own
     */
    PendingUpdates(RedisConnector redis, int capacity, Writer writer, Executor executor) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.capacity = capacity;
        this.writer = Objects.requireNonNull(writer, "writer");
        if (executor == null) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "q2o-redis-replay");
                t.setDaemon(true);
                return t;
            });
            pool.allowCoreThreadTimeOut(true);
            this.owned = pool;
            this.executor = pool;
        } else {
            this.owned = null;
            this.executor = executor;
        }
    }

    /** Adds an update (one that changes nothing is ignored). */
    void add(Update u) {
        if (u.empty()) {
            return;
        }
        synchronized (updates) {
            Update last = updates.peekLast();
            if (last != null && last != inFlight && last.mergeable(u)) {
                updates.pollLast();
                updates.addLast(last.plus(u));
                return;
            }
            if (updates.size() >= capacity) {
                Update dropped = updates.pollFirst();
                log.error("More than {} usage updates are waiting for Redis {}; dropping the oldest ({} calls, ${} in {})",
                        capacity, redis.name(), dropped.calls(), dropped.actual().toPlainString(), dropped.periods());
            }
            updates.addLast(u);
            size.set(updates.size());
        }
    }

    /** @return how many updates wait for Redis */
    int size() {
        return size.get();
    }

    /**
     * @param period a period key
     * @return the calls waiting for Redis in it (including one being written)
     */
    long calls(String period) {
        if (size.get() == 0) {
            return 0;
        }
        synchronized (updates) {
            return updates.stream().filter(u -> u.periods().contains(period)).mapToLong(Update::calls).sum();
        }
    }

    /**
     * @param period a period key
     * @return the cost waiting for Redis in it (including one being written)
     */
    BigDecimal cost(String period) {
        if (size.get() == 0) {
            return BigDecimal.ZERO;
        }
        synchronized (updates) {
            return updates.stream().filter(u -> u.periods().contains(period)).map(Update::actual)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /**
     * Schedules the replay on the executor if updates wait and Redis is not known to be down.
     * Never blocks and never touches Redis on the calling thread.
     */
    void replaySoon() {
        if (size.get() == 0 || closed.get() || redis.isDown() || !scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this::replayInBackground);
        } catch (RejectedExecutionException e) {
            scheduled.set(false);
        }
    }

    private void replayInBackground() {
        boolean done = false;
        try {
            writeAll();
            done = true;
        } catch (SharedStateUnavailableException e) {
            log.debug("Replaying usage updates to Redis {} stopped; retried on a later call: {}", redis.name(),
                    e.getMessage());
        } catch (RuntimeException e) {
            log.error("Replaying usage updates to Redis {} failed; retried on a later call", redis.name(), e);
        } finally {
            scheduled.set(false);
        }
        if (done) {
            // updates added while the last one was written
            replaySoon();
        }
    }

    /**
     * Writes every waiting update, oldest first, on the calling thread. Used when the service closes.
     *
     * @throws SharedStateUnavailableException if Redis is unreachable (the rest stays waiting)
     */
    void flush() {
        writeAll();
    }

    private void writeAll() {
        writing.lock();
        try {
            int n = 0;
            while (true) {
                Update u;
                synchronized (updates) {
                    u = updates.peekFirst();
                    inFlight = u;
                }
                if (u == null) {
                    break;
                }
                try {
                    writer.write(u);
                    n++;
                } catch (SharedStateUnavailableException e) {
                    if (!e.refused()) {
                        throw e;
                    }
                    log.error("Redis {} refused a pending usage update ({} calls, ${} in {}); dropping it: {}",
                            redis.name(), u.calls(), u.actual().toPlainString(), u.periods(), e.getMessage());
                }
                synchronized (updates) {
                    // it may have been dropped meanwhile by a full journal
                    if (updates.peekFirst() == u) {
                        updates.pollFirst();
                    }
                    inFlight = null;
                    size.set(updates.size());
                }
            }
            if (n > 0) {
                log.info("Replayed {} usage updates made while Redis {} was unreachable", n, redis.name());
            }
        } finally {
            synchronized (updates) {
                inFlight = null;
            }
            writing.unlock();
        }
    }

    /** Stops the replay thread (if this journal owns it). Call {@link #flush} first to write what waits. */
    @Override
    public void close() {
        closed.set(true);
        if (owned != null) {
            owned.shutdown();
        }
    }
}
