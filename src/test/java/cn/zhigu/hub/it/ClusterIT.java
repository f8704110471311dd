package cn.zhigu.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hubs as separate JVMs in cluster mode, on one PostgreSQL database (made for this test and dropped
 * after it), one ZooKeeper (curator-test's TestingServer on 127.0.0.1) and one shared data folder. Tax
 * files are dropped into the shared inbound folder, which both nodes poll; the CAS pull runs on a
 * schedule of every ten seconds; a slow university pull is started on the leader, and the leader is
 * killed with SIGKILL in the middle of it. The survivor must take the lead within
 * {@link #TAKEOVER_LIMIT} of the kill, resume the pull from its committed cursor and take the files the
 * dead node held; in the end every file is applied exactly once, the scheduled pulls ran only on the
 * node leading at the time, and every tax indicator equals the truth this test computes from its files.
 *
 * <p>Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust): skipped without one, failed when
 * {@code CI=true}.
 */
class ClusterIT {

    /** The promise: the survivor leads (and resumes the pull) this soon after the leader's death. */
    static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(20);
    /** ZooKeeper's session timeout for the nodes: a dead node loses the lead after this. */
    static final int SESSION_TIMEOUT_MS = 5000;

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/";

    @TempDir
    Path dataDir;


    private final Random random = new Random(20261203);
    private TaxTruth truth;

    @Test
    void theSurvivorTakesOverTheKilledLeadersPullAndFilesAndEveryIndicatorEqualsTheTruth() throws Exception {
        String database = "hub_cluster_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = postgres("test")) {
            admin.createStatement().execute("CREATE DATABASE " + database);
        }
        try (TestingServer zookeeper = zookeeper()) {
            run(database, zookeeper.getConnectString());
        } finally {
            try (Connection admin = postgres("test")) {
                admin.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    private void run(String database, String zookeeper) throws Exception {
        truth = new TaxTruth(random, "MC");
        HubProcess a = node("hub-a", database, zookeeper);
        HubProcess b = node("hub-b", database, zookeeper);
        try (a; b) {
            // both start together on the empty store (Flyway, the reference tables: one after the other)
            CompletableFuture<?> startA = CompletableFuture.runAsync(() -> start(a));
            CompletableFuture<?> startB = CompletableFuture.runAsync(() -> start(b));
            CompletableFuture.allOf(startA, startB).join();

            // one leader, the same for both, and both nodes in the cluster
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonNode ca = cluster(a);
                JsonNode cb = cluster(b);
                return !ca.get("leader").isNull() && ca.get("leader").equals(cb.get("leader"))
                        && ca.get("members").size() == 2 && cb.get("members").size() == 2;
            });
            HubProcess leader = cluster(a).get("leader").asText().equals("hub-a") ? a : b;
            HubProcess survivor = leader == a ? b : a;
            String leaderId = leader == a ? "hub-a" : "hub-b";
            String survivorId = leader == a ? "hub-b" : "hub-a";
            assertThat(cluster(leader).get("schedulesRunHere").asBoolean()).isTrue();
            assertThat(cluster(survivor).get("schedulesRunHere").asBoolean()).isFalse();
            JsonNode health = leader.json("/actuator/health/cluster");
            assertThat(health.get("status").asText()).isEqualTo("UP");
            assertThat(health.get("details").get("leader").asText()).isEqualTo(leaderId);

            // the leader runs the CAS schedule (every ten seconds), the other node does not
            try (Connection store = postgres(database)) {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                        !strings(store, "SELECT id FROM batch WHERE feed = 'cas' AND node_id = '" + leaderId + "'").isEmpty());
            }

            // files for both nodes in the one inbound folder, each with keys of its own
            List<String> files = new ArrayList<>();
            List<String> streets = truth.streets();
            for (int f = 0; f < 24; f++) {
                List<TaxTruth.TaxRow> rows = new ArrayList<>();
                for (int r = 0; r < 400; r++) {
                    String code = truth.newCode();
                    for (int m = 1; m <= 3; m++) {
                        rows.add(truth.row(code, 202300 + (f % 4) * 3 + m, streets.get(random.nextInt(streets.size())), 0));
                    }
                }
                String name = String.format("tax-2023-part-%02d.csv", f);
                deliverTax(name, rows);
                files.add(name);
            }

            // a slow university pull on the leader (one record per page), killed in its middle while it also
            // reads a file
            assertThat(leader.send("POST", "/api/feeds/university/sync").statusCode()).isEqualTo(202);
            String[] cut = new String[1];
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                boolean pulling = false;
                String reading = null;
                for (JsonNode batch : leader.json("/api/batches/running")) {
                    if (batch.get("transport").asText().equals("HTTP") && batch.get("feed").asText().equals("university")
                            && batch.get("recordsSoFar").asInt() >= 3) {
                        pulling = true;
                    } else if (batch.get("transport").asText().equals("FILE") && batch.get("recordsSoFar").asInt() > 500) {
                        reading = batch.get("source").asText();
                    }
                }
                cut[0] = reading;
                return pulling && reading != null;
            });
            Instant killed = Instant.now();
            leader.kill();

            // the survivor leads ...
            await().atMost(TAKEOVER_LIMIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> survivorId.equals(cluster(survivor).get("leader").asText()));
            Duration lead = Duration.between(killed, Instant.now());
            // ... and has resumed the pull the leader left unfinished
            try (Connection store = postgres(database)) {
                await().atMost(TAKEOVER_LIMIT.minus(lead)).pollInterval(Duration.ofMillis(100)).until(() ->
                        !strings(store, "SELECT id FROM batch WHERE feed = 'university' AND transport = 'HTTP'"
                                + " AND node_id = '" + survivorId + "'").isEmpty());
            }
            Duration resumed = Duration.between(killed, Instant.now());
            System.out.printf("ClusterIT: %s killed; %s led after %d ms and resumed its pull after %d ms%n", leaderId,
                    survivorId, lead.toMillis(), resumed.toMillis());
            assertThat(resumed).isLessThan(TAKEOVER_LIMIT);

            // every file taken, nothing running, no read lock left (the dead node's orphans deleted by the
            // new leader); a scheduled CAS pull on the survivor
            String[] state = new String[1];
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    try (var left = Files.list(dataDir.resolve("inbound/tax")); Connection store = postgres(database)) {
                        List<String> inbound = left.map(p -> p.getFileName().toString()).toList();
                        List<String> running = strings(store, "SELECT source || ' by ' || node_id FROM batch"
                                + " WHERE status = 'RUNNING'");
                        List<String> locks = strings(store, "SELECT messageId FROM CAMEL_MESSAGEPROCESSED");
                        List<String> casBySurvivor = strings(store, "SELECT id FROM batch WHERE feed = 'cas' AND node_id = '"
                                + survivorId + "' AND id > (SELECT MAX(id) FROM batch WHERE node_id = '" + leaderId + "')");
                        state[0] = "inbound " + inbound + ", running " + running + ", locks " + locks
                                + ", CAS pulls by the survivor " + casBySurvivor.size();
                        return inbound.isEmpty() && running.isEmpty() && locks.isEmpty() && !casBySurvivor.isEmpty();
                    }
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the survivor did not finish the work: " + state[0], e);
            }

            try (Connection store = postgres(database)) {
                // each file taken by one node and applied once: FAILED before only if the killed node was
                // reading it, a DUPLICATE after only if the killed node applied it and died before moving it
                Map<String, Integer> taken = new TreeMap<>();
                for (String name : files) {
                    List<String> batches = strings(store, "SELECT status || ' by ' || node_id FROM batch WHERE source = '"
                            + name + "' ORDER BY id");
                    List<String> applied = batches.stream().filter(s -> s.startsWith("APPLIED")).toList();
                    assertThat(applied).as(name + ": " + batches).hasSize(1);
                    taken.merge(applied.get(0).substring("APPLIED by ".length()), 1, Integer::sum);
                    for (String other : batches) {
                        if (other.startsWith("FAILED") || other.startsWith("DUPLICATE")) {
                            assertThat(other).as(name + ": " + batches).isIn("FAILED by " + leaderId,
                                    "DUPLICATE by " + survivorId);
                        }
                        if (other.startsWith("DUPLICATE")) {
                            assertThat(applied.get(0)).as(name + ": " + batches).isEqualTo("APPLIED by " + leaderId);
                        }
                    }
                }
                System.out.printf("ClusterIT: files applied per node %s%n", taken);
                // the batches the killed leader left RUNNING are FAILED with the reason, by the survivor: its pull,
                // and the file it was reading, which the survivor then took (its read lock an orphan) and applied
                List<String> left = strings(store, "SELECT reason FROM batch WHERE node_id = '" + leaderId + "'"
                        + " AND status = 'FAILED' AND transport = 'HTTP'");
                assertThat(left).isNotEmpty().allMatch(r -> r.contains("node " + leaderId + " left the cluster"));
                assertThat(strings(store, "SELECT status || ' by ' || node_id || ': ' || COALESCE(reason, '') FROM batch WHERE source = '"
                        + cut[0] + "' ORDER BY id")).as("the file the leader was reading").hasSize(2)
                        .satisfies(cutBatches -> assertThat(cutBatches.get(0)).startsWith("FAILED by " + leaderId).contains("left the cluster"))
                        .satisfies(cutBatches -> assertThat(cutBatches.get(1)).startsWith("APPLIED by " + survivorId));
                try (ResultSet rs = store.createStatement().executeQuery("SELECT received_at, finished_at FROM batch"
                        + " WHERE source = '" + cut[0] + "' AND node_id = '" + survivorId + "'")) {
                    rs.next();
                    Instant retaken = rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
                    // taken only once its lock was an orphan, never while the leader still held it
                    assertThat(retaken).as("the survivor took the cut file after the kill").isAfter(killed);
                    System.out.printf("ClusterIT: %s, cut by the kill, taken by %s %d ms after it, applied %d ms after it%n",
                            cut[0], survivorId, Duration.between(killed, retaken).toMillis(),
                            Duration.between(killed, rs.getObject(2, java.time.OffsetDateTime.class).toInstant()).toMillis());
                }

                // the scheduled CAS pulls: only on the node that led at the time
                try (ResultSet rs = store.createStatement().executeQuery("SELECT node_id, received_at FROM batch"
                        + " WHERE feed = 'cas' ORDER BY id")) {
                    int byLeader = 0;
                    int bySurvivor = 0;
                    while (rs.next()) {
                        Instant at = rs.getTimestamp(2).toInstant();
                        if (rs.getString(1).equals(leaderId)) {
                            assertThat(at).as("a CAS pull of the old leader").isBefore(killed);
                            byLeader++;
                        } else {
                            assertThat(rs.getString(1)).isEqualTo(survivorId);
                            assertThat(at).as("a CAS pull of the survivor").isAfter(killed);
                            bySurvivor++;
                        }
                    }
                    assertThat(byLeader).as("CAS pulls by the first leader").isPositive();
                    assertThat(bySurvivor).as("CAS pulls by the survivor").isPositive();
                }

                // every tax indicator of 2023 equals the truth computed from the files
                TaxTruth.assertPublishedEqual(truth.expectedTaxCells(2023, 2023), TaxTruth.published(store, 2023, 2023));
            }
            // the pulled records, once each (sample-feeds/EXPECTED.md 4.2, 4.3: both institutes' contracts,
            // the angel fund), whatever the kill cut
            assertThat(value(survivor, "TT_CONTRACTS", "2021-Q1")).isEqualByComparingTo("16");
            assertThat(value(survivor, "FUND_AMOUNT", "2020")).isEqualByComparingTo("12000000");
            assertThat(survivor.json("/actuator/health/cluster").get("details").get("members").size()).isEqualTo(1);
        }
    }

    private HubProcess node(String id, String database, String zookeeper) throws Exception {
        return new HubProcess(dataDir, "--hub.cluster.enabled=true", "--hub.cluster.zookeeper=" + zookeeper,
                "--hub.cluster.node-id=" + id, "--spring.datasource.url=" + PG + database,
                "--spring.datasource.username=postgres", "--camel.cluster.zookeeper.session-timeout=" + SESSION_TIMEOUT_MS,
                "--hub.cluster.file-lock-max-age=8s", "--hub.cluster.file-lock-keep-alive=2s",
                "--hub.inbound.read-lock-min-age=500", "--hub.inbound.poll-delay=500",
                // each 1,200-row file commits in chunks: the file cut by the kill has rows the takeover must undo
                "--hub.commit-records=500",
                "--hub.feeds.university.page-size=1", "--hub.demo.response-delay=600",
                "--hub.feeds.cas.schedule=0/10 * * * * ?", "--logging.level.cn.zhigu.hub.cluster=DEBUG");
    }

    private static void start(HubProcess hub) {
        try {
            hub.start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** ZooKeeper on 127.0.0.1 only, with a short tick so that short sessions are allowed. */
    private static TestingServer zookeeper() throws Exception {
        InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1,
                Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1");
        return new TestingServer(spec, true);
    }

    private static Connection postgres(String database) throws SQLException {
        try {
            return DriverManager.getConnection(PG + database, "postgres", "");
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI=true but no PostgreSQL answers at 127.0.0.1:5432 (user postgres): " + e, e);
            }
            Assumptions.abort("no PostgreSQL at 127.0.0.1:5432 (user postgres) for the two-node test: " + e.getMessage());
            throw e;
        }
    }

    private static JsonNode cluster(HubProcess hub) throws Exception {
        return hub.json("/api/feeds").get(0).get("cluster");
    }

    private static BigDecimal value(HubProcess hub, String code, String period) throws Exception {
        return hub.json("/api/indicators/" + code + "/values?period=" + period + "&area=ALL").get("values").get(0)
                .get("value").decimalValue();
    }

    private void deliverTax(String name, List<TaxTruth.TaxRow> rows) throws Exception {
        Path tmp = Files.createTempFile(dataDir, "export", ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, TaxTruth.GBK)) {
            w.write(TaxTruth.HEADER);
            for (TaxTruth.TaxRow r : rows) {
                truth.write(w, r);
            }
        }
        Files.setLastModifiedTime(tmp, FileTime.from(Instant.now().minusSeconds(60)));
        Path inbound = dataDir.resolve("inbound/tax");
        Files.createDirectories(inbound);
        Files.move(tmp, inbound.resolve(name));
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
