package io.q2o.llm.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema migrations in plain SQL ({@code V<n>__<what>.sql} beside this class), applied
 * in order, each in its own transaction together with its row in {@code q2o_llm_schema_version}.
 * A transaction-scoped advisory lock makes many processes starting at once apply each version
 * exactly once. Plain SQL instead of Flyway: a few short scripts do not justify a dozen jars and
 * Flyway's own history table format, and the lock gives the same safety.
 */
final class SchemaMigrator {
    /** Every migration, oldest first; append, never edit one that shipped. */
    static final List<String> SCRIPTS = List.of("V1__usage_ledger.sql", "V2__usage_tool_calls.sql");
    private static final long LOCK_KEY = 0x7132_6f4c_4c4d_4c47L; // "q2oLLMLG"

    private SchemaMigrator() {
    }

    /**
     * Brings the schema to the latest version. Leaves the connection in auto-commit mode.
     *
     * @param c a connection
     * @throws SQLException if a statement fails (the failed version is rolled back)
     */
    static void migrate(Connection c) throws SQLException {
        migrate(c, SCRIPTS.size());
    }

    /**
     * Brings the schema to the given version (a build that knew only the first {@code version}
     * scripts). Leaves the connection in auto-commit mode.
     *
     * @param c       a connection
     * @param version the last version to apply, 1 to {@code SCRIPTS.size()}
     * @throws SQLException if a statement fails (the failed version is rolled back)
     */
    static void migrate(Connection c, int version) throws SQLException {
        if (version < 1 || version > SCRIPTS.size()) {
            throw new IllegalArgumentException("schema version " + version + " is not between 1 and " + SCRIPTS.size());
        }
        boolean auto = c.getAutoCommit();
        try {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS q2o_llm_schema_version (version integer PRIMARY KEY,"
                        + " script text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            } catch (SQLException e) {
                // two processes creating it at once: one wins, the other sees a duplicate (23505 / 42P07)
                if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                    throw e;
                }
            }
            for (int v = 1; v <= version; v++) {
                apply(c, v, SCRIPTS.get(v - 1));
            }
        } finally {
            restoreAutoCommit(c, auto);
        }
    }

    private static void apply(Connection c, int version, String script) throws SQLException {
        c.setAutoCommit(false);
        try {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, LOCK_KEY);
                lock.execute();
            }
            boolean done;
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM q2o_llm_schema_version WHERE version = ?")) {
                q.setInt(1, version);
                try (ResultSet rs = q.executeQuery()) {
                    done = rs.next();
                }
            }
            if (!done) {
                try (Statement s = c.createStatement()) {
                    s.execute(read(script));
                }
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO q2o_llm_schema_version (version, script) VALUES (?, ?)")) {
                    ins.setInt(1, version);
                    ins.setString(2, script);
                    ins.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException broken) {
                e.addSuppressed(broken); // the connection broke: report why it failed, not that it is closed
            }
            throw e;
        } finally {
            restoreAutoCommit(c, true);
        }
    }

    /** Puts auto-commit back unless the connection broke (then the pool discards it). */
    private static void restoreAutoCommit(Connection c, boolean auto) throws SQLException {
        if (!c.isClosed()) {
            c.setAutoCommit(auto);
        }
    }

    private static String read(String script) {
        try (InputStream in = SchemaMigrator.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException("migration " + script + " is missing from the llm-postgres jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration " + script, e);
        }
    }
}
