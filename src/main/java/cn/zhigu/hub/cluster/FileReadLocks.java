package cn.zhigu.hub.cluster;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound files' shared read locks in cluster mode: camel-sql's JDBC idempotent repository (its
 * table CAMEL_MESSAGEPROCESSED, its key (processorName, messageId), its statements and transactions)
 * with the orphan handling of its JdbcOrphanLockAwareIdempotentRepository done atomically. A node
 * renews the locks it holds every {@code keepAlive}; a lock not renewed for {@code maxAge} is an orphan
 * of a dead node, and another node takes it over.
 *
 * <p>Why not JdbcOrphanLockAwareIdempotentRepository itself: its insert counts the key's rows again and,
 * finding one, overwrites its time unconditionally and reports the lock taken. When two nodes poll the
 * same folder, the second node's count can run just after the first node's insert committed: both take
 * the file (ClusterIT saw it: one batch APPLIED, the other node's DUPLICATE and a failed move). Here an
 * orphan is taken by a single UPDATE that matches only while the row is still old, and a new lock is a
 * plain INSERT that the key refuses when another node has just added it; either way one node wins.
 */
public class FileReadLocks extends JdbcMessageIdRepository {

    private static final Logger log = LoggerFactory.getLogger(FileReadLocks.class);
    private static final String TAKE_ORPHAN = "UPDATE CAMEL_MESSAGEPROCESSED SET createdAt = ?"
            + " WHERE processorName = ? AND messageId = ? AND createdAt < ?";
    private static final String RENEW = "UPDATE CAMEL_MESSAGEPROCESSED SET createdAt = ?"
            + " WHERE processorName = ? AND messageId = ?";

    private final long maxAgeMillis;
    private final long keepAliveMillis;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService renewer;

    public FileReadLocks(DataSource dataSource, String processorName, Duration maxAge, Duration keepAlive) {
        super(dataSource, processorName);
        if (maxAge.compareTo(keepAlive.multipliedBy(2)) <= 0) {
            throw new IllegalArgumentException("hub.cluster.file-lock-max-age (" + maxAge + ") must be more than twice"
                    + " hub.cluster.file-lock-keep-alive (" + keepAlive + ")");
        }
        this.maxAgeMillis = maxAge.toMillis();
        this.keepAliveMillis = keepAlive.toMillis();
        // the table is the store's (Flyway V6)
        setCreateTableIfNotExists(false);
    }

    /** Held by a live node: a row renewed within maxAge. An orphan counts as none. */
    @Override
    protected int queryForInt(String key) {
        int n = jdbcTemplate.queryForObject(getQueryString() + " AND createdAt >= ?", Integer.class, processorName, key,
                new Timestamp(System.currentTimeMillis() - maxAgeMillis));
        log.debug("file {}: {} live read lock(s)", key, n);
        return n;
    }

    @Override
    protected int insert(String key) {
        long now = System.currentTimeMillis();
        int taken = jdbcTemplate.update(TAKE_ORPHAN, new Timestamp(now), processorName, key, new Timestamp(now - maxAgeMillis));
        if (taken == 0) {
            // no row: add one (a row another node added meanwhile makes this fail on the key: that node has it)
            taken = jdbcTemplate.update(getInsertString(), processorName, key, new Timestamp(now));
        } else {
            log.info("file {}: its read lock was an orphan (not renewed for {} ms): taken over", key, maxAgeMillis);
        }
        held.add(key);
        log.debug("file {}: read lock taken", key);
        return taken;
    }

    @Override
    protected int delete(String key) {
        held.remove(key);
        int n = super.delete(key);
        log.debug("file {}: read lock released ({} row)", key, n);
        return n;
    }

    @Override
    protected int delete() {
        held.clear();
        return super.delete();
    }

    /**
     * Deletes the orphans: locks no node has renewed for maxAge (a dead node's, also those of files it
     * had already moved when it died, which no one would take again). A node taking one over at the
     * same moment wins or loses as a whole: both statements match only a row still old.
     */
    public int deleteOrphans() {
        int n = jdbcTemplate.update("DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND createdAt < ?",
                processorName, new Timestamp(System.currentTimeMillis() - maxAgeMillis));
        if (n > 0) {
            log.info("{} orphaned file read locks of departed nodes deleted", n);
        }
        return n;
    }

    /** The keys this node holds now. */
    public Set<String> held() {
        return Set.copyOf(held);
    }

    void renew() {
        List<Object[]> rows = held.stream().map(k -> new Object[] {new Timestamp(System.currentTimeMillis()), processorName, k})
                .toList();
        if (rows.isEmpty()) {
            return;
        }
        try {
            transactionTemplate.executeWithoutResult(s -> jdbcTemplate.batchUpdate(RENEW, rows));
        } catch (RuntimeException e) {
            log.warn("renewing {} file read locks failed: {}", rows.size(), e.getMessage());
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hub-file-locks");
            t.setDaemon(true);
            return t;
        });
        renewer.scheduleWithFixedDelay(this::renew, keepAliveMillis, keepAliveMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws Exception {
        if (renewer != null) {
            renewer.shutdownNow();
        }
        super.doStop();
    }
}
