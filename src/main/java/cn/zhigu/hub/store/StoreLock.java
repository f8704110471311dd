package cn.zhigu.hub.store;

import cn.zhigu.hub.HubProperties;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.stereotype.Component;

/**
 * The lock a batch's application holds: batches (and the indicator recomputes they end with) apply one
 * at a time, in the order they asked. Alone, a fair lock of this JVM. In cluster mode the same, and then
 * the row of {@code store_lock} locked by an UPDATE in a connection of its own, held open until
 * {@link #unlock}: a batch on another node waits for it, and the database lets it go by itself when the
 * holding node dies (its connection closes, its transaction rolls back). The same statements on HSQLDB
 * and PostgreSQL.
 */
@Component
public class StoreLock {

    private static final Logger log = LoggerFactory.getLogger(StoreLock.class);

    private final ReentrantLock local = new ReentrantLock(true);
    private final DataSource dataSource;
    /** This node's id in cluster mode, null alone. */
    private final String node;
    /** The connection holding the row lock, while this JVM holds the lock; guarded by {@link #local}. */
    private Connection held;

    public StoreLock(DataSource dataSource, HubProperties props) {
        this.dataSource = dataSource;
        this.node = props.getCluster().node();
    }

    /** Waits for the lock (reentrant: a thread holding it takes it again at once). */
    public void lock() {
        local.lock();
        if (node == null || local.getHoldCount() > 1) {
            return;
        }
        Connection c = null;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE store_lock SET holder = ?, taken_at = ? WHERE id = 1")) {
                ps.setString(1, node);
                ps.setObject(2, Sql.timestamp(Instant.now()));
                ps.executeUpdate();
            }
            held = c;
        } catch (SQLException | RuntimeException e) {
            close(c);
            local.unlock();
            throw new CannotAcquireLockException("the store's batch lock could not be taken: " + e.getMessage(), e);
        }
    }

    public void unlock() {
        try {
            if (held != null && local.getHoldCount() == 1) {
                Connection c = held;
                held = null;
                try {
                    c.commit();
                } catch (SQLException e) {
                    log.warn("releasing the store's batch lock: {}", e.getMessage());
                } finally {
                    close(c);
                }
            }
        } finally {
            local.unlock();
        }
    }

    /** Whether the calling thread holds the lock. */
    public boolean isHeldByCurrentThread() {
        return local.isHeldByCurrentThread();
    }

    private static void close(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is closed below whatever it says
        }
        try {
            c.setAutoCommit(true);
            c.close();
        } catch (SQLException e) {
            log.debug("closing the store lock's connection: {}", e.getMessage());
        }
    }
}
