package cn.zhigu.hub.feeds;

import cn.zhigu.hub.HubProperties;
import cn.zhigu.hub.indicators.IndicatorRecompute;
import cn.zhigu.hub.ops.HubMetrics;
import cn.zhigu.hub.store.BatchLedger;
import cn.zhigu.hub.store.BatchLedger.Status;
import cn.zhigu.hub.store.BatchUndo;
import cn.zhigu.hub.store.StoreLock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies one delivery as one batch: its records are normalised and applied to the canonical tables
 * by key, its rejects and ledger entry are written, its content is marked as seen and the indicators
 * are recomputed. Either all of that counts or none of it does. A file applies in one transaction;
 * only a big tax file commits its rows every {@code hub.commit-records} records, so that memory stays
 * flat, and its last transaction commits the ledger entry, the seen mark and the indicators: until
 * then no indicator shows any of it, and a batch that does not get there is undone from its rows'
 * before-images ({@link BatchUndo}), here or at the next start.
 */
@Service
public class IngestService {

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    public record Outcome(long batchId, Status status, String dataset, int read, int accepted, int rejected,
            String reason) {}

    /**
     * A batch being applied right now: the records read so far and its phase, READING (records are read
     * and applied) or RECOMPUTING (the indicators are brought up to date, in the batch's transaction).
     */
    public record Running(long batchId, String feed, String dataset, String transport, String source,
            Instant startedAt, int recordsSoFar, String phase) {}

    private static final class Progress {
        final long batchId;
        final String feed;
        final String transport;
        final String source;
        final Instant startedAt = Instant.now();
        volatile String dataset;
        volatile String phase = "READING";
        final java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();

        Progress(long batchId, String feed, String dataset, String transport, String source) {
            this.batchId = batchId;
            this.feed = feed;
            this.dataset = dataset;
            this.transport = transport;
            this.source = source;
        }
    }

    private final Map<Long, Progress> running = new ConcurrentHashMap<>();

    /** The batches being applied now, oldest first. */
    public List<Running> running() {
        return running.values().stream().sorted(java.util.Comparator.comparing(p -> p.startedAt))
                .map(p -> new Running(p.batchId, p.feed, p.dataset, p.transport, p.source, p.startedAt, p.read.get(), p.phase))
                .toList();
    }

    private final FeedFormats formats;
    private final BatchLedger ledger;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final IndicatorRecompute indicators;
    private final HubProperties props;
    private final HubMetrics metrics;
    private final BatchUndo undo;
    /**
     * Batches that committed chunks, did not finish, and could not be undone at once (the store was
     * down): undone before the next batch of this node applies anything, or by the next start.
     */
    private final Map<Long, String> pendingUndo = new ConcurrentHashMap<>();
    /** One batch at a time, in the order they are received: on this node, and across a cluster's nodes. */
    private final StoreLock applyLock;

    public IngestService(FeedFormats formats, BatchLedger ledger, JdbcTemplate jdbc, TransactionTemplate tx,
            IndicatorRecompute indicators, HubProperties props, HubMetrics metrics, BatchUndo undo,
            StoreLock applyLock) {
        this.formats = formats;
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.tx = tx;
        this.indicators = indicators;
        this.props = props;
        this.metrics = metrics;
        this.undo = undo;
        this.applyLock = applyLock;
    }

    /** Finishes the undo of batches whose undo failed before; throws while the store still refuses it. */
    private void settlePendingUndo() {
        for (var e : Map.copyOf(pendingUndo).entrySet()) {
            undo.undo(e.getKey());
            tx.executeWithoutResult(s -> ledger.finish(e.getKey(), null, Status.FAILED, 0, 0, 0, e.getValue()));
            pendingUndo.remove(e.getKey());
            log.info("batch {} undone, later: {}", e.getKey(), e.getValue());
        }
    }

    /** Applies a file delivered to a feed's inbound folder. */
    public Outcome ingestFile(String feed, Path file) {
        Instant received = Instant.now();
        Outcome o = applyFile(feed, file, received);
        metrics.batch(feed, o.dataset(), "FILE", o.status().name(), o.accepted(), o.rejected(),
                java.time.Duration.between(received, Instant.now()));
        return o;
    }

