package cn.zhigu.hub.store;

import cn.zhigu.hub.HubProperties;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The batch ledger: one entry per delivery, its rejected records and the "already seen" mark of its
 * content. Callers hold the transaction; every write here joins it.
 */
@Repository
public class BatchLedger {

    /** Longest raw text kept for one rejected record. */
    static final int MAX_RAW = 60_000;

    public enum Status { RUNNING, APPLIED, PARTIAL, REJECTED, DUPLICATE, FAILED }

    public record Reject(String position, String rawText, String reason) {}

    private final JdbcTemplate jdbc;
    /** The node that runs the batches this hub opens (cluster mode), null alone. */
    private final String node;

    public BatchLedger(JdbcTemplate jdbc, HubProperties props) {
        this.jdbc = jdbc;
        this.node = props.getCluster().node();
    }

    public long open(String feed, String dataset, String transport, String source, String contentHash,
            Instant receivedAt, Status status) {
        var keys = new GeneratedKeyHolder();
        jdbc.update(con -> {
            var ps = con.prepareStatement(
                    "INSERT INTO batch (feed, dataset, transport, source, content_hash, received_at, status, node_id)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"id"});
            ps.setString(1, feed);
            ps.setString(2, dataset);
            ps.setString(3, transport);
            ps.setString(4, clip(source, 1000));
            ps.setString(5, contentHash);
            ps.setObject(6, Sql.timestamp(receivedAt));
            ps.setString(7, status.name());
            ps.setString(8, node);
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    public void finish(long batchId, String dataset, Status status, int read, int accepted, int rejected,
            String reason) {
        jdbc.update("UPDATE batch SET dataset = COALESCE(?, dataset), status = ?, records_read = ?,"
                        + " records_accepted = ?, records_rejected = ?, reason = ?, finished_at = ? WHERE id = ?",
                dataset, status.name(), read, accepted, rejected, clip(reason, 4000), Sql.timestamp(Instant.now()),
                batchId);
    }

    public void addRejects(long batchId, int firstSeq, List<Reject> rejects) {
        if (rejects.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO batch_reject (batch_id, seq, position, raw_text, reason) VALUES (?, ?, ?, ?, ?)",
                new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement ps, int i) throws SQLException {
                        Reject r = rejects.get(i);
                        ps.setLong(1, batchId);
                        ps.setInt(2, firstSeq + i);
                        ps.setString(3, clip(r.position(), 200));
                        ps.setString(4, clip(r.rawText(), MAX_RAW));
                        ps.setString(5, clip(r.reason(), 2000));
                    }

                    @Override
                    public int getBatchSize() {
                        return rejects.size();
                    }
                });
    }

    /** The batch that already applied this content for this feed, if any. */
    public Optional<Long> seenBy(String feed, String contentHash) {
        return jdbc.query("SELECT batch_id FROM delivery_seen WHERE feed = ? AND content_hash = ?",
                (rs, i) -> rs.getLong(1), feed, contentHash).stream().findFirst();
    }

    public void markSeen(String feed, String contentHash, long batchId) {
        jdbc.update("INSERT INTO delivery_seen (feed, content_hash, batch_id) VALUES (?, ?, ?)", feed, contentHash,
                batchId);
    }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
