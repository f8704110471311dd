package cn.zhigu.hub.feeds;

import cn.zhigu.hub.HubProperties;
import cn.zhigu.hub.indicators.IndicatorRecompute;
import cn.zhigu.hub.normalise.InvalidValueException;
import cn.zhigu.hub.store.BatchLedger;
import cn.zhigu.hub.store.BatchLedger.Reject;
import cn.zhigu.hub.store.BatchLedger.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies one delivery as one batch: in a single transaction its records are normalised and applied
 * to the canonical tables by key, its rejects and ledger entry are written, its content is marked as
 * seen and the indicators are recomputed. Either all of that commits or none of it does.
 */
@Service
public class IngestService {

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);
    /** Rows per JDBC batch. */
    static final int CHUNK = 1000;
    /** Rejects kept in memory to be recorded again when a batch is rolled back for its reject share. */
    static final int KEPT_REJECTS = 10_000;

    public record Outcome(long batchId, Status status, String dataset, int read, int accepted, int rejected,
            String reason) {}

    private final FeedFormats formats;
    private final BatchLedger ledger;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final IndicatorRecompute indicators;
    private final HubProperties props;
    /** One batch at a time: batches of one node apply in the order they are received. */
    private final ReentrantLock applyLock = new ReentrantLock(true);

    public IngestService(FeedFormats formats, BatchLedger ledger, JdbcTemplate jdbc, TransactionTemplate tx,
            IndicatorRecompute indicators, HubProperties props) {
        this.formats = formats;
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.tx = tx;
        this.indicators = indicators;
        this.props = props;
    }

    /** Applies a file delivered to a feed's inbound folder. */
    public Outcome ingestFile(String feed, Path file) {
        Instant received = Instant.now();
        String source = file.getFileName().toString();
        applyLock.lock();
        try {
            String hash = sha256(file);
            Work<?> work = new Work<>(feed, file, hash, source, received);
            try {
                return tx.execute(s -> work.apply());
            } catch (FileRejectedException e) {
                log.warn("{} file {} rejected whole: {}", feed, source, e.getMessage());
                // nothing of an unreadable file counts as a record, not even what came before the break
                return tx.execute(s -> work.recordRejected(e.getMessage(), false));
            } catch (TooManyRejects e) {
                log.warn("{} file {} rejected whole: {}", feed, source, e.getMessage());
                return tx.execute(s -> work.recordRejected(e.getMessage(), true));
            } catch (RuntimeException e) {
                log.error("{} file {} failed: {}", feed, source, e.toString(), e);
                // If even the ledger cannot be written (store down), the file stays where it is for a retry.
                return tx.execute(s -> work.recordFailed("the hub could not apply this file: " + e));
            }
        } finally {
            applyLock.unlock();
        }
    }

    static final class TooManyRejects extends RuntimeException {
        TooManyRejects(String message) {
            super(message);
        }
    }

    /** The state of one batch while it is read and applied. */
    private final class Work<R> {
        final String feed;
        final Path file;
        final String hash;
        final String source;
        final Instant received;
        Dataset<R> dataset;
        long batchId;
        int read;
        int accepted;
        int rejected;
        final List<R> rows = new ArrayList<>(CHUNK);
        final List<Reject> pendingRejects = new ArrayList<>();
        final List<Reject> keptRejects = new ArrayList<>();

        Work(String feed, Path file, String hash, String source, Instant received) {
            this.feed = feed;
            this.file = file;
            this.hash = hash;
            this.source = source;
            this.received = received;
        }

        Outcome apply() {
            long started = System.nanoTime();
            var seen = ledger.seenBy(feed, hash);
            if (seen.isPresent()) {
                long id = ledger.open(feed, null, "FILE", source, hash, received, Status.DUPLICATE);
                String reason = "same content as batch " + seen.get() + "; applied once, not again";
                ledger.finish(id, null, Status.DUPLICATE, 0, 0, 0, reason);
                return new Outcome(id, Status.DUPLICATE, null, 0, 0, 0, reason);
            }
            useDataset(formats.datasetByName(feed, file));
            batchId = ledger.open(feed, dataset == null ? null : dataset.name(), "FILE", source, hash, received,
                    Status.RUNNING);
            formats.reader(feed, file).read(file,
                    header -> useDataset(formats.datasetByHeader(feed, header)),
                    this::accept);
            flush();
            if (read == 0) {
                throw new FileRejectedException("the file holds no records");
            }
            double share = (double) rejected / read;
            if (share > props.getRejectThreshold()) {
                throw new TooManyRejects(String.format("%d of %d records rejected (%.1f %%), above the threshold"
                        + " of %.1f %%; nothing of this file was applied", rejected, read, share * 100,
                        props.getRejectThreshold() * 100));
            }
            Status status = rejected == 0 ? Status.APPLIED : Status.PARTIAL;
            String reason = rejected == 0 ? null : rejected + " of " + read + " records rejected; see the rejects";
            ledger.markSeen(feed, hash, batchId);
            ledger.finish(batchId, dataset.name(), status, read, accepted, rejected, reason);
            long applied = System.nanoTime();
            indicators.recompute(batchId);
            log.info("{} file {} -> batch {} {}: {} read, {} accepted, {} rejected; applied in {} ms,"
                    + " indicators in {} ms", feed, source, batchId, status, read, accepted, rejected,
                    (applied - started) / 1_000_000, (System.nanoTime() - applied) / 1_000_000);
            return new Outcome(batchId, status, dataset.name(), read, accepted, rejected, reason);
        }

        @SuppressWarnings("unchecked")
        void useDataset(Dataset<?> d) {
            if (d != null) {
                dataset = (Dataset<R>) d;
            }
        }

        void accept(RawRecord record) {
            if (dataset == null) {
                throw new FileRejectedException("cannot tell which dataset this file holds");
            }
            read++;
            try {
                rows.add(dataset.map(record));
                accepted++;
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
                ledger.addRejects(batchId, rejected - pendingRejects.size() + 1, pendingRejects);
                pendingRejects.clear();
            }
        }

        Outcome recordRejected(String reason, boolean keepRecords) {
            String name = dataset == null ? null : dataset.name();
            long id = ledger.open(feed, name, "FILE", source, hash, received, Status.REJECTED);
            if (!keepRecords) {
                ledger.finish(id, name, Status.REJECTED, 0, 0, 0, reason);
                return new Outcome(id, Status.REJECTED, name, 0, 0, 0, reason);
            }
            String kept = rejected > keptRejects.size()
                    ? " (the first " + keptRejects.size() + " rejects are kept)" : "";
            ledger.finish(id, name, Status.REJECTED, read, 0, rejected, reason + kept);
            ledger.addRejects(id, 1, keptRejects);
            return new Outcome(id, Status.REJECTED, name, read, 0, rejected, reason);
        }

        Outcome recordFailed(String reason) {
            String name = dataset == null ? null : dataset.name();
            long id = ledger.open(feed, name, "FILE", source, hash, received, Status.FAILED);
            ledger.finish(id, name, Status.FAILED, read, 0, rejected, reason);
            return new Outcome(id, Status.FAILED, name, read, 0, rejected, reason);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