    /**
     * Records a file refused without being read (a symbolic link): REJECTED with the reason, nothing
     * applied, no content hash.
     */
    public Outcome refuseFile(String feed, Path file, String reason) {
        String source = file.getFileName().toString();
        log.warn("{} file {} refused unread: {}", feed, source, reason);
        applyLock.lock();
        try {
            settlePendingUndo();
            Work<?> work = new Work<>(feed, file, null, null, source, Instant.now());
            work.open();
            try {
                return tx.execute(s -> work.recordRejected(reason, false));
            } finally {
                running.remove(work.batchId);
            }
        } finally {
            applyLock.unlock();
        }
    }

    /**
     * Thrown from {@link #ingestFile} when the file changed or vanished while it was read: its batch was
     * rolled back and is in the ledger as FAILED; the file is left where it is, to be taken again once
     * it has stopped changing.
     */
    public static final class FileChangedWhileRead extends RuntimeException {
        FileChangedWhileRead(String message) {
            super(message);
        }
    }

    /** What tells a file changed: its size, modification time and identity (inode). */
    record FileState(long size, java.nio.file.attribute.FileTime modified, Object key) {
        static FileState of(Path file) {
            try {
                var a = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
                return new FileState(a.size(), a.lastModifiedTime(), a.fileKey());
            } catch (java.nio.file.NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Outcome applyFile(String feed, Path file, Instant received) {
        String source = file.getFileName().toString();
        applyLock.lock();
        try {
            settlePendingUndo();
            FileState before = FileState.of(file);
            String hash = sha256(file);
            Work<?> work = new Work<>(feed, file, before, hash, source, received);
            // The batch shows in the ledger as RUNNING from now on, committed on its own: should the hub
            // stop before the batch's transaction commits, the start marks it FAILED and the ledger tells.
            work.open();
            try {
                return work.apply();
            } catch (FileChangedWhileRead e) {
                log.error("{} file {}: {}", feed, source, e.getMessage());
                work.undoCommittedChunks(e.getMessage());
                Outcome failed = tx.execute(s -> work.recordFailed(e.getMessage()));
                metrics.batch(feed, failed.dataset(), "FILE", failed.status().name(), 0, 0,
                        java.time.Duration.between(received, Instant.now()));
                throw e;
            } catch (FileRejectedException e) {
                log.warn("{} file {} rejected whole: {}", feed, source, e.getMessage());
                work.undoCommittedChunks(e.getMessage());
                // nothing of an unreadable file counts as a record, not even what came before the break
                return tx.execute(s -> work.recordRejected(e.getMessage(), false));
            } catch (TooManyRejects e) {
                log.warn("{} file {} rejected whole: {}", feed, source, e.getMessage());
                work.undoCommittedChunks(e.getMessage());
                return tx.execute(s -> work.recordRejected(e.getMessage(), true));
            } catch (RuntimeException e) {
                log.error("{} file {} failed: {}", feed, source, e.toString(), e);
                work.undoCommittedChunks("the hub could not apply this file: " + e);
                // If even the ledger cannot be written (store down), the file stays where it is for a retry.
                return tx.execute(s -> work.recordFailed("the hub could not apply this file: " + e));
            } finally {
                running.remove(work.batchId);
            }
        } finally {
            applyLock.unlock();
        }
    }

    /** Records a pull must have read before its reject share is judged (a page may hold one record). */
    static final int PULL_MIN_SAMPLE = 10;

    /** One pull of one dataset: one batch in the ledger, applied page by page. */
    public static final class Pull {
        final String feed;
        final String transport;
        final String source;
        final long batchId;
        String dataset;
        int read;
        int accepted;
        int rejected;

        final Instant started = Instant.now();

        Pull(String feed, String transport, String source, long batchId) {
            this.feed = feed;
            this.transport = transport;
            this.source = source;
            this.batchId = batchId;
        }

        public long batchId() {
            return batchId;
        }

        public int accepted() {
            return accepted;
        }
    }

    /**
     * Runs one pull of one dataset as one batch: {@code pages} applies its pages with
     * {@link #applyPage}; the batch ends APPLIED (or PARTIAL), or FAILED with the reason of whatever
     * stopped it, which is then thrown on as a {@link PullFailure} for the caller's retry and breaker.
     */
    public Outcome pull(String feed, String dataset, String transport, String source, Consumer<Pull> pages) {
        Pull pull = openPull(feed, dataset, transport, source);
        try {
            pages.accept(pull);
            return finishPull(pull, Status.APPLIED, null);
        } catch (FileRejectedException e) {
            finishPull(pull, Status.FAILED, "malformed payload: " + e.getMessage()
                    + "; nothing of that page was applied and the cursor did not move");
            throw new PullFailure("malformed payload from " + source + ": " + e.getMessage(), false, e);
        } catch (TooManyRejects e) {
            finishPull(pull, Status.FAILED, e.getMessage());
            throw new PullFailure(e.getMessage(), false, e);
        } catch (PullFailure e) {
            finishPull(pull, Status.FAILED, e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            finishPull(pull, Status.FAILED, "the hub could not apply the pull: " + e);
            throw new PullFailure("the hub could not apply the pull: " + e, false, e);
        }
    }

    /** Opens a pull's batch, visible in the ledger as RUNNING while its pages apply. */
    Pull openPull(String feed, String dataset, String transport, String source) {
        long id = tx.execute(s -> ledger.open(feed, dataset, transport, source, null, Instant.now(), Status.RUNNING));
        Pull pull = new Pull(feed, transport, source, id);
        pull.dataset = dataset;
        running.put(id, new Progress(id, feed, dataset, transport, source));
        return pull;
    }

    /**
     * Applies one page of a pull in one transaction: its records, its rejects, the cursor move and the
     * batch's running counts. A page above the reject threshold, or one that cannot be read, applies
     * nothing and does not move the cursor.
     *
     * @param records    feeds the page's records to the consumer it is given
     * @param onAccepted sees each accepted row (to find the page's cursor)
     * @param moveCursor saves the cursor, inside the page's transaction
     */
    public <R> void applyPage(Pull pull, Dataset<R> dataset, Consumer<Consumer<RawRecord>> records,
            Consumer<R> onAccepted, Runnable moveCursor) {
        applyLock.lock();
        try {
            settlePendingUndo();
            RecordSink<R> sink = new RecordSink<>(jdbc, ledger, dataset, pull.batchId, pull.rejected + 1, onAccepted);
            try {
                Progress progress = running.get(pull.batchId);
                tx.executeWithoutResult(s -> {
                    records.accept(r -> {
                        sink.accept(r);
                        if (progress != null) {
                            progress.read.incrementAndGet();
                        }
                    });
                    sink.flush();
                    // a pull is judged on all its pages so far, once it has enough records to judge
                    int read = pull.read + sink.read;
                    String tooMany = read < PULL_MIN_SAMPLE ? null : RecordSink.tooManyRejects(read,
                            pull.rejected + sink.rejected, props.getRejectThreshold(), "page");
                    if (tooMany != null) {
                        throw new TooManyRejects(tooMany);
                    }
                    moveCursor.run();
                    ledger.finish(pull.batchId, dataset.name(), Status.RUNNING, pull.read + sink.read,
                            pull.accepted + sink.accepted, pull.rejected + sink.rejected, null);
                });
            } catch (TooManyRejects e) {
                tx.executeWithoutResult(s -> ledger.addRejects(pull.batchId, pull.rejected + 1, sink.keptRejects));
                pull.rejected += sink.rejected;
                pull.read += sink.read;
                throw e;
            }
            pull.read += sink.read;
            pull.accepted += sink.accepted;
            pull.rejected += sink.rejected;
        } finally {
            applyLock.unlock();
        }
    }

    /** Ends a pull's batch and, when it applied anything, recomputes the indicators. */
    Outcome finishPull(Pull pull, Status status, String reason) {
        Progress progress = running.get(pull.batchId);
        if (progress != null) {
            progress.phase = "RECOMPUTING";
        }
        applyLock.lock();
        try {
            return tx.execute(s -> {
                Status st = status == Status.APPLIED && pull.rejected > 0 ? Status.PARTIAL : status;
                String why = reason == null && pull.rejected > 0
                        ? pull.rejected + " of " + pull.read + " records rejected; see the rejects" : reason;
                ledger.finish(pull.batchId, pull.dataset, st, pull.read, pull.accepted, pull.rejected, why);
                if (pull.accepted > 0) {
                    indicators.recompute(pull.batchId);
                }
                metrics.batch(pull.feed, pull.dataset, pull.transport, st.name(), pull.accepted, pull.rejected,
                        java.time.Duration.between(pull.started, Instant.now()));
                log.info("{} {} pull -> batch {} {}: {} read, {} accepted, {} rejected{}", pull.feed, pull.dataset,
                        pull.batchId, st, pull.read, pull.accepted, pull.rejected, reason == null ? "" : ": " + reason);
                return new Outcome(pull.batchId, st, pull.dataset, pull.read, pull.accepted, pull.rejected, reason);
            });
        } finally {
            running.remove(pull.batchId);
            applyLock.unlock();
        }
    }

    public static final class TooManyRejects extends RuntimeException {
        TooManyRejects(String message) {
            super(message);
        }
    }

    /** The state of one file's batch while it is read and applied. */
    private final class Work<R> {
        final String feed;
        final Path file;
        final FileState before;
        final String hash;
        final String source;
        final Instant received;
        Dataset<R> dataset;
        long batchId;
        RecordSink<R> sink;
        Progress progress;
        /** The transaction open now; a tax file commits one every hub.commit-records records. */
        TransactionStatus chunk;
        int readAtLastCommit;
        boolean committedChunks;

        Work(String feed, Path file, FileState before, String hash, String source, Instant received) {
            this.feed = feed;
            this.file = file;
            this.before = before;
            this.hash = hash;
            this.source = source;
            this.received = received;
        }

        /** Enters the batch in the ledger as RUNNING, in a transaction of its own. */
        void open() {
            useDataset(formats.datasetByName(feed, file));
            String name = dataset == null ? null : dataset.name();
            batchId = tx.execute(s -> ledger.open(feed, name, "FILE", source, hash, received, Status.RUNNING));
            progress = new Progress(batchId, feed, name, "FILE", source);
            running.put(batchId, progress);
        }

        PlatformTransactionManager txm() {
            return tx.getTransactionManager();
        }

        /** Reads and applies the file; its transactions are its own (see the class comment). */
        Outcome apply() {
            chunk = txm().getTransaction(tx);
            try {
                Outcome o = applyInChunks();
                txm().commit(chunk);
                chunk = null;
                return o;
            } catch (RuntimeException | Error e) {
                if (chunk != null) {
                    txm().rollback(chunk);
                    chunk = null;
                }
                throw e;
            }
        }

        /**
         * After the batch failed: undoes the chunks it had committed; if that fails too, the batch stays
         * RUNNING, is undone before this node's next batch, and this throws (the file stays in inbound).
         */
        void undoCommittedChunks(String reason) {
            if (!committedChunks) {
                return;
            }
            try {
                undo.undo(batchId);
                committedChunks = false;
            } catch (RuntimeException e) {
                pendingUndo.put(batchId, reason + "; its committed chunks were undone later");
                throw new IllegalStateException("batch " + batchId + " failed (" + reason + ") and the rows it had"
                        + " committed could not be undone yet: " + e.getMessage() + "; they are undone before the next"
                        + " batch, and no indicator shows them", e);
            }
        }

        private Outcome applyInChunks() {
            long started = System.nanoTime();
            var seen = ledger.seenBy(feed, hash);
            if (seen.isPresent()) {
                String reason = "same content as batch " + seen.get() + "; applied once, not again";
                ledger.finish(batchId, null, Status.DUPLICATE, 0, 0, 0, reason);
                return new Outcome(batchId, Status.DUPLICATE, null, 0, 0, 0, reason);
            }
            try {
                formats.reader(feed, file).read(file,
                        header -> useDataset(formats.datasetByHeader(feed, header)),
                        this::accept);
            } catch (RuntimeException e) {
                checkUnchanged();  // a file cut or grown under the reader is taken again, not refused
                throw e;
            }
            checkUnchanged();
            if (sink == null || sink.read == 0) {
                throw new FileRejectedException("the file holds no records");
            }
            sink.flush();
            String tooMany = sink.tooManyRejects(props.getRejectThreshold(), "file");
            if (tooMany != null) {
                throw new TooManyRejects(tooMany);
            }
            Status status = sink.rejected == 0 ? Status.APPLIED : Status.PARTIAL;
            String reason = sink.rejected == 0 ? null
                    : sink.rejected + " of " + sink.read + " records rejected; see the rejects";
            ledger.markSeen(feed, hash, batchId);
            ledger.finish(batchId, dataset.name(), status, sink.read, sink.accepted, sink.rejected, reason);
            long applied = System.nanoTime();
            progress.phase = "RECOMPUTING";
            indicators.recompute(batchId);
            log.info("{} file {} -> batch {} {}: {} read, {} accepted, {} rejected; applied in {} ms,"
                    + " indicators in {} ms", feed, source, batchId, status, sink.read, sink.accepted, sink.rejected,
                    (applied - started) / 1_000_000, (System.nanoTime() - applied) / 1_000_000);
            return new Outcome(batchId, status, dataset.name(), sink.read, sink.accepted, sink.rejected, reason);
        }

        /**
         * What was read is what was hashed only if the file is still the same: else the batch rolls back
         * (never half a file, never a mark of content that was not applied).
         */
        void checkUnchanged() {
            FileState now = FileState.of(file);
            if (now == null) {
                throw new FileChangedWhileRead("the file was deleted from inbound/" + feed + "/ while it was being"
                        + " read; nothing of it was applied; deliver it again");
            }
            if (!now.equals(before)) {
                throw new FileChangedWhileRead("the file changed while it was being read (" + before.size() + " bytes"
                        + " when taken, " + now.size() + " bytes now); nothing of it was applied; it is taken again"
                        + " once it has stopped changing");
            }
        }

        @SuppressWarnings("unchecked")
        void useDataset(Dataset<?> d) {
            if (d != null) {
                dataset = (Dataset<R>) d;
            }
        }

        void accept(RawRecord record) {
            if (sink == null) {
                if (dataset == null) {
                    throw new FileRejectedException("cannot tell which dataset this file holds");
                }
                sink = new RecordSink<>(jdbc, ledger, dataset, batchId, 1, row -> {});
                progress.dataset = dataset.name();
            }
            sink.accept(record);
            progress.read.incrementAndGet();
            if (sink.read - readAtLastCommit >= props.getCommitRecords() && dataset.commitsInChunks()) {
                sink.flush();
                txm().commit(chunk);
                chunk = null;
                committedChunks = true;
                readAtLastCommit = sink.read;
                chunk = txm().getTransaction(tx);
            }
        }

        Outcome recordRejected(String reason, boolean keepRecords) {
            String name = dataset == null ? null : dataset.name();
            long id = batchId;
            if (!keepRecords || sink == null) {
                ledger.finish(id, name, Status.REJECTED, 0, 0, 0, reason);
                return new Outcome(id, Status.REJECTED, name, 0, 0, 0, reason);
            }
            String kept = sink.rejected > sink.keptRejects.size()
                    ? " (the first " + sink.keptRejects.size() + " rejects are kept)" : "";
            ledger.finish(id, name, Status.REJECTED, sink.read, 0, sink.rejected, reason + kept);
            ledger.addRejects(id, 1, sink.keptRejects);
            return new Outcome(id, Status.REJECTED, name, sink.read, 0, sink.rejected, reason);
        }

        Outcome recordFailed(String reason) {
            String name = dataset == null ? null : dataset.name();
            long id = batchId;
            ledger.finish(id, name, Status.FAILED, 0, 0, 0, reason);
            return new Outcome(id, Status.FAILED, name, 0, 0, 0, reason);
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
