package io.q2o.llm.postgres;

import io.q2o.llm.usage.UsageRecord;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The mapping between a {@link UsageRecord} and a row of {@code q2o_llm_usage}, field by field.
 * PostgreSQL keeps microseconds: the start's remaining nanoseconds go to {@code start_extra_nanos}
 * so a record reads back equal to the ledger line it came from. The tool names are a {@code text[]}
 * in their order ({@code '{}'} when the answer called none).
 */
final class UsageRows {
    static final String COLUMNS = "id, host, start_at, start_extra_nanos, duration_ms, provider, model, input_tokens,"
            + " output_tokens, cached_input_tokens, cache_write_input_tokens, reasoning_tokens, input_cost, output_cost,"
            + " cost, agent, task, project, cache_hit, simulated, counted, outcome, error_kind, attempts, tool_calls";
    private static final String WRITER = ", zone, day";
    static final String INSERT = "INSERT INTO q2o_llm_usage (" + COLUMNS + WRITER + ") VALUES"
            + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";

    private UsageRows() {
    }

    /**
     * @param zone the writer's zone: the row's {@code zone} and {@code day} (its start's day there)
     */
    static void bind(PreparedStatement ps, String host, ZoneId zone, UsageRecord r) throws SQLException {
        Instant start = r.start();
        int i = 1;
        ps.setString(i++, r.id());
        ps.setString(i++, host);
        ps.setObject(i++, start.minusNanos(start.getNano() % 1000).atOffset(ZoneOffset.UTC));
        ps.setInt(i++, start.getNano() % 1000);
        ps.setLong(i++, r.durationMs());
        ps.setString(i++, r.provider());
        ps.setString(i++, r.model());
        ps.setLong(i++, r.inputTokens());
        ps.setLong(i++, r.outputTokens());
        ps.setLong(i++, r.cachedInputTokens());
        ps.setLong(i++, r.cacheWriteInputTokens());
        ps.setLong(i++, r.reasoningTokens());
        ps.setObject(i++, r.inputCost(), Types.NUMERIC);
        ps.setObject(i++, r.outputCost(), Types.NUMERIC);
        ps.setObject(i++, r.cost(), Types.NUMERIC);
        ps.setString(i++, r.agent());
        ps.setString(i++, r.task());
        ps.setString(i++, r.project());
        ps.setBoolean(i++, r.cacheHit());
        ps.setBoolean(i++, r.simulated());
        ps.setBoolean(i++, r.counted());
        ps.setString(i++, r.outcome());
        ps.setString(i++, r.errorKind());
        ps.setInt(i++, r.attempts());
        ps.setArray(i++, ps.getConnection().createArrayOf("text", r.toolCalls().toArray(String[]::new)));
        ps.setString(i++, zoneId(zone));
        ps.setObject(i, LocalDate.ofInstant(start, zone));
    }

    /**
     * @param zone a zone
     * @return its id as stored: normalized, so that "UTC", "Z" and "+00:00" are one zone
     */
    static String zoneId(ZoneId zone) {
        return zone.normalized().getId();
    }

    /** Reads the current row of a result set that selected {@link #COLUMNS}. */
    static ShippedRecord read(ResultSet rs) throws SQLException {
        Instant start = rs.getObject("start_at", OffsetDateTime.class).toInstant().plusNanos(rs.getInt("start_extra_nanos"));
        UsageRecord r = new UsageRecord(rs.getString("id"), start, rs.getLong("duration_ms"), rs.getString("provider"),
                rs.getString("model"), rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                rs.getLong("cached_input_tokens"), rs.getLong("cache_write_input_tokens"), rs.getLong("reasoning_tokens"),
                rs.getBigDecimal("input_cost"), rs.getBigDecimal("output_cost"), rs.getBigDecimal("cost"),
                rs.getString("agent"), rs.getString("task"), rs.getString("project"), rs.getBoolean("cache_hit"),
                rs.getBoolean("simulated"), rs.getBoolean("counted"), rs.getString("outcome"), rs.getString("error_kind"),
                rs.getInt("attempts"), toolCalls(rs.getArray("tool_calls")));
        return new ShippedRecord(rs.getString("host"), r);
    }

    private static List<String> toolCalls(Array names) throws SQLException {
        try {
            return List.of((String[]) names.getArray());
        } finally {
            names.free();
        }
    }
}
