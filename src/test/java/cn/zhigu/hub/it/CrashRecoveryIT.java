package cn.zhigu.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub as a separate JVM, fed many files of every feed and a large tax file, killed with SIGKILL
 * while it reads a file, while it recomputes the indicators and during a pull, and stopped with
 * SIGTERM during a batch. After each restart it goes on; at the end every value of the 17 indicators
 * for 2022 to 2024 equals the truth this test computes from the files it wrote and the samples it
 * pulled ({@link TaxTruth}, {@link OtherFeedsTruth}), every value of every period equals what a second
 * hub publishes that is given the same deliveries and pull and is never interrupted, every file is in
 * archive/ or rejected/ exactly once and unchanged, and the ledger tells each interruption.
 */
class CrashRecoveryIT {

    /** One university contract per page and a slow agency, so that a kill lands between pages. */
    private static final String[] SLOW_PULLS = {"--hub.feeds.university.page-size=1", "--hub.demo.response-delay=300"};

    @TempDir
    Path root;
    /** The data folder of the hub that is killed and stopped. */
    private Path dataDir;
    /** A copy of every file delivered, under feed/name, with its modification time: the uninterrupted hub's input. */
    private Path deliveries;

    /** Every file delivered: feed/name -> SHA-256 of its content. */
    private final Map<String, String> delivered = new LinkedHashMap<>();
    private final Random random = new Random(20261202);
    private TaxTruth truth;
    private Instant clock = Instant.now().minus(Duration.ofHours(2));

    @Test
    void killedWhileReadingRecomputingAndPullingAndStoppedMidBatchEndsWithTheTruth() throws Exception {
        dataDir = root.resolve("hub");
        deliveries = root.resolve("deliveries");
        truth = new TaxTruth(random, "MB");
        List<String> streets = truth.streets();

        // 1. the large tax file first (oldest), then 14 small tax files correcting some of it
        List<TaxTruth.TaxRow> bigRows = new ArrayList<>();
        int enterprises = 6_000;
        List<String> codes = new ArrayList<>();
        for (int e = 0; e < enterprises; e++) {
            codes.add(truth.newCode());
        }
        for (int m = 1; m <= 12; m++) {
            for (int e = 0; e < enterprises; e++) {
                bigRows.add(truth.row(codes.get(e), 202200 + m, streets.get(e % streets.size()), e));
            }
        }
        Path big = deliverTax("tax-2022-city.csv", bigRows, 0.02, 0.002);
        List<String> smallFiles = new ArrayList<>();
        for (int f = 0; f < 14; f++) {
            List<TaxTruth.TaxRow> rows = new ArrayList<>();
            if (f < 1) { // corrections of the large file's rows, some moved to another street
                for (int r = 0; r < 30; r++) {
                    TaxTruth.TaxRow old = bigRows.get(random.nextInt(bigRows.size()));
                    rows.add(truth.row(old.code(), old.month(), streets.get(random.nextInt(streets.size())), r + f));
                }
            } else { // a month of 2023 from enterprises new to the hub
                for (int r = 0; r < 30; r++) {
                    rows.add(truth.row(truth.newCode(), 202301 + f % 12, streets.get(random.nextInt(streets.size())), r));
                }
            }
            String name = String.format("tax-fix-%02d.csv", f);
            deliverTax(name, rows, 0, 0);
            smallFiles.add(name);
        }
        // and the other feeds: ledgers, carriers, contracts, investments and transfers, each corrected by
        // later files, about enterprises with tax rows of 2022 only and new ones; and a broken CAS file
        OtherFeedsTruth otherTruth = new OtherFeedsTruth(random, truth);
        Map<String, Map<String, byte[]>> others = otherTruth.files(codes.subList(3_000, 3_300));

        // 2. SIGKILL while the large file is being read
        try (HubProcess hub = new HubProcess(dataDir, SLOW_PULLS).start()) {
            deliver("cas", "transfers-broken.xml", Files.readAllBytes(Path.of("sample-feeds", "cas", "transfers-broken.xml")));
            for (var feed : others.entrySet()) {
                for (var file : feed.getValue().entrySet()) {
                    deliver(feed.getKey(), file.getKey(), file.getValue());
                }
            }
            // past two commits of hub.commit-records (20,000): the restart must undo what the batch committed
            awaitRunning(hub, "tax-2022-city.csv", "READING", 45_000);
            hub.kill();
        }
        assertThat(big).as("a file whose batch did not commit stays in inbound").exists();

        // 3. SIGKILL while the indicators are recomputed for it (the batch's transaction is still open)
        try (HubProcess hub = new HubProcess(dataDir, SLOW_PULLS).start()) {
            JsonNode first = batchesOf(hub, "tax", "tax-2022-city.csv").get(0);
            assertThat(first.get("status").asText()).isEqualTo("FAILED");
            assertThat(first.get("reason").asText()).contains("stopped").contains("taken again");
            awaitRunning(hub, "tax-2022-city.csv", "RECOMPUTING", 0);
            hub.kill();
        }
        assertThat(big).exists();

        // 4. every file is taken; then SIGKILL in the middle of a paged university pull
        try (HubProcess hub = new HubProcess(dataDir, SLOW_PULLS).start()) {
            awaitAllFilesTaken(hub);
            assertThat(hub.send("POST", "/api/feeds/university/sync").statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonNode pulls = hub.json("/api/batches?feed=university");
                return StreamSupport.stream(pulls.spliterator(), false).anyMatch(b -> b.get("transport").asText().equals("HTTP")
                        && b.get("status").asText().equals("RUNNING") && b.get("recordsRead").asInt() >= 3);
            });
            hub.kill();
        }

