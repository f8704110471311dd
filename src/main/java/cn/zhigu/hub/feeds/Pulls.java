package cn.zhigu.hub.feeds;

import cn.zhigu.hub.HubProperties;
import cn.zhigu.hub.feeds.IngestService.Outcome;
import cn.zhigu.hub.feeds.cas.CasPull;
import cn.zhigu.hub.feeds.tax.TaxPull;
import cn.zhigu.hub.feeds.university.UniversityPull;
import cn.zhigu.hub.store.BatchLedger;
import cn.zhigu.hub.store.BatchLedger.Status;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the agencies' pulls, from the scheduled routes or from {@code POST /api/feeds/{feed}/sync}:
 * never two pulls of one feed at once, and each agency behind its own circuit breaker so that a dead
 * agency is not hammered (resilience4j; transient failures count, refused credentials do not).
 */
@Component("pulls")
public class Pulls {

    private static final Logger log = LoggerFactory.getLogger(Pulls.class);
    public static final List<String> PULLED = List.of(UniversityPull.FEED, CasPull.FEED, TaxPull.FEED);

    private final Map<String, Supplier<List<Outcome>>> syncs;
    private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final HubProperties props;
    private final BatchLedger ledger;
    private final TransactionTemplate tx;
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hub-sync");
        t.setDaemon(true);
        return t;
    });

    public Pulls(UniversityPull university, CasPull cas, TaxPull tax, HubProperties props, BatchLedger ledger,
            TransactionTemplate tx) {
        this.syncs = Map.of(
                UniversityPull.FEED, university::sync,
                CasPull.FEED, () -> List.of(cas.sync()),
                TaxPull.FEED, () -> List.of(tax.sync()));
        this.props = props;
        this.ledger = ledger;
        this.tx = tx;
    }

    public CircuitBreaker breaker(String feed) {
        return breakers.computeIfAbsent(feed, f -> CircuitBreaker.of(f, CircuitBreakerConfig.custom()
                .slidingWindowSize(5)
                .minimumNumberOfCalls(3)
                .failureRateThreshold(50)
                .waitDurationInOpenState(props.feed(f).getCircuitOpenFor())
                .recordException(e -> e instanceof PullFailure p && p.isTransient())
                .build()));
    }

    public boolean isRunning(String feed) {
        ReentrantLock lock = running.get(feed);
        return lock != null && lock.isLocked();
    }

    /** Called by the scheduled route: pulls now, unless a pull of this feed is already running. */
    public List<Outcome> scheduled(String feed) {
        return syncNow(feed);
    }

    /** Starts a pull in the background; false when one of this feed is already running. */
    public boolean trigger(String feed) {
        requirePulled(feed);
        if (isRunning(feed)) {
            return false;
        }
        background.submit(() -> {
            try {
                syncNow(feed);
            } catch (RuntimeException e) {
                log.warn("{} sync failed: {}", feed, e.getMessage());
            }
        });
        return true;
    }

    /** Pulls this feed now in the calling thread; null when a pull of it is already running. */
    public List<Outcome> syncNow(String feed) {
        requirePulled(feed);
        ReentrantLock lock = running.computeIfAbsent(feed, f -> new ReentrantLock());
        if (!lock.tryLock()) {
            log.info("{} sync skipped: a sync of this feed is already running", feed);
            return null;
        }
        try {
            return breaker(feed).executeSupplier(syncs.get(feed));
        } catch (CallNotPermittedException e) {
            String reason = "circuit open: " + feed + " failed repeatedly; the hub waits "
                    + props.feed(feed).getCircuitOpenFor() + " before calling it again";
            recordFailure(feed, reason);
            throw new PullFailure(reason, false, e);
        } catch (PullFailure.NotConfigured e) {
            recordFailure(feed, e.getMessage());
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** A pull that failed before it could open its batch still leaves its reason in the ledger. */
    private void recordFailure(String feed, String reason) {
        tx.executeWithoutResult(s -> {
            long id = ledger.open(feed, null, feed.equals(TaxPull.FEED) ? "JDBC" : "HTTP", feed, null,
                    Instant.now(), Status.FAILED);
            ledger.finish(id, null, Status.FAILED, 0, 0, 0, reason);
        });
    }

    private static void requirePulled(String feed) {
        if (!PULLED.contains(feed)) {
            throw new IllegalArgumentException(feed + " has no pull");
        }
    }
}
