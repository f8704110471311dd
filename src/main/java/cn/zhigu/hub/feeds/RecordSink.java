package cn.zhigu.hub.feeds;

import cn.zhigu.hub.normalise.InvalidValueException;
import cn.zhigu.hub.store.BatchLedger;
import cn.zhigu.hub.store.BatchLedger.Reject;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Takes the records of a batch (or of one page of a pull): normalises each, applies accepted rows to
 * the canonical table in JDBC batches and records the rejects, all in the caller's transaction.
 */
final class RecordSink<R> {

    /** Rows per JDBC batch. */
    static final int CHUNK = 1000;
    /** Rejects kept in memory to be recorded again when a batch is rolled back for its reject share. */
    static final int KEPT_REJECTS = 10_000;

    private final JdbcTemplate jdbc;
    private final BatchLedger ledger;
    private final Dataset<R> dataset;
    private final long batchId;
    private final int firstRejectSeq;
    private final Consumer<R> onAccepted;
    int read;
    int accepted;
    int rejected;
    private final List<R> rows = new ArrayList<>(CHUNK);
    private final List<Reject> pendingRejects = new ArrayList<>();
    final List<Reject> keptRejects = new ArrayList<>();

    RecordSink(JdbcTemplate jdbc, BatchLedger ledger, Dataset<R> dataset, long batchId, int firstRejectSeq,
            Consumer<R> onAccepted) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.dataset = dataset;
        this.batchId = batchId;
        this.firstRejectSeq = firstRejectSeq;
        this.onAccepted = onAccepted;
    }

    Dataset<R> dataset() {
        return dataset;
    }

    void accept(RawRecord record) {
        read++;
        try {
            R row = dataset.map(record);
            rows.add(row);
            accepted++;
            onAccepted.accept(row);
        } catch (InvalidValueException e) {
            rejected++;
            Reject r = new Reject(record.position(), record.rawText(), e.getMessage());
            pendingRejects.add(r);
            if (keptRejects.size() < KEPT_REJECTS) {
                keptRejects.add(r);
            }
        }
        if (rows.size() >= CHUNK || pendingRejects.size() >= CHUNK) {
            flush();
        }
    }

    void flush() {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(dataset.upsertSql(), new BatchPreparedStatementSetter() {
                @Override
                public void setValues(PreparedStatement ps, int i) throws SQLException {
                    dataset.bind(ps, rows.get(i), batchId);
                }

                @Override
                public int getBatchSize() {
                    return rows.size();
                }
            });
            rows.clear();
        }
        if (!pendingRejects.isEmpty()) {
            ledger.addRejects(batchId, firstRejectSeq + rejected - pendingRejects.size(), pendingRejects);
            pendingRejects.clear();
        }
    }

    /** The share of rejected records, above the threshold: the batch (or page) must not apply. */
    String tooManyRejects(double threshold, String what) {
        return tooManyRejects(read, rejected, threshold, what);
    }

    static String tooManyRejects(int read, int rejected, double threshold, String what) {
        double share = read == 0 ? 0 : (double) rejected / read;
        if (share <= threshold) {
            return null;
        }
        return String.format("%d of %d records rejected (%.1f %%), above the threshold of %.1f %%; nothing of"
                + " this %s was applied", rejected, read, share * 100, threshold * 100, what);
    }
}
