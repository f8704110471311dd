package cn.zhigu.hub.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import cn.zhigu.hub.HubTestSupport;
import cn.zhigu.hub.demo.DemoExchangeDatabase;
import cn.zhigu.hub.demo.DemoFaults;
import cn.zhigu.hub.demo.DemoFaults.Service;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Pulls against the demo stand-ins over real HTTP on 127.0.0.1 and a separate exchange database:
 * paging, cursors, faults, retries, the circuit breaker, and the ops API that starts and shows them.
 */
@TestPropertySource(properties = {"hub.demo.enabled=true", "hub.feeds.university.page-size=3",
    "hub.feeds.tax.page-size=25", "hub.demo.exchange-url=jdbc:hsqldb:mem:tax-exchange-pulls",
    "hub.feeds.cas.circuit-open-for=1h"})
@DirtiesContext
class PullsTest extends HubTestSupport {

    @LocalServerPort
    int port;
    @Autowired
    Pulls pulls;
    @Autowired
    DemoFaults faults;
    @Autowired
    DemoExchangeDatabase exchange;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void noFaultsLeft() {
        faults.reset();
    }

    HttpResponse<String> ops(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("ops:" + OPS_PASSWORD)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }

    @Test
    void universitySyncPagesThroughEverythingAndResumesFromItsCursor() throws Exception {
        assertThat(ops("POST", "/api/feeds/university/sync").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) FROM batch WHERE feed = 'university'"
                + " AND status <> 'RUNNING'") == 2);
        Map<String, Object> contracts = jdbc.queryForMap("SELECT * FROM batch WHERE dataset = 'university-contracts'");
        assertThat(contracts.get("TRANSPORT")).isEqualTo("HTTP");
        assertThat(contracts.get("STATUS")).isEqualTo("PARTIAL");
        // 14 items served over 5 pages of 3: 12 contracts + the newer correction + the stale one; one bad kind
        assertThat(contracts.get("RECORDS_READ")).isEqualTo(14);
        assertThat(contracts.get("RECORDS_REJECTED")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM tt_contract WHERE source = 'WHU'")).isEqualTo(11);
        // the newer correction of WHU-TT-2021-010 won, whatever order the pages brought them in
        String cursor = jdbc.queryForObject("SELECT position FROM feed_cursor WHERE dataset = 'university-contracts'",
                String.class);
        assertThat(cursor).isEqualTo(jdbc.queryForObject("SELECT MAX(updated_at) FROM tt_contract WHERE source = 'WHU'",
                java.time.OffsetDateTime.class).toInstant().toString());
        BigDecimal amountBefore = indicator("TT_AMOUNT", "2021-Q1", "ALL", "ALL");

        pulls.syncNow("university");
        Map<String, Object> again = jdbc.queryForMap("SELECT * FROM batch WHERE dataset = 'university-contracts'"
                + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY");
        assertThat((Integer) again.get("RECORDS_READ")).as("only the records at the cursor come again").isLessThan(3);
        assertThat(indicator("TT_AMOUNT", "2021-Q1", "ALL", "ALL")).isEqualByComparingTo(amountBefore);

        JsonNode feeds = json.readTree(ops("GET", "/api/feeds").body());
        JsonNode university = feeds.get(0);
        assertThat(university.get("feed").asText()).isEqualTo("university");
        assertThat(university.get("freshness").asText()).isEqualTo("OK");
        assertThat(university.get("cursors").get("university-contracts").get("position").asText()).isEqualTo(cursor);
        assertThat(university.get("circuit").asText()).isEqualTo("CLOSED");
        assertThat(university.get("routes").toString()).contains("university-pull").contains("Started");
        assertThat(feeds.get(3).get("feed").asText()).isEqualTo("street");
        assertThat(feeds.get(3).get("freshness").asText()).isEqualTo("STALE");
    }

    @Test
    void transientFailuresAreRetriedAndRefusedCredentialsAreNot() {
        faults.failNext(Service.UNIVERSITY, 2, 503);
        List<IngestService.Outcome> outcomes = pulls.syncNow("university");
        assertThat(outcomes).extracting(IngestService.Outcome::status).doesNotContain(cn.zhigu.hub.store.BatchLedger.Status.FAILED);
        assertThat(count("SELECT COUNT(*) FROM tt_contract")).isEqualTo(11);

        faults.reset();
        faults.failNext(Service.UNIVERSITY, 5, 401);
        int before = faults.calls(Service.UNIVERSITY);
        assertThatThrownBy(() -> pulls.syncNow("university")).isInstanceOf(PullFailure.class)
                .hasMessageContaining("401").hasMessageContaining("credentials");
        assertThat(faults.calls(Service.UNIVERSITY) - before).as("no retry for 401").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT reason FROM batch WHERE feed = 'university' ORDER BY id DESC"
                + " FETCH FIRST 1 ROWS ONLY", String.class)).contains("401");
    }

    @Test
    void anAgencyTooSlowToAnswerTimesOutAndIsRetried() {
        faults.delayNext(Service.CAS, 1, 4_000);  // past the 3 s read timeout of the tests
        long started = System.nanoTime();
        IngestService.Outcome outcome = pulls.syncNow("cas").get(0);
        assertThat(outcome.status()).isEqualTo(cn.zhigu.hub.store.BatchLedger.Status.PARTIAL);
        assertThat(faults.calls(Service.CAS)).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aMalformedPayloadFailsItsBatchAppliesNothingAndKeepsTheCursor() {
        faults.malformedNext(Service.CAS, 1);
        assertThatThrownBy(() -> pulls.syncNow("cas")).isInstanceOf(PullFailure.class).hasMessageContaining("malformed");
        Map<String, Object> batch = jdbc.queryForMap("SELECT * FROM batch WHERE feed = 'cas'");
        assertThat(batch.get("STATUS")).isEqualTo("FAILED");
        assertThat(count("SELECT COUNT(*) FROM tt_contract")).isZero();
        assertThat(count("SELECT COUNT(*) FROM feed_cursor")).isZero();

        pulls.syncNow("cas");
        assertThat(count("SELECT COUNT(*) FROM tt_contract WHERE source = 'CAS'")).isEqualTo(8);
        assertThat(jdbc.queryForObject("SELECT status FROM batch WHERE feed = 'cas' ORDER BY id DESC FETCH FIRST 1 ROWS ONLY",
                String.class)).isEqualTo("PARTIAL");
    }

    @Test
    void aDeadAgencyOpensItsCircuitAndIsNotCalledWhileOpen() {
        faults.failNext(Service.CAS, 100, 503);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> pulls.syncNow("cas")).isInstanceOf(PullFailure.class);
        }
        assertThat(pulls.breaker("cas").getState().name()).isEqualTo("OPEN");
        int calls = faults.calls(Service.CAS);
        assertThatThrownBy(() -> pulls.syncNow("cas")).hasMessageContaining("circuit open");
        assertThat(faults.calls(Service.CAS)).isEqualTo(calls);
        assertThat(jdbc.queryForObject("SELECT reason FROM batch WHERE feed = 'cas' ORDER BY id DESC FETCH FIRST 1 ROWS ONLY",
                String.class)).contains("circuit open");
        pulls.breaker("cas").reset();
    }

    @Test
    void taxPullReadsInChunksAndRowsSharingTheWatermarkAreNeitherSkippedNorDoubled() {
        int exchangeRows = exchange.rowCount();
        pulls.syncNow("tax");
        Map<String, Object> batch = jdbc.queryForMap("SELECT * FROM batch WHERE feed = 'tax'");
        assertThat(batch.get("TRANSPORT")).isEqualTo("JDBC");
        assertThat(batch.get("RECORDS_READ")).isEqualTo(exchangeRows);
        int applied = count("SELECT COUNT(*) FROM tax_return");
        assertThat(applied).isEqualTo(exchangeRows - (Integer) batch.get("RECORDS_REJECTED"));

        // three corrections at the bureau that share one time stamp, around a chunk boundary
        LocalDateTime at = exchange.nextUpdatedAt();
        List<Map<String, Object>> some = exchange.jdbc().queryForList("SELECT * FROM TAX_ENTERPRISE_MONTHLY"
                + " WHERE STREET_CODE = '420106013' ORDER BY CREDIT_CODE, PERIOD FETCH FIRST 3 ROWS ONLY");
        for (Map<String, Object> r : some) {
            exchange.insertOrUpdate(new DemoExchangeDatabase.Row((String) r.get("CREDIT_CODE"),
                    (String) r.get("TAXPAYER_NAME"), (String) r.get("PERIOD"), (String) r.get("INDUSTRY_CODE"),
                    "420106013", new BigDecimal("1000.00"), BigDecimal.ZERO, BigDecimal.ZERO, "N", at));
        }
        pulls.syncNow("tax");
        Map<String, Object> second = jdbc.queryForMap("SELECT * FROM batch WHERE feed = 'tax' ORDER BY id DESC FETCH FIRST 1 ROWS ONLY");
        assertThat(second.get("RECORDS_READ")).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM tax_return")).isEqualTo(applied);
        assertThat(count("SELECT COUNT(*) FROM tax_return WHERE revenue = 1000.00 AND street_code = '420106013'")).isEqualTo(3);
        pulls.syncNow("tax");
        assertThat(jdbc.queryForObject("SELECT records_read FROM batch WHERE feed = 'tax' ORDER BY id DESC FETCH FIRST 1 ROWS ONLY",
                Integer.class)).as("nothing applied twice").isZero();
    }

    @Test
    void twoPullsOfOneFeedNeverRunAtOnce() throws Exception {
        faults.delayNext(Service.CAS, 1, 1_500);
        assertThat(ops("POST", "/api/feeds/cas/sync").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(5)).until(() -> pulls.isRunning("cas"));
        HttpResponse<String> second = ops("POST", "/api/feeds/cas/sync");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(json.readTree(second.body()).get("message").asText()).contains("already running");
        assertThat(pulls.syncNow("cas")).as("the scheduled route skips too").isNull();
        await().atMost(Duration.ofSeconds(20)).until(() -> !pulls.isRunning("cas"));
        assertThat(count("SELECT COUNT(*) FROM batch WHERE feed = 'cas'")).isEqualTo(1);
    }

    @Test
    void syncOfAFeedWithoutAPullOrAnUnknownFeedIsRefusedClearly() throws Exception {
        assertThat(ops("POST", "/api/feeds/street/sync").statusCode()).isEqualTo(400);
        assertThat(ops("POST", "/api/feeds/weather/sync").statusCode()).isEqualTo(404);
    }
}
