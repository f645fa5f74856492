package io.q2o.llm.postgres;

import io.q2o.llm.ConfigException;
import io.q2o.llm.LlmConfig;
import org.postgresql.Driver;

import java.net.InetAddress;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the shared ledger database is and how to ship to it. Read from {@link LlmConfig}:
 * <ul>
 *   <li>{@code Q2O_LLM_LEDGER_JDBC_URL} — {@code jdbc:postgresql://host[:port]/database[?…]}; unset
 *       means the ledger is not shipped;</li>
 *   <li>{@code Q2O_LLM_LEDGER_USER}, {@code Q2O_LLM_LEDGER_PASSWORD} — the login (both optional:
 *       the URL's own {@code user}/{@code password} parameters or the server's trust rules apply
 *       otherwise);</li>
 *   <li>{@code Q2O_LLM_LEDGER_HOST} — the name this host's records carry, default the machine's
 *       host name;</li>
 *   <li>{@code Q2O_LLM_LEDGER_BATCH} — records per transaction, default 500 (1–10000);</li>
 *   <li>{@code Q2O_LLM_LEDGER_INTERVAL_MS} — how often the shipper looks for new lines when no call
 *       wakes it, default 1000;</li>
 *   <li>{@code Q2O_LLM_LEDGER_RETRY_MAX_MS} — the longest wait between attempts while the database
 *       is unreachable (the wait doubles from the interval up to this), default 30000;</li>
 *   <li>{@code Q2O_LLM_LEDGER_CONNECT_TIMEOUT_MS} — the bound of one connection attempt, default
 *       5000 (250–120000).</li>
 * </ul>
 * The database totals each host's records by day in that host's {@code Q2O_LLM_TIMEZONE}; reports
 * in that zone read those totals, reports in another zone read the rows (slower, same result).
 * The password — from the variable or from the URL — never appears in {@link #name()},
 * {@link #toString()}, a log line or an exception message; a malformed URL is never echoed.
 * Immutable and thread-safe.
 */
public final class PostgresLedgerSettings {

    /** The JDBC URL variable. */
    public static final String URL = "Q2O_LLM_LEDGER_JDBC_URL";
    /** The user variable. */
    public static final String USER = "Q2O_LLM_LEDGER_USER";
    /** The password variable. */
    public static final String PASSWORD = "Q2O_LLM_LEDGER_PASSWORD";
    /** The host name variable. */
    public static final String HOST = "Q2O_LLM_LEDGER_HOST";
    /** The batch size variable. */
    public static final String BATCH = "Q2O_LLM_LEDGER_BATCH";
    /** The polling interval variable. */
    public static final String INTERVAL_MS = "Q2O_LLM_LEDGER_INTERVAL_MS";
    /** The longest retry wait variable. */
    public static final String RETRY_MAX_MS = "Q2O_LLM_LEDGER_RETRY_MAX_MS";
    /** The connection timeout variable. */
    public static final String CONNECT_TIMEOUT_MS = "Q2O_LLM_LEDGER_CONNECT_TIMEOUT_MS";

    /** Default records per transaction. */
    public static final int DEFAULT_BATCH = 500;
    /** Default polling interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    /** Default longest wait between attempts during an outage. */
    public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(30);
    /** Default bound of one connection attempt. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final String url;
    private final String user;
    private final String password;
    private final String name;
    private final String host;
    private final int batch;
    private final Duration interval;
    private final Duration retryMax;
    private final Duration connectTimeout;
    private final ZoneId zone;

    private PostgresLedgerSettings(String url, String user, String password, String host, int batch,
                                   Duration interval, Duration retryMax, Duration connectTimeout, ZoneId zone) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.name = describe(url);
        this.host = host;
        this.batch = batch;
        this.interval = interval;
        this.retryMax = retryMax;
        this.connectTimeout = connectTimeout;
        this.zone = zone;
    }

    /**
     * @param config the service configuration
     * @return the settings, or empty when {@code Q2O_LLM_LEDGER_JDBC_URL} is not set
     * @throws ConfigException naming the variable if a value is malformed (the URL is never echoed)
     */
    public static Optional<PostgresLedgerSettings> fromConfig(LlmConfig config) {
        return fromConfig(config, null);
    }

    /**
     * @param config      the service configuration
     * @param urlOverride a URL that wins over {@code Q2O_LLM_LEDGER_JDBC_URL} (e.g. a command-line option), or {@code null}
     * @return the settings, or empty when no URL is given
     * @throws ConfigException naming the variable if a value is malformed (the URL is never echoed)
     */
    public static Optional<PostgresLedgerSettings> fromConfig(LlmConfig config, String urlOverride) {
        Objects.requireNonNull(config, "config");
        Optional<String> url = Optional.ofNullable(urlOverride).or(() -> config.setting(URL))
                .map(String::strip).filter(s -> !s.isEmpty());
        if (url.isEmpty()) {
            return Optional.empty();
        }
        String user = config.setting(USER).map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        String password = config.secret(PASSWORD).map(s -> s.reveal()).filter(s -> !s.isEmpty()).orElse(null);
        String host = config.setting(HOST).map(String::strip).filter(s -> !s.isEmpty()).orElseGet(PostgresLedgerSettings::localHostName);
        if (host.length() > 200) {
            throw new ConfigException(HOST, HOST + " is too long (" + host.length() + " characters, at most 200)");
        }
        int batch = (int) longSetting(config, BATCH, DEFAULT_BATCH, 1, 10_000);
        Duration interval = Duration.ofMillis(longSetting(config, INTERVAL_MS, DEFAULT_INTERVAL.toMillis(), 10, 3_600_000));
        Duration retryMax = Duration.ofMillis(longSetting(config, RETRY_MAX_MS, DEFAULT_RETRY_MAX.toMillis(), 10, 3_600_000));
        Duration connect = Duration.ofMillis(longSetting(config, CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT.toMillis(), 250, 120_000));
        return Optional.of(new PostgresLedgerSettings(checkUrl(url.get()), user, password, host, batch, interval,
                retryMax.compareTo(interval) < 0 ? interval : retryMax, connect, config.zone()));
    }

    /**
     * Settings for direct use (tests, explicit wiring).
     *
     * @param url      the JDBC URL
     * @param user     the user, or {@code null}
     * @param password the password, or {@code null}
     * @param host     the name this host's records carry
     * @return the settings with the default batch, interval, retry and connection timeout, days in UTC
     * @throws ConfigException if the URL is malformed (it is never echoed)
     */
    public static PostgresLedgerSettings of(String url, String user, String password, String host) {
        Objects.requireNonNull(url, "url");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        return new PostgresLedgerSettings(checkUrl(url.strip()), user, password, host.strip(), DEFAULT_BATCH,
                DEFAULT_INTERVAL, DEFAULT_RETRY_MAX, DEFAULT_CONNECT_TIMEOUT, ZoneOffset.UTC);
    }

    /**
     * @param batch    records per transaction (1–10000)
     * @param interval polling interval
     * @param retryMax longest wait between attempts during an outage (at least the interval)
     * @return a copy with those shipping parameters
     */
    public PostgresLedgerSettings withShipping(int batch, Duration interval, Duration retryMax) {
        if (batch < 1 || batch > 10_000) {
            throw new IllegalArgumentException("batch must be from 1 to 10000, was " + batch);
        }
        requirePositive(interval, "interval");
        requirePositive(retryMax, "retryMax");
        return new PostgresLedgerSettings(url, user, password, host, batch, interval,
                retryMax.compareTo(interval) < 0 ? interval : retryMax, connectTimeout, zone);
    }

    /**
     * @param zone the zone of the days this host's records are totalled in (the service's {@code Q2O_LLM_TIMEZONE})
     * @return a copy with that zone
     */
    public PostgresLedgerSettings withZone(ZoneId zone) {
        return new PostgresLedgerSettings(url, user, password, host, batch, interval, retryMax, connectTimeout,
                Objects.requireNonNull(zone, "zone"));
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration, was " + d);
        }
    }

    private static String checkUrl(String url) {
        if (!url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
            throw new ConfigException(URL, URL + " (hidden) is invalid: expected jdbc:postgresql://host[:port]/database");
        }
        Properties p;
        try {
            p = Driver.parseURL(url, null);
        } catch (RuntimeException e) {
            p = null;
        }
        if (p == null) {
            throw new ConfigException(URL, URL + " (hidden) is invalid: it is not a well-formed"
                    + " jdbc:postgresql://host[:port]/database URL (wrong port or parameter syntax?)");
        }
        return url;
    }

    private static String describe(String url) {
        Properties p = Driver.parseURL(url, null);
        String hosts = p.getProperty("PGHOST", "localhost");
        String ports = p.getProperty("PGPORT", "5432");
        String[] hs = hosts.split(",");
        String[] ps = ports.split(",");
        StringBuilder b = new StringBuilder("postgresql://");
        for (int i = 0; i < hs.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(hs[i]).append(':').append(i < ps.length ? ps[i] : ps[ps.length - 1]);
        }
        return b.append('/').append(p.getProperty("PGDBNAME", "")).toString();
    }

    private static String localHostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown-host";
        }
    }

    private static long longSetting(LlmConfig config, String name, long def, long min, long max) {
        Optional<String> v = config.setting(name);
        if (v.isEmpty() || v.get().isBlank()) {
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

    /** @return the JDBC URL (may hold a password; never log it) */
    String url() {
        return url;
    }

    /** @return the user, or {@code null} */
    String user() {
        return user;
    }

    /** @return the password, or {@code null} (never log it) */
    String password() {
        return password;
    }

    /** @return every secret a message could quote: the password variable's and the URL's */
    java.util.List<String> secrets() {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (password != null) {
            out.add(password);
        }
        String fromUrl = Driver.parseURL(url, null).getProperty("password");
        if (fromUrl != null && !fromUrl.isEmpty()) {
            out.add(fromUrl);
        }
        return out;
    }

    /** @return where the database is, without credentials or parameters, e.g. {@code postgresql://db.internal:5432/llm} */
    public String name() {
        return name;
    }

    /** @return the name this host's records carry */
    public String host() {
        return host;
    }

    /** @return records per transaction */
    public int batch() {
        return batch;
    }

    /** @return how often the shipper looks for new lines when no call wakes it */
    public Duration interval() {
        return interval;
    }

    /** @return the longest wait between attempts while the database is unreachable */
    public Duration retryMax() {
        return retryMax;
    }

    /** @return the bound of one connection attempt */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return the zone of the days this host's records are totalled in ({@code Q2O_LLM_TIMEZONE}, default UTC) */
    public ZoneId zone() {
        return zone;
    }

    /** @return a summary without credentials */
    @Override
    public String toString() {
        return "PostgresLedgerSettings{" + name + ", user=" + (user == null ? "-" : user) + ", host=" + host
                + ", batch=" + batch + ", interval=" + interval.toMillis() + "ms, retryMax=" + retryMax.toMillis()
                + "ms, connectTimeout=" + connectTimeout.toMillis() + "ms, zone=" + zone + "}";
    }
}
