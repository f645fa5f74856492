package io.q2o.llm.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.q2o.llm.ConfigException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * The shared ledger database: a small HikariCP pool (two connections) and the schema, migrated on
 * first use ({@link SchemaMigrator}). Creating it does not connect; {@link #connection()} does,
 * bounded by {@link PostgresLedgerSettings#connectTimeout()}.
 *
 * <p>Failures are told apart so that each gets the right treatment: a rejected login or an unknown
 * database is a configuration error ({@link ConfigException} naming the variable: retrying cannot
 * help), anything else — refused connection, timeout, server shutting down — is an outage
 * ({@link LedgerUnavailableException}: the shipper retries). Messages never hold the password.
 * Thread-safe; {@link #close()} closes the pool.
 */
public final class LedgerDatabase implements AutoCloseable {
    private final PostgresLedgerSettings settings;
    private final HikariDataSource pool;
    private volatile boolean migrated;

    /**
     * @param settings where the database is
     */
    public LedgerDatabase(PostgresLedgerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(settings.url());
        if (settings.user() != null) {
            c.setUsername(settings.user());
        }
        if (settings.password() != null) {
            c.setPassword(settings.password());
        }
        c.setPoolName("q2o-llm-ledger");
        c.setMaximumPoolSize(2);
        c.setMinimumIdle(0);
        c.setConnectionTimeout(Math.max(250, settings.connectTimeout().toMillis()));
        c.setValidationTimeout(Math.max(250, Math.min(settings.connectTimeout().toMillis(), 5000)));
        c.setInitializationFailTimeout(-1); // never connect in the constructor: an outage must not stop a service
        c.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, settings.connectTimeout().toSeconds())));
        c.addDataSourceProperty("loginTimeout", Long.toString(Math.max(1, settings.connectTimeout().toSeconds())));
        c.addDataSourceProperty("socketTimeout", "60");
        c.addDataSourceProperty("reWriteBatchedInserts", "true");
        c.addDataSourceProperty("ApplicationName", "q2o-llm-ledger");
        this.pool = new HikariDataSource(c);
    }

    /** @return the settings */
    public PostgresLedgerSettings settings() {
        return settings;
    }

    /**
     * A pooled connection to a migrated schema. Close it after use.
     *
     * @return the connection
     * @throws ConfigException            naming the variable if the login or the database is rejected
     * @throws LedgerUnavailableException if the database cannot be reached or fails
     */
    public Connection connection() {
        return connection(false);
    }

    /**
     * @param bounded whether every answer of the migration must come within the connection
     *                timeout (else the 60 s socket timeout applies)
     */
    private Connection connection(boolean bounded) {
        Connection c;
        try {
            c = pool.getConnection();
        } catch (SQLException e) {
            throw translate(e, "cannot connect to");
        }
        if (!migrated) {
            try {
                if (bounded) {
                    // the pool puts the connection's own timeout back when it is returned
                    c.setNetworkTimeout(Runnable::run, (int) Math.max(250, settings.connectTimeout().toMillis()));
                }
                SchemaMigrator.migrate(c);
                migrated = true;
            } catch (SQLException e) {
                closeQuietly(c);
                throw translate(e, "cannot migrate the ledger schema in");
            } catch (RuntimeException e) {
                closeQuietly(c);
                throw e;
            }
        }
        return c;
    }

    /**
     * Connects once and migrates the schema: the check a service or a command makes at start.
     * Bounded: the connection by {@link PostgresLedgerSettings#connectTimeout()}, and each answer
     * of the migration queries by the same timeout, so a database that takes the login and then
     * does not answer (stalled, or a table locked by another session) makes this fail as
     * unavailable after about twice that timeout instead of holding a service build for the
     * socket timeout. The shipper migrates later, without that bound.
     *
     * @throws ConfigException            naming the variable if the login or the database is rejected
     * @throws LedgerUnavailableException if the database cannot be reached or does not answer in time
     */
    public void check() {
        closeQuietly(connection(true));
    }

    /**
     * Turns a driver failure into the exception its cause calls for, without the password.
     *
     * @param e    the failure
     * @param what what was being done, e.g. "cannot ship to"
     * @return a {@link ConfigException} or a {@link LedgerUnavailableException} to throw
     */
    RuntimeException translate(SQLException e, String what) {
        String state = sqlState(e);
        String message = scrub(String.valueOf(e.getMessage()));
        if (state.startsWith("28")) {
            String variable = settings.password() != null ? PostgresLedgerSettings.PASSWORD : PostgresLedgerSettings.USER;
            return new ConfigException(variable, "PostgreSQL at " + settings.name() + " rejected the login of user '"
                    + (settings.user() == null ? "(from " + PostgresLedgerSettings.URL + ")" : settings.user())
                    + "' (check " + PostgresLedgerSettings.USER + " and " + PostgresLedgerSettings.PASSWORD + "): "
                    + message + " [SQLState " + state + "]");
        }
        if (state.equals("3D000")) {
            return new ConfigException(PostgresLedgerSettings.URL, PostgresLedgerSettings.URL + " names a database that"
                    + " does not exist at " + settings.name() + ": " + message + " [SQLState " + state + "]");
        }
        if (state.equals("42501")) {
            return new ConfigException(PostgresLedgerSettings.USER, "the PostgreSQL user of " + PostgresLedgerSettings.USER
                    + " lacks a privilege on " + settings.name() + " (it must create and write the q2o_llm_* tables): "
                    + message + " [SQLState " + state + "]");
        }
        return new LedgerUnavailableException(what + " the usage ledger database " + settings.name() + ": "
                + message + (timedOut(e) ? " (no answer in time)" : "") + (state.isEmpty() ? "" : " [SQLState " + state + "]"));
    }

    /** @return whether a read on the connection timed out (the database took the connection but did not answer) */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** @return the first SQLState in the chain (Hikari wraps the driver's), or "" */
    private static String sqlState(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return "";
    }

    /**
     * @param text any text
     * @return the text with every secret replaced by {@code ***}
     */
    String scrub(String text) {
        String out = text;
        List<String> secrets = settings.secrets();
        for (String s : secrets) {
            out = out.replace(s, "***");
        }
        return out;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // returning a broken connection to the pool: Hikari evicts it
        }
    }

    /** Closes the pool. Idempotent. */
    @Override
    public void close() {
        pool.close();
    }

    /** @return where the database is, without credentials */
    @Override
    public String toString() {
        return "LedgerDatabase{" + settings.name() + "}";
    }
}
