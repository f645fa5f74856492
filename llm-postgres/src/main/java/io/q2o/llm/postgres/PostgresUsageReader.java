package io.q2o.llm.postgres;

import io.q2o.llm.usage.LedgerReader.Totals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the shared ledger back: every host's records, and totals grouped in the database. Totals
 * come from {@code q2o_llm_usage_daily} (kept exact by a trigger as rows arrive, keyed by day in
 * the writer's zone) for the writers whose {@code Q2O_LLM_TIMEZONE} is the reader's zone, and from
 * the rows themselves — selected on {@code (zone, start_at)} for the other zones found in those
 * totals, days computed in the reader's zone — for writers in other zones. Both give the same figures; the first reads a few thousand rows for a
 * month of a million calls. Thread-safe.
 */
public final class PostgresUsageReader {
    /** The writers' zones with totals around a date range (days shift by at most one between zones). */
    private static final String ZONES = "SELECT DISTINCT zone FROM q2o_llm_usage_daily WHERE day >= ? AND day <= ?";
    /** The daily totals of the writers in the reader's zone. */
    private static final String DAILY = "SELECT day, host, nullif(provider, '') AS provider, nullif(model, '') AS model,"
            + " nullif(agent, '') AS agent, nullif(error_kind, '') AS error_kind, simulated, records, successful,"
            + " cache_hits, input_tokens, output_tokens, cost, unknown_cost"
            + " FROM q2o_llm_usage_daily WHERE zone = ? AND day >= ? AND day <= ?";
    /** The rows of writers in other zones, grouped by their day in the reader's zone. */
    private static final String ROWS = "SELECT day, host, provider, model, agent, error_kind, simulated,"
            + " count(*) AS records,"
            + " count(*) FILTER (WHERE outcome = 'success') AS successful,"
            + " count(*) FILTER (WHERE cache_hit) AS cache_hits,"
            + " coalesce(sum(input_tokens) FILTER (WHERE outcome = 'success' AND NOT cache_hit), 0) AS input_tokens,"
            + " coalesce(sum(output_tokens) FILTER (WHERE outcome = 'success' AND NOT cache_hit), 0) AS output_tokens,"
            + " coalesce(sum(cost), 0) AS cost,"
            + " count(*) FILTER (WHERE outcome = 'success' AND NOT cache_hit AND cost IS NULL) AS unknown_cost"
            + " FROM (SELECT ((start_at AT TIME ZONE ?) + make_interval(secs => ?))::date AS day, host, provider, model,"
            + " agent, error_kind, simulated, outcome, cache_hit, input_tokens, output_tokens, cost FROM q2o_llm_usage"
            + " WHERE zone = ANY (?) AND start_at >= ? AND start_at < ?) u"
            + " GROUP BY day, host, provider, model, agent, error_kind, simulated";

    private final LedgerDatabase db;

    /**
     * @param db the database (not closed by the reader)
     */
    public PostgresUsageReader(LedgerDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /**
     * Totals of a date range, grouped by day, host, provider, model, agent, error kind and dry run.
     *
     * @param from the first day, inclusive
     * @param to   the last day, inclusive
     * @param zone the zone of the days
     * @return the groups, in no particular order
     * @throws LedgerUnavailableException if the database cannot be reached or fails
     */
    public List<UsageGroup> groups(LocalDate from, LocalDate to, ZoneId zone) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("'to' (" + to + ") is before 'from' (" + from + ")");
        }
        List<UsageGroup> out = new ArrayList<>();
        String id = UsageRows.zoneId(zone);
        try (Connection c = db.connection()) {
            List<String> others = new ArrayList<>();
            boolean own = false;
            try (PreparedStatement q = c.prepareStatement(ZONES)) {
                q.setObject(1, from.minusDays(1));
                q.setObject(2, to.plusDays(1));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        String z = rs.getString(1);
                        if (z.equals(id)) {
                            own = true;
                        } else {
                            others.add(z);
                        }
                    }
                }
            }
            if (own) {
                try (PreparedStatement q = c.prepareStatement(DAILY)) {
                    q.setString(1, id);
                    q.setObject(2, from);
                    q.setObject(3, to);
                    read(q, out);
                }
            }
            if (!others.isEmpty()) {
                ZoneId z = zone.normalized();
                boolean offset = z instanceof ZoneOffset;
                try (PreparedStatement q = c.prepareStatement(ROWS)) {
                    q.setString(1, offset ? "UTC" : z.getId());
                    q.setInt(2, offset ? ((ZoneOffset) z).getTotalSeconds() : 0);
                    q.setArray(3, c.createArrayOf("text", others.toArray()));
                    q.setObject(4, from.atStartOfDay(zone).toInstant().atOffset(ZoneOffset.UTC));
                    q.setObject(5, to.plusDays(1).atStartOfDay(zone).toInstant().atOffset(ZoneOffset.UTC));
                    read(q, out);
                }
            }
        } catch (SQLException e) {
            throw db.translate(e, "cannot read usage from");
        }
        return out;
    }

    private static void read(PreparedStatement q, List<UsageGroup> out) throws SQLException {
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(group(rs));
            }
        }
    }

    private static UsageGroup group(ResultSet rs) throws SQLException {
        boolean simulated = rs.getBoolean("simulated");
        long records = rs.getLong("records");
        long successful = rs.getLong("successful");
        Totals t = simulated ? Totals.ZERO : new Totals(records, successful, records - successful,
                rs.getLong("cache_hits"), rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                rs.getBigDecimal("cost"), rs.getLong("unknown_cost"));
        return new UsageGroup(rs.getDate("day").toLocalDate(), rs.getString("host"), rs.getString("provider"),
                rs.getString("model"), rs.getString("agent"), rs.getString("error_kind"), simulated, records, t);
    }

    /**
     * @param from the first instant, inclusive
     * @param to   the last instant, exclusive
     * @return the records that started in that range, oldest first
     * @throws LedgerUnavailableException if the database cannot be reached or fails
     */
    public List<ShippedRecord> records(Instant from, Instant to) {
        List<ShippedRecord> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement q = c.prepareStatement("SELECT " + UsageRows.COLUMNS
                + " FROM q2o_llm_usage WHERE start_at >= ? AND start_at < ? ORDER BY start_at, start_extra_nanos, id")) {
            q.setObject(1, from.atOffset(ZoneOffset.UTC));
            q.setObject(2, to.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(UsageRows.read(rs));
                }
            }
        } catch (SQLException e) {
            throw db.translate(e, "cannot read usage from");
        }
        return out;
    }

    /**
     * @return how many records the shared ledger holds
     * @throws LedgerUnavailableException if the database cannot be reached or fails
     */
    public long count() {
        try (Connection c = db.connection(); PreparedStatement q = c.prepareStatement("SELECT count(*) FROM q2o_llm_usage");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw db.translate(e, "cannot read usage from");
        }
    }
}
