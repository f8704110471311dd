package cn.zhigu.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import cn.zhigu.hub.HubProperties;
import cn.zhigu.hub.store.StoreLock;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The two locks of cluster mode, between two "nodes" sharing one store (HSQLDB in memory, the hub's
 * migrations): a file's read lock is taken by exactly one node however they race, an orphan is taken
 * over by one node only once it has not been renewed, and the store lock lets one node's batch apply at
 * a time and is let go by the database when its holder's connection dies.
 */
class ClusterLocksTest {

    private HikariDataSource store;
    private final List<FileReadLocks> repositories = new ArrayList<>();

    @BeforeEach
    void store() {
        store = new HikariDataSource();
        store.setJdbcUrl("jdbc:hsqldb:mem:locks-" + UUID.randomUUID() + ";hsqldb.tx=mvcc");
        store.setUsername("SA");
        store.setMaximumPoolSize(8);
        Flyway.configure().dataSource(store).locations("classpath:db/migration").load().migrate();
    }

    @AfterEach
    void close() throws Exception {
        for (FileReadLocks r : repositories) {
            r.stop();
        }
        store.close();
    }

    private FileReadLocks node(Duration maxAge) {
        FileReadLocks locks = new FileReadLocks(store, "hub-inbound", maxAge, Duration.ofMillis(maxAge.toMillis() / 4));
        locks.start();
        repositories.add(locks);
        return locks;
    }

    @Test
    void twoNodesRacingForTheSameFilesTakeEachExactlyOnce() throws Exception {
        FileReadLocks a = node(Duration.ofSeconds(20));
        FileReadLocks b = node(Duration.ofSeconds(20));
        List<String> files = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            files.add("tax/part-" + i + ".csv");
        }
        Map<String, AtomicInteger> takers = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> racers = new ArrayList<>();
        // two threads per node, every one going through the files in the same order, as pollers do
        for (FileReadLocks node : List.of(a, b, a, b)) {
            racers.add(pool.submit(() -> {
                go.await();
                for (String f : files) {
                    boolean taken;
                    try {
                        taken = node.add(f);
                    } catch (RuntimeException e) {
                        taken = false; // the key refused a second lock: as Camel's read lock treats it, skipped
                    }
                    if (taken) {
                        takers.computeIfAbsent(f, k -> new AtomicInteger()).incrementAndGet();
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> r : racers) {
            r.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(takers).hasSize(files.size());
        assertThat(takers.values()).allMatch(n -> n.get() == 1);
        assertThat(a.held().size() + b.held().size()).isEqualTo(files.size());
    }

    @Test
    void aLockKeptAliveStaysAndAnOrphanIsTakenOverByOneNodeOnly() throws Exception {
        FileReadLocks a = node(Duration.ofMillis(800));
        FileReadLocks b = node(Duration.ofMillis(800));
        FileReadLocks c = node(Duration.ofMillis(800));
        assertThat(a.add("cas/transfers.xml")).isTrue();
        Thread.sleep(1_500); // longer than the lock's max age: a has renewed it meanwhile
        assertThat(b.add("cas/transfers.xml")).as("a lock its live node renews").isFalse();

        // a dies: its lock is no longer renewed
        a.stop();
        Thread.sleep(1_200);
        boolean byB = b.add("cas/transfers.xml");
        boolean byC = c.add("cas/transfers.xml");
        assertThat(byB).as("the first node to find the orphan takes it over").isTrue();
        assertThat(byC).as("then it is held again").isFalse();
        assertThat(new JdbcTemplate(store).queryForObject("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED", Integer.class))
                .isEqualTo(1);

        // released on commit: the next delivery of the same name is taken again
        b.remove("cas/transfers.xml");
        assertThat(c.add("cas/transfers.xml")).isTrue();
    }

    @Test
    void theStoreLockLetsOneNodeApplyAtATimeAndIsLetGoWhenItsHolderDies() throws Exception {
        StoreLock a = storeLock("hub-a");
        StoreLock b = storeLock("hub-b");
        a.lock();
        CountDownLatch bHolds = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            b.lock();
            bHolds.countDown();
            b.unlock();
        });
        other.start();
        assertThat(bHolds.await(700, TimeUnit.MILLISECONDS)).as("hub-b waits while hub-a applies").isFalse();
        a.lock(); // reentrant: the holder takes it again at once
        a.unlock();
        assertThat(bHolds.await(300, TimeUnit.MILLISECONDS)).as("hub-a still holds it").isFalse();
        a.unlock();
        assertThat(bHolds.await(10, TimeUnit.SECONDS)).as("hub-b applies once hub-a is done").isTrue();
        other.join();
        assertThat(new JdbcTemplate(store).queryForObject("SELECT holder FROM store_lock", String.class)).isEqualTo("hub-b");

        // a holder whose connection dies (its node killed) lets go without unlocking
        java.sql.Connection dying = store.getConnection();
        dying.setAutoCommit(false);
        dying.createStatement().executeUpdate("UPDATE store_lock SET holder = 'hub-c' WHERE id = 1");
        CountDownLatch aHolds = new CountDownLatch(1);
        Thread waiting = new Thread(() -> {
            a.lock();
            aHolds.countDown();
            a.unlock();
        });
        waiting.start();
        assertThat(aHolds.await(500, TimeUnit.MILLISECONDS)).isFalse();
        dying.rollback(); // what the database does when the connection of a dead node closes
        dying.close();
        assertThat(aHolds.await(10, TimeUnit.SECONDS)).isTrue();
        waiting.join();
    }

    @Test
    void aloneTheStoreLockNeverTouchesTheStore() {
        HubProperties props = new HubProperties();
        StoreLock alone = new StoreLock(store, props);
        alone.lock();
        alone.unlock();
        assertThat(new JdbcTemplate(store).queryForObject("SELECT COUNT(*) FROM store_lock WHERE holder IS NOT NULL",
                Integer.class)).isZero();
    }

    private StoreLock storeLock(String node) {
        HubProperties props = new HubProperties();
        props.getCluster().setEnabled(true);
        props.getCluster().setNodeId(node);
        return new StoreLock(store, props);
    }
}
