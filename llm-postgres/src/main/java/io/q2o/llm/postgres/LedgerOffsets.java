package io.q2o.llm.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One host's rows of {@code q2o_llm_ledger_offsets}: how many bytes of each ledger file are
 * shipped. {@link PostgresLedgerShipper} locks a file's row for the length of a batch's transaction,
 * so the records and the offset past them commit together.
 */
final class LedgerOffsets {

    private final String host;

    /** @param host the host whose rows these are */
    LedgerOffsets(String host) {
        this.host = host;
    }

    /**
     * @param c   a connection
     * @param dir the ledger folder (absolute, normalised)
     * @return the shipped offsets of the files in that folder, by file
     */
    Map<String, Long> load(Connection c, Path dir) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT source, shipped_bytes FROM q2o_llm_ledger_offsets WHERE host = ? AND source LIKE ?")) {
            q.setString(1, host);
            q.setString(2, dir.toString().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    /**
     * Creates the file's row if missing and locks it until the transaction ends.
     *
     * @param c      a connection in a transaction
     * @param source the file
     * @return its shipped offset
     */
    long lock(Connection c, String source) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO q2o_llm_ledger_offsets (host, source, shipped_bytes)"
                + " VALUES (?, ?, 0) ON CONFLICT (host, source) DO NOTHING")) {
            ins.setString(1, host);
            ins.setString(2, source);
            ins.executeUpdate();
        }
        try (PreparedStatement q = c.prepareStatement(
                "SELECT shipped_bytes FROM q2o_llm_ledger_offsets WHERE host = ? AND source = ? FOR UPDATE")) {
            q.setString(1, host);
            q.setString(2, source);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * @param c      the connection holding the row's {@link #lock}
     * @param source the file
     * @param offset its new shipped offset
     */
    void advance(Connection c, String source, long offset) throws SQLException {
        try (PreparedStatement u = c.prepareStatement(
                "UPDATE q2o_llm_ledger_offsets SET shipped_bytes = ?, updated_at = now() WHERE host = ? AND source = ?")) {
            u.setLong(1, offset);
            u.setString(2, host);
            u.setString(3, source);
            u.executeUpdate();
        }
    }
}
