package io.q2o.llm.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ConnectionFuture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One Lettuce connection (string keys, binary values) shared by the counter store, the bucket
 * factory and the cache tier, with bounded failure:
 * <ul>
 *   <li>every command and connection attempt is bounded by the configured timeout;</li>
 *   <li>the first connection is made lazily if Redis is down at start; afterwards Lettuce
 *       reconnects by itself (every second at most) and rejects commands while disconnected
 *       instead of queueing them;</li>
 *   <li>after a connection failure or timeout, Redis is not asked again for
 *       {@link RedisSettings#retryInterval()}: calls fail at once meanwhile, so an outage costs
 *       one timeout per interval, not one per call.</li>
 * </ul>
 * State changes are logged once (WARN when Redis becomes unreachable, INFO when it is back).
 * Messages name Redis without credentials. Thread-safe.
 */
public final class RedisConnector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);
    /** The bound of the first connection attempt, made while the service is built. */
    static final Duration FIRST_CONNECT = Duration.ofSeconds(2);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisSettings settings;
    private final ClientResources resources;
    private final RedisClient client;
    private final Object connectLock = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile StatefulRedisConnection<String, byte[]> connection;
    private volatile long retryAtNanos;
    private volatile String lastProblem = "not connected yet";

    private RedisConnector(RedisSettings settings) {
        this.settings = settings;
        Duration timeout = settings.timeout();
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // callers never wait longer than the timeout (see connect); Lettuce's own background
                // reconnects may take a little longer on a loaded machine
                .socketOptions(SocketOptions.builder().connectTimeout(timeout.compareTo(FIRST_CONNECT) > 0 ? timeout
                        : FIRST_CONNECT).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
    }

    /**
     * Creates the client and tries to connect (bounded by the timeout). If Redis cannot be
     * reached now, a warning is logged and the connection is retried on later use.
     *
     * @param settings the settings
     * @return the connector; close it
     */
    public static RedisConnector connect(RedisSettings settings) {
        RedisConnector c = new RedisConnector(settings);
        try {
            // the first connection of a JVM also loads and initialises Netty: allow it a little longer
            c.connect(settings.timeout().compareTo(FIRST_CONNECT) > 0 ? settings.timeout() : FIRST_CONNECT);
        } catch (SharedStateUnavailableException e) {
            // already logged by failed(); calls retry the connection
        }
        return c;
    }

    /** @return the settings */
    public RedisSettings settings() {
        return settings;
    }

    /** @return where Redis is, without credentials */
    public String name() {
        return settings.name();
    }

    /**
     * Runs commands on the shared connection.
     *
     * @param op  the commands to run
     * @param <T> the result type
     * @return the result
     * @throws SharedStateUnavailableException if Redis is unreachable, timed out or refused the command
     */
    public <T> T call(Function<RedisCommands<String, byte[]>, T> op) {
        StatefulRedisConnection<String, byte[]> c = connection();
        try {
            T result = op.apply(c.sync());
            recovered();
            return result;
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    /**
     * @return the connection if Redis is believed reachable (or worth trying again), for clients such as Bucket4j
     * @throws SharedStateUnavailableException if Redis is known to be unreachable right now
     */
    StatefulRedisConnection<String, byte[]> connection() {
        if (closed.get()) {
            throw new SharedStateUnavailableException("the Redis connection to " + name() + " is closed", null);
        }
        StatefulRedisConnection<String, byte[]> c = connection;
        if (c != null) {
            if (down.get() && System.nanoTime() - retryAtNanos < 0) {
                throw unavailable(null);
            }
            return c;
        }
        return connect(settings.timeout());
    }

    private StatefulRedisConnection<String, byte[]> connect(Duration bound) {
        synchronized (connectLock) {
            if (connection != null) {
                return connection;
            }
            if (down.get() && System.nanoTime() - retryAtNanos < 0) {
                throw unavailable(null);
            }
            ConnectionFuture<StatefulRedisConnection<String, byte[]>> f = client.connectAsync(CODEC, settings.uri());
            try {
                connection = f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
                recovered();
                return connection;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                adoptLate(f);
                throw failed(e);
            } catch (ExecutionException | TimeoutException e) {
                adoptLate(f);
                throw failed(e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
            }
        }
    }

    /** A connection that arrives after its attempt timed out is kept (Lettuce keeps it alive from then on). */
    private void adoptLate(ConnectionFuture<StatefulRedisConnection<String, byte[]>> f) {
        f.whenComplete((c, e) -> {
            if (c == null) {
                return;
            }
            boolean adopted = false;
            synchronized (connectLock) {
                if (connection == null && !closed.get()) {
                    connection = c;
                    retryAtNanos = System.nanoTime();
                    adopted = true;
                }
            }
            if (!adopted) {
                c.closeAsync();
            }
        });
    }

    /** @return whether Redis is currently believed unreachable (calls fail fast until the retry interval passed) */
    public boolean isDown() {
        return down.get() && System.nanoTime() - retryAtNanos < 0;
    }

    /**
     * Records a failure reported by a client of the connection (e.g. Bucket4j) and converts it.
     *
     * @param t the failure
     * @return the exception to throw or log
     */
    SharedStateUnavailableException failed(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof SharedStateUnavailableException s) {
            return s;
        }
        String problem = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + scrub(cause.getMessage()));
        lastProblem = problem;
        boolean answered = cause instanceof RedisCommandExecutionException;
        if (!answered) {
            retryAtNanos = System.nanoTime() + settings.retryInterval().toNanos();
            if (down.compareAndSet(false, true)) {
                log.warn("Redis {} is unreachable ({}): the daily call limit and hard budgets fail closed, the Redis "
                        + "cache acts as a miss, rate limits fall back to per-process buckets; retrying every {} ms",
                        name(), problem, settings.retryInterval().toMillis());
            }
        } else {
            log.warn("Redis {} refused a command: {}", name(), problem);
        }
        return new SharedStateUnavailableException("Redis " + name() + (answered ? " refused the command: " : " is unreachable: ")
                + problem + " (timeout " + settings.timeout().toMillis() + " ms)", scrubbed(cause), answered);
    }

    private SharedStateUnavailableException unavailable(Throwable cause) {
        return new SharedStateUnavailableException("Redis " + name() + " is unreachable: " + lastProblem
                + " (timeout " + settings.timeout().toMillis() + " ms; retrying every " + settings.retryInterval().toMillis()
                + " ms)", cause);
    }

    private void recovered() {
        if (down.compareAndSet(true, false)) {
            log.info("Redis {} is reachable again", name());
        }
    }

    /**
     * @param message any text
     * @return it with the URL's password (if any) replaced by {@code ****}
     */
    String scrub(String message) {
        String secret = settings.secret();
        if (message == null || secret == null) {
            return message;
        }
        return message.replace(secret, "****");
    }

    /** @return an exception carrying the cause's type and scrubbed message, so no credential reaches a log through it */
    private Throwable scrubbed(Throwable cause) {
        if (settings.secret() == null) {
            return cause;
        }
        RuntimeException copy = new RuntimeException(cause.getClass().getName() + ": " + scrub(String.valueOf(cause.getMessage())));
        copy.setStackTrace(cause.getStackTrace());
        return copy;
    }

    /** Closes the connection and the client's threads. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        StatefulRedisConnection<String, byte[]> c = connection;
        try {
            if (c != null) {
                c.close();
            }
        } catch (RuntimeException e) {
            log.debug("Closing the Redis connection failed: {}", scrub(e.toString()));
        }
        try {
            client.shutdown(0, 2, TimeUnit.SECONDS);
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            log.debug("Shutting the Redis client down failed: {}", scrub(e.toString()));
        }
    }

    @Override
    public String toString() {
        return "RedisConnector{" + name() + ", timeout=" + settings.timeout().toMillis() + "ms}";
    }
}
