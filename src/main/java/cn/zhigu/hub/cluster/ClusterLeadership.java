package cn.zhigu.hub.cluster;

import cn.zhigu.hub.HubProperties;
import cn.zhigu.hub.feeds.Pulls;
import cn.zhigu.hub.indicators.IndicatorRecompute;
import cn.zhigu.hub.store.ReferenceData;
import cn.zhigu.hub.store.StoreLock;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * This node's place in the cluster: the view of the scheduled pulls' master namespace (the same view
 * the routes' {@code master:hub-pulls:} endpoints use, so the node that leads it runs the schedules),
 * who leads it and who is in it; and what the leader does beyond the schedules: when it takes the lead,
 * and every few seconds while it leads, the batches that nodes no longer in the cluster left RUNNING are
 * marked FAILED (as a restart marks its own), the indicators are recomputed when an interrupted pull had
 * committed pages, and each such pull is started again here at once, from its committed cursor.
 * A dead node's files need little here: their read locks, no longer renewed, become orphans that
 * another node takes over ({@link FileReadLocks}); the leader deletes those left behind.
 */
public class ClusterLeadership {

    private static final Logger log = LoggerFactory.getLogger(ClusterLeadership.class);
    /** How often the leader looks for batches of nodes that have left. */
    static final long CHECK_SECONDS = 5;

    private final CamelClusterService service;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final StoreLock storeLock;
    private final ReferenceData reference;
    private final IndicatorRecompute indicators;
    private final Pulls pulls;
    private final FileReadLocks fileLocks;
    private final String node;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hub-cluster");
        t.setDaemon(true);
        return t;
    });
    private CamelClusterView view;
    private volatile Instant leadingSince;

    public ClusterLeadership(CamelClusterService service, JdbcTemplate jdbc, TransactionTemplate tx,
            StoreLock storeLock, ReferenceData reference, IndicatorRecompute indicators, Pulls pulls,
            FileReadLocks fileLocks, HubProperties props) {
        this.service = service;
        this.jdbc = jdbc;
        this.tx = tx;
        this.storeLock = storeLock;
        this.reference = reference;
        this.indicators = indicators;
        this.pulls = pulls;
        this.fileLocks = fileLocks;
        this.node = props.getCluster().getNodeId();
    }

    @PostConstruct
    void join() throws Exception {
        // joins the election now (the view starts with the cluster service, before the routes)
        view = service.getView(ClusterSwitches.PULLS_NAMESPACE);
        view.addEventListener((CamelClusterEventListener.Leadership) (v, leader) -> {
            boolean mine = leader != null && leader.isLocal();
            log.info("cluster {}: leader is now {}{}", ClusterSwitches.PULLS_NAMESPACE,
                    leader == null ? "(none)" : leader.getId(), mine ? " (this node)" : "");
            if (mine && leadingSince == null) {
                leadingSince = Instant.now();
                worker.execute(this::takeOverQuietly);
            } else if (!mine) {
                leadingSince = null;
            }
        });
        worker.scheduleWithFixedDelay(this::takeOverQuietly, CHECK_SECONDS, CHECK_SECONDS, TimeUnit.SECONDS);
    }

    @PreDestroy
    void leave() {
        worker.shutdownNow();
    }

    public String node() {
        return node;
    }

    /** The node that runs the scheduled pulls, if ZooKeeper has one now. */
    public Optional<String> leader() {
        try {
            return view == null ? Optional.empty() : view.getLeader().map(CamelClusterMember::getId);
        } catch (RuntimeException e) {
            log.debug("no leader known: {}", e.getMessage());
            return Optional.empty();
        }
    }

    public boolean leads() {
        return view != null && view.getLocalMember().isLeader();
    }

    /** When this node took the lead, null while it does not lead. */
    public Instant leadingSince() {
        return leads() ? leadingSince : null;
    }

    /** The nodes in the cluster now, by id (empty when ZooKeeper cannot be asked). */
    public List<String> members() {
        try {
            return view == null ? List.of() : view.getMembers().stream().map(CamelClusterMember::getId)
                    .filter(java.util.Objects::nonNull).sorted().distinct().toList();
        } catch (RuntimeException e) {
            log.debug("members unknown: {}", e.getMessage());
            return List.of();
        }
    }

    private void takeOverQuietly() {
        try {
            takeOver();
        } catch (RuntimeException e) {
            log.warn("cluster: looking for the work of departed nodes failed: {}", e.toString());
        }
    }

    /**
     * On the leader: the batches left RUNNING by nodes no longer in the cluster are marked FAILED, and
     * each interrupted pull is resumed here. Returns the feeds whose pulls were started again.
     */
    synchronized List<String> takeOver() {
        if (!leads()) {
            return List.of();
        }
        List<String> members = members();
        if (!members.contains(node)) {
            // ZooKeeper's answer is not to be trusted now (this node should be in it): do nothing
            return List.of();
        }
        fileLocks.deleteOrphans();
        Set<String> gone = new TreeSet<>(jdbc.queryForList("SELECT DISTINCT node_id FROM batch WHERE status = 'RUNNING'"
                + " AND node_id IS NOT NULL", String.class));
        gone.removeAll(members);
        List<String> resumed = new ArrayList<>();
        for (String departed : gone) {
            List<String> feeds = new ArrayList<>();
            storeLock.lock();
            try {
                reference.undoInterruptedFiles(" AND node_id = ?", new Object[] {departed});
                tx.executeWithoutResult(s -> {
                    feeds.addAll(jdbc.queryForList("SELECT DISTINCT feed FROM batch WHERE status = 'RUNNING'"
                            + " AND transport <> 'FILE' AND node_id = ? ORDER BY feed", String.class, departed));
                    int withPages = reference.markInterrupted(" AND node_id = ?", new Object[] {departed},
                            "node " + departed + " left the cluster (stopped or lost ZooKeeper)");
                    if (withPages > 0) {
                        log.info("node {}: {} interrupted pulls had committed pages: recomputing every indicator",
                                departed, withPages);
                        indicators.recomputeAll();
                    }
                });
            } finally {
                storeLock.unlock();
            }
            for (String feed : feeds) {
                if (Pulls.PULLED.contains(feed)) {
                    log.info("cluster: {} takes over the {} pull that node {} left unfinished", node, feed, departed);
                    pulls.trigger(feed);
                    resumed.add(feed);
                }
            }
        }
        return resumed;
    }
}