        // 5. the pull resumes and completes; then SIGTERM while a second large file is read: the stop
        // lets the batch finish (or roll back), never half
        List<TaxTruth.TaxRow> second = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            for (int e = 0; e < 3_000; e++) {
                second.add(truth.row(codes.get(e), 202400 + m, streets.get((e + m) % streets.size()), e));
            }
        }
        try (HubProcess hub = new HubProcess(dataDir, SLOW_PULLS).start()) {
            JsonNode interrupted = StreamSupport.stream(hub.json("/api/batches?feed=university").spliterator(), false)
                    .filter(b -> b.get("transport").asText().equals("HTTP")).findFirst().orElseThrow();
            assertThat(interrupted.get("status").asText()).isEqualTo("FAILED");
            assertThat(interrupted.get("reason").asText()).contains("stopped").contains("resumes");
            assertThat(hub.send("POST", "/api/feeds/university/sync").statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                    .until(() -> !hub.json("/api/feeds/university").get("syncRunning").asBoolean());
            deliverTax("tax-2024-city.csv", second, 0.01, 0);
            awaitRunning(hub, "tax-2024-city.csv", "READING", 3_000);
            Duration stop = hub.terminate();
            assertThat(stop).as("the graceful stop waits for the batch, within its 60 s").isLessThan(Duration.ofSeconds(90));
        }
        assertThat(statusesAfterTheStop("tax-2024-city.csv")).as("the stop waited for the chunked batch").containsExactly("APPLIED");
        assertThat(dataDir.resolve("archive/tax/tax-2024-city.csv")).exists();

        // 6. a start that finds nothing left to do; then SIGTERM during a ledger of the street offices, which
        // applies in one transaction
        try (HubProcess hub = new HubProcess(dataDir, SLOW_PULLS).start()) {
            awaitAllFilesTaken(hub);
            assertThat(batchesOf(hub, "tax", "tax-2024-city.csv")).hasSize(1);
            // the pulled samples (sample-feeds/EXPECTED.md 4.2 and 4.3): the university's ten contracts, the angel fund
            assertThat(value(hub, "TT_CONTRACTS", "2021-Q1", "ALL")).isEqualByComparingTo("10");
            assertThat(value(hub, "FUND_AMOUNT", "2020", "ALL")).isEqualByComparingTo("12000000");
            deliver("street", "settlement-all-streets.csv", otherTruth.bigLedger(30_000));
            awaitRunning(hub, "settlement-all-streets.csv", "READING", 1_000);
            assertThat(hub.terminate()).as("the graceful stop waits for the batch").isLessThan(Duration.ofSeconds(90));
        }
        assertThat(statusesAfterTheStop("settlement-all-streets.csv")).as("the stop waited for the batch").containsExactly("APPLIED");
        assertThat(dataDir.resolve("archive/street/settlement-all-streets.csv")).exists();

        // the ledger: the large file failed twice (killed), then applied once; every other file once
        try (Connection store = hsqldb(dataDir)) {
            assertThat(strings(store, "SELECT status FROM batch WHERE source = 'tax-2022-city.csv' ORDER BY id"))
                    .containsExactly("FAILED", "FAILED", "PARTIAL");
            assertThat(strings(store, "SELECT status FROM batch WHERE status = 'RUNNING'")).isEmpty();
            for (String name : smallFiles) {
                assertThat(strings(store, "SELECT status FROM batch WHERE source = '" + name + "'")).containsExactly("APPLIED");
            }
            assertThat(strings(store, "SELECT status FROM batch WHERE source = 'transfers-broken.xml'"))
                    .containsExactly("REJECTED");
            assertThat(strings(store, "SELECT COUNT(*) FROM batch WHERE status = 'DUPLICATE'")).containsExactly("0");

            for (var feed : others.entrySet()) {
                for (String name : feed.getValue().keySet()) {
                    assertThat(strings(store, "SELECT status FROM batch WHERE source = '" + name + "'")).as(name)
                            .containsExactly("APPLIED");
                }
            }

            // every indicator of 2022 to 2024 equals the truth computed from the files and the pulled samples
            Map<String, BigDecimal> expected = new TreeMap<>(truth.expectedTaxCells(2022, 2024));
            expected.putAll(otherTruth.expected(2022, 2024));
            TaxTruth.assertPublishedEqual(expected, TaxTruth.published(store, TaxTruth.CODES + ", " + OtherFeedsTruth.CODES, 2022, 2024));
        }

        // and every indicator of every period (the samples' years and those up to today too), area and
        // industry equals what a hub given the same deliveries and pull, and never interrupted, publishes
        Map<String, BigDecimal> interrupted = indicators(hsqldb(dataDir));
        Map<String, BigDecimal> uninterrupted = indicators(hsqldb(uninterruptedRun()));
        assertThat(interrupted.keySet().stream().map(k -> k.substring(0, k.indexOf('|'))).distinct())
                .as("indicators published").hasSize(17);
        List<String> differences = new ArrayList<>();
        for (String k : new java.util.TreeSet<>(java.util.stream.Stream.concat(interrupted.keySet().stream(),
                uninterrupted.keySet().stream()).toList())) {
            if (!java.util.Objects.equals(interrupted.get(k), uninterrupted.get(k))) {
                differences.add(k + ": " + interrupted.get(k) + " after the faults, " + uninterrupted.get(k) + " without");
            }
        }
        assertThat(differences).as("values that differ from the uninterrupted hub's (of " + interrupted.size() + ")").isEmpty();

        // every file is in archive/ or (the broken one) rejected/, once, unchanged; inbound is empty
        for (var d : delivered.entrySet()) {
            String feed = d.getKey().substring(0, d.getKey().indexOf('/'));
            String name = d.getKey().substring(feed.length() + 1);
            Path where = dataDir.resolve(name.equals("transfers-broken.xml") ? "rejected" : "archive").resolve(feed);
            assertThat(sha256(where.resolve(name))).as(d.getKey()).isEqualTo(d.getValue());
            int dot = name.lastIndexOf('.');
            java.util.regex.Pattern copy = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(name.substring(0, dot))
                    + "\\.\\d+" + java.util.regex.Pattern.quote(name.substring(dot)));
            try (var siblings = Files.list(where)) {
                assertThat(siblings.map(p -> p.getFileName().toString()).filter(n -> copy.matcher(n).matches()))
                        .as("no second copy of " + name).isEmpty();
            }
        }
        for (String feed : List.of("tax", "university", "cas", "street")) {
            try (var left = Files.list(dataDir.resolve("inbound").resolve(feed))) {
                assertThat(left.toList()).as("inbound/" + feed).isEmpty();
            }
        }
    }

    /**
     * Writes a GBK tax export with its rows in order; {@code corrections} of them are repeated later in
     * the file with a new amount (the later row wins) and {@code bad} rows carry a broken credit code.
     */
    private Path deliverTax(String name, List<TaxTruth.TaxRow> rows, double corrections, double bad) throws Exception {
        List<TaxTruth.TaxRow> repeated = new ArrayList<>();
        java.io.ByteArrayOutputStream export = new java.io.ByteArrayOutputStream();
        try (BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(export, TaxTruth.GBK))) {
            w.write(TaxTruth.HEADER);
            for (TaxTruth.TaxRow r : rows) {
                truth.write(w, r);
                if (random.nextDouble() < corrections) {
                    repeated.add(r.corrected(12_345, 7));
                }
                if (random.nextDouble() < bad) {
                    w.write("91420106XXXXXXXXXI,坏行,202201,I6513,420106013,1.00,0,0,N\r\n");
                }
            }
            for (TaxTruth.TaxRow r : repeated) {
                truth.write(w, r);
            }
        }
        return deliver("tax", name, export.toByteArray());
    }

    /** Written beside inbound, given its modification time in delivery order, copied, then moved in. */
    private Path deliver(String feed, String name, byte[] content) throws Exception {
        Files.createDirectories(dataDir);
        Path tmp = Files.createTempFile(dataDir, "upload", ".tmp");
        Files.write(tmp, content);
        clock = clock.plusSeconds(1);
        Files.setLastModifiedTime(tmp, FileTime.from(clock));
        delivered.put(feed + "/" + name, sha256(tmp));
        keepACopy(tmp, feed, name);
        Path inbound = dataDir.resolve("inbound").resolve(feed);
        Files.createDirectories(inbound);
        return Files.move(tmp, inbound.resolve(name));
    }

    private void keepACopy(Path file, String feed, String name) throws Exception {
        Path copy = deliveries.resolve(feed).resolve(name);
        Files.createDirectories(copy.getParent());
        Files.copy(file, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    }

    /**
     * A second hub on a store of its own, given every file delivered (their order of modification kept)
     * and the same university pull, never interrupted; returns its data folder once it has stopped.
     */
    private Path uninterruptedRun() throws Exception {
        Path clean = root.resolve("uninterrupted");
        try (HubProcess hub = new HubProcess(clean).start()) {
            for (String feed : List.of("tax", "university", "cas", "street")) {
                Path inbound = clean.resolve("inbound").resolve(feed);
                Files.createDirectories(inbound);
                try (var files = Files.list(deliveries.resolve(feed))) {
                    for (Path f : files.toList()) {
                        Path tmp = clean.resolve(f.getFileName() + ".tmp");
                        Files.copy(f, tmp, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                        Files.move(tmp, inbound.resolve(f.getFileName()));
                    }
                }
            }
            awaitAllFilesTaken(hub);
            assertThat(hub.send("POST", "/api/feeds/university/sync").statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                    .until(() -> !hub.json("/api/feeds/university").get("syncRunning").asBoolean());
            assertThat(hub.terminate()).isLessThan(Duration.ofSeconds(60));
        }
        return clean;
    }

    /** The statuses of a file's batches, read from the store of the hub that has stopped. */
    private List<String> statusesAfterTheStop(String source) throws Exception {
        try (Connection store = hsqldb(dataDir)) {
            return strings(store, "SELECT status FROM batch WHERE source = '" + source + "' ORDER BY id");
        }
    }

    private static Connection hsqldb(Path data) throws Exception {
        return DriverManager.getConnection("jdbc:hsqldb:file:" + data.resolve("store/hub")
                + ";ifexists=true;hsqldb.tx=mvcc;shutdown=true", "SA", "");
    }

    /** Every published value, code|period|area|industry -> value (none and 0 left out, scale ignored). */
    private static Map<String, BigDecimal> indicators(Connection store) throws Exception {
        try (store) {
            return TaxTruth.published(store, "TRUE");
        }
    }

    /** Waits until the hub is applying that file in that phase (and has read at least so many records). */
    private static void awaitRunning(HubProcess hub, String source, String phase, int atLeast) {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(25)).until(() -> {
            for (JsonNode r : hub.json("/api/batches/running")) {
                if (r.get("source").asText().equals(source) && r.get("phase").asText().equals(phase)
                        && r.get("recordsSoFar").asInt() >= atLeast) {
                    return true;
                }
            }
            return false;
        });
    }

    private void awaitAllFilesTaken(HubProcess hub) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (String feed : List.of("tax", "university", "cas", "street")) {
                try (var left = Files.list(hub.dataDir.resolve("inbound").resolve(feed))) {
                    if (left.findAny().isPresent()) {
                        return false;
                    }
                }
            }
            return hub.json("/api/batches/running").isEmpty();
        });
    }

    private static JsonNode batchesOf(HubProcess hub, String feed, String source) throws Exception {
        List<JsonNode> mine = new ArrayList<>();
        for (JsonNode b : hub.json("/api/batches?feed=" + feed + "&limit=500")) {
            if (b.get("source").asText().equals(source)) {
                mine.add(0, b); // the API lists newest first; this is oldest first
            }
        }
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(mine);
    }

    private static BigDecimal value(HubProcess hub, String code, String period, String area) throws Exception {
        return hub.json("/api/indicators/" + code + "/values?period=" + period + "&area=" + area).get("values").get(0)
                .get("value").decimalValue();
    }

    private static List<String> strings(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
