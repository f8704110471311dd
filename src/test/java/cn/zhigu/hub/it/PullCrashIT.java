package cn.zhigu.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub killed with SIGKILL in the middle of a paged university sync, restarted on the same store,
 * ends with exactly the records it should have: nothing lost, nothing counted twice.
 */
class PullCrashIT {

    @TempDir
    Path dataDir;

    /** Arguments that choose the hub's store: none, the embedded HSQLDB under the data folder. */
    String[] storeArgs() {
        return new String[0];
    }

    /** The store both hubs used is where it should be: here the HSQLDB files under the data folder. */
    void assertStoreWhereExpected() {
        assertThat(Files.exists(dataDir.resolve("store"))).isTrue();
    }

    @Test
    void killedMidSyncAndRestartedEndsWithExactlyTheRightRecords() throws Exception {
        // one contract per page, and a slow agency, so the kill lands between page commits
        String[] slow = java.util.stream.Stream.concat(java.util.stream.Stream.of("--hub.feeds.university.page-size=1",
                "--hub.demo.response-delay=300"), java.util.Arrays.stream(storeArgs())).toArray(String[]::new);
        try (HubProcess hub = new HubProcess(dataDir, slow).start()) {
            assertThat(hub.send("POST", "/api/feeds/university/sync").statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonNode batches = hub.json("/api/batches?feed=university");
                return batches.size() > 0 && batches.get(0).get("status").asText().equals("RUNNING")
                        && batches.get(0).get("recordsRead").asInt() >= 3;
            });
            hub.kill();
        }
        try (HubProcess hub = new HubProcess(dataDir, slow).start()) {
            JsonNode interrupted = hub.json("/api/batches?feed=university").get(0);
            assertThat(interrupted.get("status").asText()).isEqualTo("FAILED");
            assertThat(interrupted.get("reason").asText()).contains("stopped");
            int keptBeforeKill = interrupted.get("accepted").asInt();
            assertThat(keptBeforeKill).as("the pages committed before the kill stay applied").isGreaterThanOrEqualTo(3);

            assertThat(hub.send("POST", "/api/feeds/university/sync").statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
                JsonNode batches = hub.json("/api/batches?feed=university");
                long done = StreamSupport.stream(batches.spliterator(), false)
                        .filter(b -> !b.get("status").asText().equals("RUNNING") && b.get("id").asLong() > interrupted.get("id").asLong())
                        .count();
                return done == 2 && !hub.json("/api/feeds/university").get("syncRunning").asBoolean();
            });
            // sample-feeds/EXPECTED.md 4.2: ten university contracts in force, 8,863,000.00 元 in 2021-Q1
            JsonNode count = hub.json("/api/indicators/TT_CONTRACTS/values?period=2021-Q1&area=ALL").get("values").get(0);
            JsonNode amount = hub.json("/api/indicators/TT_AMOUNT/values?period=2021-Q1&area=ALL").get("values").get(0);
            assertThat(count.get("value").asInt()).isEqualTo(10);
            assertThat(amount.get("value").decimalValue()).isEqualByComparingTo("8863000");
            // EXPECTED.md 4.3: the seven accepted investments, 12,000,000.00 元 by the end of 2020
            JsonNode fund = hub.json("/api/indicators/FUND_AMOUNT/values?period=2020&area=ALL").get("values").get(0);
            assertThat(fund.get("value").decimalValue()).isEqualByComparingTo("12000000");
        }
        assertStoreWhereExpected();
    }
}
