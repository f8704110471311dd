package cn.zhigu.hub.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Undoes what a batch committed in chunks when the batch does not finish. A big tax file commits its
 * rows every few tens of thousands (so that memory stays flat however big the file); its batch only
 * counts once its last transaction commits the ledger entry, the seen mark and the indicators. Until
 * then no indicator shows any of its rows, and if it never gets there (a crash, a reject of the whole
 * file, a file changed while read) its rows are put back from the before-images they carry: a row the
 * batch inserted is deleted, a row it changed gets its former values and batch back. The rejects it
 * recorded go too. The undo itself runs in chunks, each its own transaction, and can be repeated: an
 * undo cut short by a crash is finished by the next start.
 *
 * <p>tax_return is the one table whose batches commit in chunks; every other dataset's file applies in
 * one transaction.
 */
@Component
public class BatchUndo {

    private static final Logger log = LoggerFactory.getLogger(BatchUndo.class);

    /** Rows per undo transaction. */
    static final int CHUNK = 20_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public BatchUndo(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * Puts the store back as it was before the batch, in transactions of its own (call it outside any
     * transaction). Returns the tax rows put back or deleted.
     */
    public long undo(long batchId) {
        long rows = 0;
        while (true) {
            Integer done = tx.execute(s -> undoChunk(batchId));
            if (done == null || done == 0) {
                break;
            }
            rows += done;
        }
        while (true) {
            Integer done = tx.execute(s -> {
                Integer last = jdbc.queryForObject("SELECT MAX(seq) FROM (SELECT seq FROM batch_reject"
                        + " WHERE batch_id = ? ORDER BY seq FETCH FIRST " + CHUNK + " ROWS ONLY) r", Integer.class, batchId);
                return last == null ? 0 : jdbc.update("DELETE FROM batch_reject WHERE batch_id = ? AND seq <= ?", batchId, last);
            });
            if (done == null || done == 0) {
                break;
            }
        }
        if (rows > 0) {
            log.info("batch {} undone: {} tax rows put back as they were before it", batchId, rows);
        }
        return rows;
    }

    /** The batch's rows of the next credit codes (about CHUNK rows), put back. */
    private int undoChunk(long batchId) {
        String last = jdbc.queryForObject("SELECT MAX(credit_code) FROM (SELECT credit_code FROM tax_return"
                + " WHERE batch_id = ? ORDER BY credit_code FETCH FIRST " + CHUNK + " ROWS ONLY) r", String.class, batchId);
        if (last == null) {
            return 0;
        }
        int deleted = jdbc.update("DELETE FROM tax_return WHERE batch_id = ? AND credit_code <= ? AND NOT prior_present",
                batchId, last);
        int restored = jdbc.update("""
                UPDATE tax_return SET taxpayer_name = prior_taxpayer_name, industry_code = prior_industry_code,
                       industry_section = prior_industry_section, street_code = prior_street_code,
                       revenue = prior_revenue, tax_paid = prior_tax_paid, rd_expense = prior_rd_expense,
                       high_tech = prior_high_tech, source_updated_at = prior_source_updated_at,
                       batch_id = prior_batch_id, prior_present = FALSE
                 WHERE batch_id = ? AND credit_code <= ? AND prior_present""", batchId, last);
        return deleted + restored;
    }
}
