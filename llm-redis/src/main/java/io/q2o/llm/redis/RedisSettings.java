package io.q2o.llm.redis;

import io.lettuce.core.RedisURI;
import io.q2o.llm.ConfigException;
import io.q2o.llm.LlmConfig;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the shared Redis is and how to use it. Read from {@link LlmConfig}:
 * <ul>
 *   <li>{@code Q2O_LLM_REDIS_URL} — {@code redis://[[user]:password@]host[:port][/database]},
 *       {@code rediss://…} (TLS), {@code redis-sentinel://…} or {@code redis-socket://…}; unset
 *       means Redis is not used;</li>
 *   <li>{@code Q2O_LLM_REDIS_TIMEOUT_MS} — the bound of every Redis command and connection
 *       attempt, default 500;</li>
 *   <li>{@code Q2O_LLM_REDIS_PREFIX} — the prefix of every key, default {@code q2o:llm:};</li>
 *   <li>{@code Q2O_LLM_REDIS_CACHE} — whether answers are cached in Redis (the second cache
 *       tier, instead of the folder), default {@code true};</li>
 *   <li>{@code Q2O_LLM_REDIS_RESERVATION_TTL_SECONDS} — how long a budget reservation is held
 *       when its process never commits it (crash), default the larger of 15 minutes and twice
 *       {@code Q2O_LLM_TIMEOUT_SECONDS}.</li>
 * </ul>
 * The URL may hold a password: it is never part of {@link #name()}, {@link #toString()}, a log
 * line or an exception message.
 */
public final class RedisSettings {

    /** The URL variable. */
    public static final String URL = "Q2O_LLM_REDIS_URL";
    /** The timeout variable. */
    public static final String TIMEOUT_MS = "Q2O_LLM_REDIS_TIMEOUT_MS";
    /** The key prefix variable. */
    public static final String PREFIX = "Q2O_LLM_REDIS_PREFIX";
    /** The cache switch variable. */
    public static final String CACHE = "Q2O_LLM_REDIS_CACHE";
    /** The reservation TTL variable. */
    public static final String RESERVATION_TTL = "Q2O_LLM_REDIS_RESERVATION_TTL_SECONDS";

    /** Default command timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    /** Default key prefix. */
    public static final String DEFAULT_PREFIX = "q2o:llm:";
    /** Default (minimum) reservation TTL. */
    public static final Duration DEFAULT_RESERVATION_TTL = Duration.ofMinutes(15);

    private final RedisURI uri;
    private final String secret;
    private final String name;
    private final Duration timeout;
    private final String prefix;
    private final boolean cache;
    private final Duration reservationTtl;
    private final Duration retryInterval;

    private RedisSettings(RedisURI uri, String secret, Duration timeout, String prefix, boolean cache,
                          Duration reservationTtl, Duration retryInterval) {
        this.uri = uri;
        this.secret = secret;
        this.name = describe(uri);
        this.timeout = timeout;
        this.prefix = prefix;
        this.cache = cache;
        this.reservationTtl = reservationTtl;
        this.retryInterval = retryInterval;
        uri.setTimeout(timeout);
    }

    /**
     * @param config the service configuration
     * @return the settings, or empty when {@code Q2O_LLM_REDIS_URL} is not set
     * @throws ConfigException naming the variable if a value is malformed (the URL is never echoed)
     */
    public static Optional<RedisSettings> fromConfig(LlmConfig config) {
        Optional<String> url = config.setting(URL).map(String::strip).filter(s -> !s.isEmpty());
        if (url.isEmpty()) {
            return Optional.empty();
        }
        Duration timeout = Duration.ofMillis(longSetting(config, TIMEOUT_MS, DEFAULT_TIMEOUT.toMillis(), 1, 60_000));
        String prefix = config.setting(PREFIX).orElse(DEFAULT_PREFIX);
        if (prefix.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigException(PREFIX, PREFIX + "='" + prefix + "' is invalid: expected a key prefix without spaces");
        }
        boolean cache = boolSetting(config, CACHE, true);
        Duration defaultTtl = DEFAULT_RESERVATION_TTL.compareTo(config.timeout().multipliedBy(2)) >= 0
                ? DEFAULT_RESERVATION_TTL : config.timeout().multipliedBy(2);
        Duration ttl = Duration.ofSeconds(longSetting(config, RESERVATION_TTL, defaultTtl.toSeconds(), 1, 31L * 86_400));
        return Optional.of(new RedisSettings(parse(url.get()), secret(url.get()), timeout, prefix, cache, ttl,
                Duration.ofSeconds(1)));
    }

    /**
     * Settings for direct use (tests, explicit wiring on {@code LlmService.builder()}).
     *
     * @param url     the Redis URL
     * @param timeout the command timeout
     * @param prefix  the key prefix
     * @return the settings, with the Redis cache on and the default reservation TTL
     * @throws ConfigException if the URL is malformed (it is never echoed)
     */
    public static RedisSettings of(String url, Duration timeout, String prefix) {
        Objects.requireNonNull(url, "url");
        return new RedisSettings(parse(url), secret(url), requirePositive(timeout), Objects.requireNonNull(prefix, "prefix"),
                true, DEFAULT_RESERVATION_TTL, Duration.ofSeconds(1));
    }

    /**
     * @param ttl how long an uncommitted reservation is held
     * @return a copy with that reservation TTL
     */
    public RedisSettings withReservationTtl(Duration ttl) {
        return new RedisSettings(copy(uri), secret, timeout, prefix, cache, requirePositive(ttl), retryInterval);
    }

    /**
     * @param interval how long after a connection failure Redis is not asked again (calls fail fast meanwhile)
     * @return a copy with that interval
     */
    public RedisSettings withRetryInterval(Duration interval) {
        return new RedisSettings(copy(uri), secret, timeout, prefix, cache, reservationTtl, requirePositive(interval));
    }

    private static Duration requirePositive(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("a positive duration is required, got " + d);
        }
        return d;
    }

    private static RedisURI copy(RedisURI uri) {
        return RedisURI.builder(uri).build();
    }

    private static RedisURI parse(String url) {
        String scheme = url.contains("://") ? url.substring(0, url.indexOf("://")).toLowerCase(Locale.ROOT) : "";
        if (!scheme.equals("redis") && !scheme.equals("rediss") && !scheme.equals("redis-sentinel")
                && !scheme.equals("rediss-sentinel") && !scheme.equals("redis-socket")) {
            throw new ConfigException(URL, URL + " (hidden) is invalid: expected redis://[[user]:password@]host[:port]"
                    + "[/database], rediss://…, redis-sentinel://… or redis-socket://…");
        }
        try {
            if (scheme.equals("redis") || scheme.equals("rediss")) {
                java.net.URI u = new java.net.URI(url);
                if (u.getHost() == null) {
                    throw new IllegalArgumentException("no host, or a port that is not a number");
                }
            }
            return RedisURI.create(url);
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // the exception text may quote the URL, password included: keep only its type
            throw new ConfigException(URL, URL + " (hidden) is invalid: it is not a well-formed " + scheme
                    + ":// URL (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static long longSetting(LlmConfig config, String name, long def, long min, long max) {
        Optional<String> v = config.setting(name);
        if (v.isEmpty()) {
            return def;
        }
        try {
            long l = Long.parseLong(v.get().strip());
            if (l < min || l > max) {
                throw new NumberFormatException();
            }
            return l;
        } catch (NumberFormatException e) {
            throw new ConfigException(name, name + "='" + v.get() + "' is invalid: expected a whole number from "
                    + min + " to " + max);
        }
    }

    private static boolean boolSetting(LlmConfig config, String name, boolean def) {
        Optional<String> v = config.setting(name);
        if (v.isEmpty()) {
            return def;
        }
        switch (v.get().strip().toLowerCase(Locale.ROOT)) {
            case "true": case "1": case "yes": case "on":
                return true;
            case "false": case "0": case "no": case "off":
                return false;
            default:
                throw new ConfigException(name, name + "='" + v.get() + "' is invalid: expected true or false");
        }
    }

    /** @return where Redis is, without credentials: e.g. {@code redis://127.0.0.1:6379/0} */
    private static String describe(RedisURI uri) {
        String db = "/" + uri.getDatabase();
        if (uri.getSocket() != null) {
            return "redis-socket://" + uri.getSocket() + db;
        }
        if (!uri.getSentinels().isEmpty()) {
            return (uri.isSsl() ? "rediss-sentinel://" : "redis-sentinel://")
                    + uri.getSentinels().stream().map(s -> s.getHost() + ":" + s.getPort()).collect(Collectors.joining(","))
                    + db + "#" + uri.getSentinelMasterId();
        }
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + db;
    }

    /** @return the connection URI (holds the password; never log it) */
    RedisURI uri() {
        return uri;
    }

    /** @return the URL's password (or its whole user info when it has no password part), or {@code null}, for scrubbing messages */
    String secret() {
        return secret;
    }

    /** @return the password part of the URL's user info, URL-decoded, or {@code null} */
    private static String secret(String url) {
        int start = url.indexOf("://") + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return null;
        }
        String info = authority.substring(0, at);
        String password = info.contains(":") ? info.substring(info.indexOf(':') + 1) : info;
        try {
            password = java.net.URLDecoder.decode(password, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // keep it as written
        }
        return password.isEmpty() ? null : password;
    }

    /** @return where Redis is, without credentials, e.g. {@code redis://127.0.0.1:6379/0} */
    public String name() {
        return name;
    }

    /** @return the bound of every command and connection attempt */
    public Duration timeout() {
        return timeout;
    }

    /** @return the key prefix */
    public String prefix() {
        return prefix;
    }

    /** @return whether answers are cached in Redis */
    public boolean cache() {
        return cache;
    }

    /** @return how long an uncommitted reservation is held */
    public Duration reservationTtl() {
        return reservationTtl;
    }

    /** @return how long after a connection failure calls fail fast before Redis is tried again */
    public Duration retryInterval() {
        return retryInterval;
    }

    /** @return a summary without credentials */
    @Override
    public String toString() {
        return "RedisSettings{" + name + ", timeout=" + timeout.toMillis() + "ms, prefix=" + prefix + ", cache=" + cache
                + ", reservationTtl=" + reservationTtl + "}";
    }
}
