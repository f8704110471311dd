package cn.zhigu.hub.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import cn.zhigu.hub.HubTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the bad-input tests share: a good delivery per feed, a snapshot of everything a batch can change,
 * and the checks of what a user notices when a file is refused (rejected/ with its reason file, the
 * ledger entry in the API, the hub still serving and taking the next good file, nothing earlier changed).
 */
abstract class BadInputSupport extends HubTestSupport {

    static final String TAX_HEADER = "统一社会信用代码,纳税人名称,所属期,行业代码,街道,营业收入,实缴税额,研发费用,高新技术企业\n";
    static final String STREET_HEADER = "统一社会信用代码,企业名称,街道,楼宇,面积,入驻日期,迁出日期,企业类型\n";

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();
    /** Good files dropped so far by this test (each distinct, so that none is a duplicate of another). */
    int goodFiles;

    /** An enterprise's credit code, distinct per n. */
    static String enterprise(int n) {
        return code(String.format("91420106MA4K%05d", n));
    }

    /** A good file of the feed, distinct per n (its own key): name and content. */
    static Map.Entry<String, byte[]> good(String feed, int n) {
        String content = switch (feed) {
            case "tax" -> TAX_HEADER + enterprise(n) + ",甲公司" + n + ",2020" + String.format("%02d", n % 12 + 1)
                    + ",I6513,珞珈山," + (1000 * n) + ",10,0,N\n";
            case "street" -> STREET_HEADER + enterprise(n) + ",乙公司" + n + ",珞珈山,A座," + (100 * n)
                    + "㎡,2020-01-0" + (n % 9 + 1) + ",,科技型\n";
            case "university" -> """
                    {"items": [{"contractNo": "WHU-GOOD-%d", "kind": "LICENSE", "licenseeCreditCode": "%s",
                      "amount": %d, "signedOn": "2021-01-15", "updatedAt": "2021-01-16T10:00:00+08:00"}]}
                    """.formatted(n, enterprise(n), n);
            case "cas" -> """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <transfers xmlns="urn:cas-whb:transfer:1">
                      <transfer id="WHB-GOOD-%d" institute="APM" updated="2020-07-01T10:00:00+08:00">
                        <partner creditCode="%s" name="丙公司"/>
                        <amount unit="yuan">%d.00</amount>
                        <signed>2020-06-30</signed>
                        <type>转让</type>
                        <status>active</status>
                      </transfer>
                    </transfers>
                    """.formatted(n, enterprise(n), 1000 * n);
            default -> throw new IllegalArgumentException(feed);
        };
        String name = switch (feed) {
            case "tax", "street" -> "good-" + n + ".csv";
            case "university" -> "contracts-good-" + n + ".json";
            default -> "good-" + n + ".xml";
        };
        return Map.entry(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Drops the good file n of the feed and waits until it is applied. */
    Map<String, Object> applyGood(String feed, int n) throws IOException {
        var g = good(feed, n);
        dropNow(feed, g.getKey(), g.getValue());
        Map<String, Object> batch = awaitBatch(feed, g.getKey());
        assertThat(batch.get("STATUS")).as("good file %s of %s", n, feed).isEqualTo("APPLIED");
        assertThat(archived(feed, g.getKey())).exists();
        return batch;
    }

    /**
     * Drops a file as complete at once: moved in with a modification time in the past, so that the read
     * lock (which waits for a file to stop changing) takes it at the first poll.
     */
    static Path dropNow(String feed, String name, byte[] content) throws IOException {
        Path inbound = DATA_DIR.resolve("inbound").resolve(feed);
        Files.createDirectories(inbound);
        Path tmp = Files.createTempFile(DATA_DIR, "upload", ".tmp");
        Files.write(tmp, content);
        Files.setLastModifiedTime(tmp, FileTime.from(Instant.now().minusSeconds(10)));
        return Files.move(tmp, inbound.resolve(name));
    }

    /** Everything a batch can change in the store: canonical rows, published values and their revisions. */
    List<String> storeSnapshot() {
        List<String> rows = new ArrayList<>();
        for (String sql : List.of(
                "SELECT credit_code, period_month, taxpayer_name, revenue, tax_paid, batch_id FROM tax_return",
                "SELECT credit_code, street_code, area_m2, settled_on, batch_id FROM settlement",
                "SELECT * FROM carrier",
                "SELECT source, contract_no, amount, batch_id FROM tt_contract",
                "SELECT * FROM fund_investment",
                "SELECT code, period, area, industry, val, revision FROM indicator_value",
                "SELECT COUNT(*) FROM indicator_revision",
                "SELECT feed, content_hash, batch_id FROM delivery_seen",
                "SELECT * FROM feed_cursor")) {
            jdbc.queryForList(sql).forEach(r -> rows.add(sql.substring(0, 20) + r));
        }
        rows.sort(null);
        return rows;
    }

    HttpResponse<String> get(String path, boolean asOps) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
            if (asOps) {
                b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("ops:" + OPS_PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)));
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The ledger entry of a batch as the API shows it. */
    JsonNode apiBatch(Object id) throws IOException {
        HttpResponse<String> res = get("/api/batches/" + id, true);
        assertThat(res.statusCode()).isEqualTo(200);
        return json.readTree(res.body());
    }

    /**
     * The hub is alive and answers its health check (UP, or DOWN for a stale feed: an answer either way);
     * each test then shows it still takes a good delivery.
     */
    void hubStillServes() throws IOException {
        HttpResponse<String> live = get("/actuator/health/liveness", false);
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(json.readTree(live.body()).get("status").asText()).isEqualTo("UP");
        HttpResponse<String> health = get("/actuator/health", false);
        assertThat(health.statusCode()).isIn(200, 503);
        assertThat(json.readTree(health.body()).get("status").asText()).isIn("UP", "DOWN");
    }

    /**
     * The whole check of a file refused whole: after a good earlier file of the feed, the bad one ends in
     * rejected/ with its bytes and a reason file, the ledger (table and API) says REJECTED with a reason
     * holding every one of {@code reasonParts}, nothing of the store changed, the hub still serves and a
     * good file dropped afterwards is applied.
     *
     * @return the bad file's batch
     */
    Map<String, Object> assertRejectedWhole(String feed, String name, byte[] content, String... reasonParts)
            throws IOException {
        applyGood(feed, ++goodFiles);
        List<String> before = storeSnapshot();

        dropNow(feed, name, content);
        Map<String, Object> batch = awaitBatch(feed, name);
        assertThat(batch.get("STATUS")).as("status of %s", name).isEqualTo("REJECTED");
        assertThat(batch.get("RECORDS_ACCEPTED")).isEqualTo(0);
        String reason = (String) batch.get("REASON");
        assertThat(reason).as("reason of %s", name).contains(reasonParts);
        JsonNode api = apiBatch(batch.get("ID"));
        assertThat(api.get("status").asText()).isEqualTo("REJECTED");
        assertThat(api.get("reason").asText()).isEqualTo(reason);
        assertThat(api.get("source").asText()).isEqualTo(name);
        assertThat(rejected(feed, name)).exists().hasBinaryContent(content);
        assertThat(Files.readString(rejected(feed, name + ".reason.txt"))).contains("batch: " + batch.get("ID"))
                .contains("status: REJECTED").contains(reason);

        assertThat(storeSnapshot()).as("nothing of the store changed").isEqualTo(before);
        hubStillServes();
        applyGood(feed, ++goodFiles);
        return batch;
    }
}
