package cn.zhigu.hub.feeds;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One dataset of a feed: how a delivered record becomes a canonical row, and the statement that
 * applies a row to its canonical table by key (the dataset's replace rule lives in that statement).
 *
 * @param <R> the canonical row
 */
public interface Dataset<R> {

    /** The dataset's name in the ledger, e.g. {@code tax-returns}. */
    String name();

    /** Normalises one record; throws {@link cn.zhigu.hub.normalise.InvalidValueException} with the reason. */
    R map(RawRecord record);

    /** A MERGE applying one row (bound by {@link #bind}) to the canonical table. */
    String upsertSql();

    void bind(PreparedStatement ps, R row, long batchId) throws SQLException;

    /**
     * Whether a big file of this dataset may commit its rows in chunks: its MERGE keeps each row's
     * whole before-image, from which {@link cn.zhigu.hub.store.BatchUndo} undoes a batch that did not
     * finish. Every other dataset's file applies in one transaction.
     */
    default boolean commitsInChunks() {
        return false;
    }
}
