package cn.zhigu.hub.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * What can happen to a file in an inbound folder besides its content: hostile names, links, a file
 * deleted, grown or cut while the hub reads it, and an archive folder that cannot take it (disk full).
 */
@ExtendWith(OutputCaptureExtension.class)
class InboundFileFaultsTest extends BadInputSupport {

    int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }

    List<String> statuses(String source) {
        return jdbc.queryForList("SELECT status FROM batch WHERE source = ? ORDER BY id", String.class, source);
    }

    @Test
    void oddFileNamesAreTakenAndMovedUnderANameThatStillIdentifiesThem() throws Exception {
        String dots = "contracts..2021..json";
        String spaced = "contracts 2021 第一季度 武汉大学.json";
        String longGood = "contracts-" + "长".repeat(80) + ".json";      // 255 bytes, the file system's limit
        String longBad = "contracts-" + "坏".repeat(80) + ".json";
        assertThat(longGood.getBytes(StandardCharsets.UTF_8)).hasSize(255);
        String hidden = "..contracts.json";
        dropNow("university", hidden, good("university", 9).getValue());
        int n = 1;
        for (String name : List.of(dots, spaced, longGood)) {
            dropNow("university", name, good("university", n++).getValue());
            Map<String, Object> batch = awaitBatch("university", name);
            assertThat(batch.get("STATUS")).as(name).isEqualTo("APPLIED");
            assertThat(apiBatch(batch.get("ID")).get("source").asText()).isEqualTo(name);
        }
        assertThat(archived("university", dots)).exists();
        assertThat(archived("university", spaced)).exists();
        String shortened = InboundFiles.fit(longGood, 255 - 15);
        assertThat(shortened).startsWith("contracts-长长长").endsWith("….json");
        assertThat(shortened.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(240);
        assertThat(archived("university", shortened)).hasBinaryContent(good("university", 3).getValue());

        byte[] broken = "{\"items\": [".getBytes(StandardCharsets.UTF_8);
        dropNow("university", longBad, broken);
        Map<String, Object> rejectedBatch = awaitBatch("university", longBad);
        assertThat(rejectedBatch.get("STATUS")).isEqualTo("REJECTED");
        String rejectedName = InboundFiles.fit(longBad, 240);
        assertThat(rejected("university", rejectedName)).hasBinaryContent(broken);
        assertThat(Files.readString(rejected("university", rejectedName + ".reason.txt")))
                .contains("file: " + longBad).contains("batch: " + rejectedBatch.get("ID"));
        // the same long name again: numbered, still within the limit, beside its own reason file
        dropNow("university", longBad, "{\"items\": [1".getBytes(StandardCharsets.UTF_8));
        awaitBatch("university", longBad);
        assertThat(rejected("university", rejectedName.replace("….json", "….1.json") + ".reason.txt")).exists();

        assertThat(DATA_DIR.resolve("inbound/university").resolve(hidden)).as("a dot file is never taken").exists();
        assertThat(count("SELECT COUNT(*) FROM batch WHERE source = ?", hidden)).isZero();
        Files.delete(DATA_DIR.resolve("inbound/university").resolve(hidden));
        hubStillServes();
    }

    @Test
    void aSymbolicLinkIsRefusedUnreadAndAHardLinkIsAnOrdinaryFile() throws Exception {
        Path outside = Files.createTempDirectory("hub-outside");
        try {
            byte[] content = good("tax", 1).getValue();
            Path target = Files.write(outside.resolve("tax-secret.csv"), content);
            Path inbound = Files.createDirectories(DATA_DIR.resolve("inbound/tax"));
            Path tmpLink = Files.createSymbolicLink(DATA_DIR.resolve("link.tmp"), target);
            Files.move(tmpLink, inbound.resolve("linked.csv"));
            Map<String, Object> batch = awaitBatch("tax", "linked.csv");
            assertThat(batch.get("STATUS")).isEqualTo("REJECTED");
            assertThat((String) batch.get("REASON")).contains("symbolic link", "never follows");
            assertThat(batch.get("CONTENT_HASH")).isNull();
            assertThat(Files.isSymbolicLink(rejected("tax", "linked.csv"))).as("the link moved, not its target").isTrue();
            assertThat(Files.readString(rejected("tax", "linked.csv.reason.txt"))).contains("symbolic link");
            assertThat(target).hasBinaryContent(content);
            assertThat(count("SELECT COUNT(*) FROM tax_return")).isZero();

            Files.createLink(inbound.resolve("hard.csv"), target);
            assertThat(awaitBatch("tax", "hard.csv").get("STATUS")).isEqualTo("APPLIED");
            assertThat(archived("tax", "hard.csv")).hasBinaryContent(content);
            assertThat(target).as("the other name of a hard link keeps its content").hasBinaryContent(content);
            assertThat(count("SELECT COUNT(*) FROM tax_return")).isEqualTo(1);
        } finally {
            try (Stream<Path> files = Files.list(outside)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.delete(outside);
        }
    }

    static final int ROWS = 40_000;

    /** A large tax file (ROWS rows, one enterprise-month each), written straight into a hidden name. */
    Path largeTaxFile(String name) throws IOException {
        Path inbound = Files.createDirectories(DATA_DIR.resolve("inbound/tax"));
        Path hiddenName = inbound.resolve("." + name);
        try (BufferedWriter w = Files.newBufferedWriter(hiddenName, StandardCharsets.UTF_8)) {
            w.write(TAX_HEADER);
            for (int i = 0; i < ROWS; i++) {
                w.write(row(i));
            }
        }
        Files.setLastModifiedTime(hiddenName, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(10)));
        return Files.move(hiddenName, inbound.resolve(name));
    }

    static String row(int i) {
        return enterprise(i / 12 + 1000) + ",甲公司,2020" + String.format("%02d", i % 12 + 1) + ",I6513,珞珈山,"
                + (100 + i % 7) + ",1,0,N\n";
    }

    /** Waits until the API shows the file's batch running with some records read. */
    void awaitReadInProgress(String name) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            JsonNode running = json.readTree(get("/api/batches/running", true).body());
            for (JsonNode r : running) {
                if (r.get("source").asText().equals(name) && r.get("recordsSoFar").asInt() > 1000) {
                    return true;
                }
            }
            return false;
        });
    }

    Map<String, Object> awaitStatus(String name, String status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> statuses(name).contains(status));
        return jdbc.queryForMap("SELECT * FROM batch WHERE source = ? AND status = ?", name, status);
    }

    @Test
    void aFileGrownWhileReadIsRolledBackAndTakenAgainWhole() throws Exception {
        Path file = largeTaxFile("growing.csv");
        awaitReadInProgress("growing.csv");
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            out.write((row(ROWS) + row(ROWS + 1)).getBytes(StandardCharsets.UTF_8));
        }
        Map<String, Object> failed = awaitStatus("growing.csv", "FAILED");
        assertThat((String) failed.get("REASON")).contains("changed while it was being read", "nothing of it was applied",
                "taken again");
        Map<String, Object> applied = awaitStatus("growing.csv", "APPLIED");
        assertThat(applied.get("RECORDS_READ")).isEqualTo(ROWS + 2);
        assertThat(statuses("growing.csv")).containsExactly("FAILED", "APPLIED");
        assertThat(count("SELECT COUNT(*) FROM tax_return")).isEqualTo(ROWS + 2);
        assertThat(count("SELECT COUNT(*) FROM delivery_seen")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(archived("tax", "growing.csv")));
    }

    @Test
    void aFileCutWhileReadIsRolledBackAndTakenAgainAsItNowIs() throws Exception {
        Path file = largeTaxFile("shrinking.csv");
        long keep = (TAX_HEADER + row(0)).getBytes(StandardCharsets.UTF_8).length
                + (long) (ROWS / 2 - 1) * row(0).getBytes(StandardCharsets.UTF_8).length;
        awaitReadInProgress("shrinking.csv");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(keep);  // at a line boundary: every row has the same length
        }
        Map<String, Object> failed = awaitStatus("shrinking.csv", "FAILED");
        assertThat((String) failed.get("REASON")).contains("changed while it was being read");
        Map<String, Object> applied = awaitStatus("shrinking.csv", "APPLIED");
        assertThat(applied.get("RECORDS_READ")).isEqualTo(ROWS / 2);
        assertThat(statuses("shrinking.csv")).containsExactly("FAILED", "APPLIED");
        assertThat(count("SELECT COUNT(*) FROM tax_return")).isEqualTo(ROWS / 2);
    }

    @Test
    void aFileDeletedWhileReadAppliesNothingAndTheHubGoesOn() throws Exception {
        applyGood("tax", 1);
        List<String> before = storeSnapshot();
        Path file = largeTaxFile("vanishing.csv");
        awaitReadInProgress("vanishing.csv");
        Files.delete(file);
        Map<String, Object> failed = awaitStatus("vanishing.csv", "FAILED");
        assertThat((String) failed.get("REASON")).contains("deleted", "while it was being read", "nothing of it was applied");
        assertThat(apiBatch(failed.get("ID")).get("status").asText()).isEqualTo("FAILED");
        assertThat(storeSnapshot()).isEqualTo(before);
        hubStillServes();
        applyGood("tax", 2);
        assertThat(statuses("vanishing.csv")).containsExactly("FAILED");
    }

    @Test
    void anArchiveThatFailsDuringTheBatchLeavesTheFileInInboundAppliedOnceUntilItCanBeMoved(CapturedOutput log)
            throws Exception {
        Path archive = DATA_DIR.resolve("archive/tax");
        try {
            Path file = largeTaxFile("archive-fails.csv");
            awaitReadInProgress("archive-fails.csv");
            // the archive fails while the batch is applied (simulated: its folder becomes a file)
            Files.deleteIfExists(archive);
            Files.writeString(archive, "not a folder: the archive cannot take files, as on a full disk");
            Map<String, Object> applied = awaitStatus("archive-fails.csv", "APPLIED");
            await().atMost(Duration.ofSeconds(30)).until(() -> log.getOut().contains(
                    "tax file archive-fails.csv is not taken: " + archive + " cannot take files"));
            assertThat(log.getOut()).contains("tax file archive-fails.csv: batch " + applied.get("ID")
                    + " is APPLIED, but the file cannot be moved to " + archive);
            assertThat(file).as("nothing lost: the file waits in inbound").exists();
            assertThat(statuses("archive-fails.csv")).as("no ledger entry while it waits").containsExactly("APPLIED");
            hubStillServes();

            Files.delete(archive);  // space again
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(archived("tax", "archive-fails.csv")));
            assertThat(statuses("archive-fails.csv")).containsExactly("APPLIED", "DUPLICATE");
            assertThat(file).doesNotExist();
            assertThat(count("SELECT COUNT(*) FROM tax_return")).isEqualTo(ROWS);
            assertThat(count("SELECT MAX(revision) FROM indicator_revision")).as("applied once: one revision").isEqualTo(1);
        } finally {
            if (Files.isRegularFile(archive)) {
                Files.delete(archive);
            }
        }
    }

    @Test
    void aFileIsNotTakenWhileItsRejectedFolderCannotTakeFiles(CapturedOutput log) throws Exception {
        Path rejectedDir = DATA_DIR.resolve("rejected/cas");
        Files.createDirectories(rejectedDir.getParent());
        Files.deleteIfExists(rejectedDir);
        Files.writeString(rejectedDir, "not a folder");
        try {
            Path file = dropNow("cas", "waits.xml", good("cas", 1).getValue());
            await().atMost(Duration.ofSeconds(30)).until(() -> log.getOut().contains(
                    "cas file waits.xml is not taken: " + rejectedDir + " cannot take files"));
            assertThat(file).exists();
            assertThat(count("SELECT COUNT(*) FROM batch")).isZero();
            Files.delete(rejectedDir);
            assertThat(awaitBatch("cas", "waits.xml").get("STATUS")).isEqualTo("APPLIED");
        } finally {
            if (Files.isRegularFile(rejectedDir)) {
                Files.delete(rejectedDir);
            }
        }
    }

    /** Mounts a tmpfs of that many KiB on the folder (root only); false when this machine does not let us. */
    static boolean mountTmpfs(Path dir, int kib) throws Exception {
        Files.createDirectories(dir);
        try {
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + kib + "k", "tmpfs", dir.toString())
                    .redirectErrorStream(true).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    static void unmount(Path dir) throws Exception {
        new ProcessBuilder("umount", "-l", dir.toString()).redirectErrorStream(true).start().waitFor();
    }

    @Test
    void aDiskThatFillsUpDuringArchivingLeavesTheFileWholeInInboundAppliedOnceUntilThereIsRoom(CapturedOutput log)
            throws Exception {
        // archive/tax on a disk of its own, 8 MiB, as an archive on another volume: a move there is a copy
        Path archive = DATA_DIR.resolve("archive/tax");
        org.junit.jupiter.api.Assumptions.assumeTrue(mountTmpfs(archive, 8 * 1024),
                "skipped: mounting a small tmpfs needs root (the full disk is otherwise simulated above)");
        try {
            Path file = largeTaxFile("full-disk.csv");
            byte[] content = null;
            awaitReadInProgress("full-disk.csv");
            content = Files.readAllBytes(file);
            // the disk fills up while the batch is applied
            try (OutputStream out = Files.newOutputStream(archive.resolve("filler.bin"))) {
                byte[] block = new byte[64 * 1024];
                for (int i = 0; i < 1_000; i++) {
                    out.write(block);
                }
                throw new AssertionError("the 8 MiB disk took 64 MiB");
            } catch (IOException full) {
                assertThat(full.getMessage()).contains("No space left on device");
            }
            Map<String, Object> applied = awaitStatus("full-disk.csv", "APPLIED");
            await().atMost(Duration.ofSeconds(30)).until(() -> log.getOut().contains("tax file full-disk.csv: batch "
                    + applied.get("ID") + " is APPLIED, but the file cannot be moved to " + archive));
            // while the disk is full the file waits in inbound, whole, and is not taken again: no new batch;
            // the operator sees it waiting and why, and the log says it once, not at every poll
            String notTaken = "tax file full-disk.csv is not taken: " + archive + " cannot take files";
            await().atMost(Duration.ofSeconds(30)).until(() -> log.getOut().contains(notTaken));
            assertThat(log.getOut()).contains("bytes free, the file needs " + content.length);
            JsonNode waiting = json.readTree(get("/api/feeds/tax", true).body()).get("waiting");
            assertThat(waiting).hasSize(1);
            assertThat(waiting.get(0).get("file").asText()).isEqualTo("full-disk.csv");
            assertThat(waiting.get(0).get("reason").asText()).contains(notTaken).contains("bytes free");
            String since = waiting.get(0).get("since").asText();
            java.util.function.LongSupplier complaints = () -> log.getOut().lines()
                    .filter(l -> l.contains("full-disk.csv") && (l.contains(" WARN ") || l.contains(" ERROR "))).count();
            long once = complaints.getAsLong();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> complaints.getAsLong() == once);
            assertThat(log.getOut().lines().filter(l -> l.contains(notTaken))).hasSize(1);
            JsonNode later = json.readTree(get("/api/feeds/tax", true).body()).get("waiting").get(0);
            assertThat(later.get("since").asText()).as("waiting since the first try").isEqualTo(since);
            assertThat(later.get("lastTry").asText()).as("tried again at each poll").isNotEqualTo(since);
            assertThat(json.readTree(get("/actuator/health", true).body()).at("/components/feeds/components/tax/details/waitingFiles")
                    .asInt()).isEqualTo(1);
            assertThat(file).as("nothing lost: the file waits in inbound").hasBinaryContent(content);
            assertThat(statuses("full-disk.csv")).as("applied once, no batch while it waits").containsExactly("APPLIED");
            try (Stream<Path> there = Files.list(archive)) {
                assertThat(there.map(p -> p.getFileName().toString())).as("no part of a copy in the archive")
                        .containsExactly("filler.bin");
            }
            hubStillServes();

            Files.delete(archive.resolve("filler.bin"));  // room again
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(archived("tax", "full-disk.csv")));
            await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(file));
            assertThat(archived("tax", "full-disk.csv")).hasBinaryContent(content);
            assertThat(statuses("full-disk.csv")).containsExactly("APPLIED", "DUPLICATE");
            assertThat(json.readTree(get("/api/feeds/tax", true).body()).get("waiting")).isEmpty();
            assertThat(log.getOut()).contains("tax file full-disk.csv is taken after waiting since");
            assertThat(count("SELECT COUNT(*) FROM tax_return")).isEqualTo(ROWS);
            assertThat(count("SELECT MAX(revision) FROM indicator_revision")).as("applied once: one revision").isEqualTo(1);
        } finally {
            unmount(archive);
        }
    }
}
