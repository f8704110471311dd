package cn.zhigu.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.zhigu.hub.HubTestSupport;
import cn.zhigu.hub.demo.DemoFaults.Service;
import cn.zhigu.hub.feeds.RawRecord;
import cn.zhigu.hub.feeds.read.XmlTransferReader;
import cn.zhigu.hub.normalise.Booleans;
import cn.zhigu.hub.normalise.Dates;
import cn.zhigu.hub.normalise.InvalidValueException;
import cn.zhigu.hub.normalise.Money;
import cn.zhigu.hub.normalise.MoneyUnit;
import cn.zhigu.hub.normalise.Streets;
import cn.zhigu.hub.normalise.TextEncoding;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The demo stand-ins over real HTTP on 127.0.0.1, checked against the files in sample-feeds/. The
 * context is closed after the class, so that its second hub does not keep polling the shared test folders.
 */
@TestPropertySource(properties = "hub.demo.enabled=true")
@DirtiesContext
class DemoStandInsTest extends HubTestSupport {

    static final Path SAMPLES = Path.of("sample-feeds");
    static final String CONTRACTS = "/demo/university/api/v1/transfer-contracts";
    static final String INVESTMENTS = "/demo/university/api/v1/fund-investments";
    static final String CAS = "/demo/cas/feeds/transfers.xml";

    @LocalServerPort
    int port;
    @Autowired
    DemoCredentials credentials;
    @Autowired
    DemoFaults faults;
    @Autowired
    DemoEndpoints endpoints;
    @Autowired
    DemoExchangeDatabase exchange;
    @Autowired
    Streets streets;
    @Autowired
    ApplicationContext context;

    @TempDir
    Path tmp;

    final HttpClient http = HttpClient.newHttpClient();
    /** Numbers as BigDecimal, as the stand-in keeps them. */
    final ObjectMapper json = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    @BeforeEach
    @AfterEach
    void noFaults() {
        faults.reset();
    }

    // ---- university ----

    HttpResponse<String> university(String pathAndQuery, String authorization) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery));
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> university(String pathAndQuery) throws Exception {
        return university(pathAndQuery, "Bearer " + credentials.universityToken());
    }

    /** The items of every sample file with the prefix, read here with plain Jackson. */
    List<JsonNode> sampleItems(String prefix) throws IOException {
        List<JsonNode> items = new ArrayList<>();
        try (Stream<Path> files = Files.list(SAMPLES.resolve("university"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
                JsonNode doc = json.readTree(f.toFile());
                (doc.isArray() ? doc : doc.get("items")).forEach(items::add);
            }
        }
        return items;
    }

    static Instant updatedAt(JsonNode item) {
        return Dates.instant(item.get("updatedAt").asText());
    }

    @Test
    void contractsComePagedInUpdatedAtOrderEachItemExactlyOnce() throws Exception {
        List<JsonNode> expected = sampleItems("contracts");
        assertThat(expected).hasSize(14); // 12 + 2 corrections
        JsonNode first = json.readTree(university(CONTRACTS + "?size=2").body());
        int totalPages = first.get("totalPages").asInt();
        assertThat(totalPages).isEqualTo(7);

        List<JsonNode> served = new ArrayList<>();
        for (int page = 0; page < totalPages; page++) {
            HttpResponse<String> res = university(CONTRACTS + "?page=" + page + "&size=2");
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).contains("json"));
            JsonNode body = json.readTree(res.body());
            assertThat(body.get("page").asInt()).isEqualTo(page);
            assertThat(body.get("size").asInt()).isEqualTo(2);
            assertThat(body.get("totalPages").asInt()).isEqualTo(totalPages);
            assertThat(body.get("items")).hasSize(2);
            body.get("items").forEach(served::add);
        }
        assertThat(served).containsExactlyInAnyOrderElementsOf(expected); // the original JSON, each once
        for (int i = 1; i < served.size(); i++) {
            assertThat(updatedAt(served.get(i))).isAfterOrEqualTo(updatedAt(served.get(i - 1)));
        }
        JsonNode beyond = json.readTree(university(CONTRACTS + "?page=7&size=2").body());
        assertThat(beyond.get("items")).isEmpty();
    }

    @Test
    void updatedSinceIsInclusive() throws Exception {
        String since = "2021-03-18T17:05:00+08:00"; // exactly WHU-TT-2021-008's updatedAt
        Instant from = Dates.instant(since);
        List<JsonNode> expected = sampleItems("contracts").stream().filter(i -> !updatedAt(i).isBefore(from)).toList();
        assertThat(expected).hasSize(6);

        JsonNode body = json.readTree(university(CONTRACTS + "?updatedSince=" + URLEncoder.encode(since,
                StandardCharsets.UTF_8)).body());
        assertThat(body.get("totalPages").asInt()).isEqualTo(1);
        assertThat(body.get("size").asInt()).isEqualTo(100);
        List<JsonNode> items = new ArrayList<>();
        body.get("items").forEach(items::add);
        assertThat(items).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(items.get(0).get("contractNo").asText()).isEqualTo("WHU-TT-2021-008");
    }

    @Test
    void investmentsAreServedWithTheirNumbersAsDelivered() throws Exception {
        JsonNode body = json.readTree(university(INVESTMENTS).body());
        assertThat(body.get("page").asInt()).isZero();
        assertThat(body.get("totalPages").asInt()).isEqualTo(1);
        assertThat(body.get("items")).hasSize(8);
        assertThat(body.get("items").get(0).get("investmentId").asText()).isEqualTo("LJF-2018-002");
        assertThat(body.get("items").get(0).get("amount").decimalValue()).isEqualByComparingTo("0.025");
        assertThat(university(INVESTMENTS + "?updatedSince=2030-01-01T00:00:00Z").body())
                .contains("\"totalPages\":0").contains("\"items\":[]");
    }

    @Test
    void universityNeedsItsBearerToken() throws Exception {
        String hubUser = "Basic " + Base64.getEncoder().encodeToString(("ops:" + OPS_PASSWORD).getBytes(StandardCharsets.UTF_8));
        for (String auth : new String[] {null, "Bearer wrong-token", "Bearer ", hubUser}) {
            HttpResponse<String> res = university(CONTRACTS, auth);
            assertThat(res.statusCode()).as("Authorization %s", auth).isEqualTo(401);
            assertThat(res.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            JsonNode body = json.readTree(res.body());
            assertThat(body.get("status").asInt()).isEqualTo(401);
            assertThat(body.get("message").asText()).isNotBlank();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"size=0", "size=1001", "size=ten", "page=-1", "page=x", "updatedSince=yesterday",
            "updatedSince=2021-03-18T17:05:00+08:00"})
    void badParametersAre400WithAJsonMessage(String query) throws Exception {
        HttpResponse<String> res = university(CONTRACTS + "?" + query);
        assertThat(res.statusCode()).isEqualTo(400);
        JsonNode body = json.readTree(res.body());
        assertThat(body.get("status").asInt()).isEqualTo(400);
        assertThat(body.get("message").asText()).contains(query.substring(0, query.indexOf('=')));
    }

    // ---- CAS ----

    HttpResponse<String> cas(String query, String user, String password) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + CAS + query));
        if (user != null) {
            req.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> cas(String query) throws Exception {
        return cas(query, credentials.casUsername(), credentials.casPassword());
    }

    /** The served document, read back with the hub's own reader. */
    List<RawRecord> transfers(String body) throws IOException {
        Path file = Files.writeString(tmp.resolve("served-" + System.nanoTime() + ".xml"), body, StandardCharsets.UTF_8);
        List<RawRecord> records = new ArrayList<>();
        new XmlTransferReader().read(file, h -> { }, records::add);
        return records;
    }

    @Test
    void casServesEveryTransferOfTheFilesThatParseAsTheirOriginalText() throws Exception {
        HttpResponse<String> res = cas("");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValue("application/xml;charset=UTF-8");
        assertThat(res.body()).contains("<transfers xmlns=\"urn:cas-whb:transfer:1\" generated=\"");

        List<RawRecord> served = transfers(res.body());
        List<RawRecord> original = new ArrayList<>();
        new XmlTransferReader().read(SAMPLES.resolve("cas/transfers-2021.xml"), h -> { }, original::add);
        assertThat(served).hasSize(9); // 8 valid and WHB-2021-0007 of the unknown institute XYZ; the broken file is left out
        assertThat(served).extracting(RawRecord::rawText)
                .containsExactlyInAnyOrderElementsOf(original.stream().map(RawRecord::rawText).toList());
        assertThat(served).extracting(r -> r.get("id")).doesNotContain("WHB-2021-0009");
        for (int i = 1; i < served.size(); i++) {
            assertThat(Dates.instant(served.get(i).get("updated"))).isAfterOrEqualTo(Dates.instant(served.get(i - 1).get("updated")));
        }
    }

    @Test
    void casSinceIsInclusive() throws Exception {
        String since = "2021-03-23T09:30:00+08:00"; // exactly WHB-2021-0006's updated
        List<RawRecord> served = transfers(cas("?since=" + URLEncoder.encode(since, StandardCharsets.UTF_8)).body());
        assertThat(served).extracting(r -> r.get("id"))
                .containsExactly("WHB-2021-0006", "WHB-2021-0007", "WHB-2021-0005", "WHB-2021-0008");
        assertThat(transfers(cas("?since=2030-01-01T00:00:00Z").body())).isEmpty();
        assertThat(cas("?since=soon").statusCode()).isEqualTo(400);
    }

    @Test
    void casNeedsItsBasicUser() throws Exception {
        for (String[] login : new String[][] {{null, null}, {credentials.casUsername(), "wrong"},
                {"ops", OPS_PASSWORD}, {"wrong", credentials.casPassword()}}) {
            HttpResponse<String> res = cas("", login[0], login[1]);
            assertThat(res.statusCode()).as("user %s", login[0]).isEqualTo(401);
            assertThat(res.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
            assertThat(json.readTree(res.body()).get("status").asInt()).isEqualTo(401);
        }
    }

    // ---- faults ----

    @Test
    void faultsAnswerTheirStatusForTheNextCallsThenNormally() throws Exception {
        faults.failNext(Service.UNIVERSITY, 2, 503);
        faults.failNext(Service.CAS, 1, 503);
        assertThat(university(CONTRACTS).statusCode()).isEqualTo(503);
        assertThat(university(CONTRACTS).statusCode()).isEqualTo(503);
        assertThat(university(CONTRACTS).statusCode()).isEqualTo(200);
        assertThat(cas("").statusCode()).isEqualTo(503);
        assertThat(cas("").statusCode()).isEqualTo(200);
        assertThat(faults.calls(Service.UNIVERSITY)).isEqualTo(3);
        assertThat(faults.calls(Service.CAS)).isEqualTo(2);

        faults.failNext(Service.UNIVERSITY, 1, 401); // say, a token that expired
        HttpResponse<String> expired = university(CONTRACTS);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(university(CONTRACTS).statusCode()).isEqualTo(200);
    }

    @Test
    void faultsCanDelayOrMangleTheBody() throws Exception {
        faults.delayNext(Service.CAS, 1, 600);
        long start = System.nanoTime();
        assertThat(cas("").statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(600);

        faults.malformedNext(Service.UNIVERSITY, 1);
        faults.malformedNext(Service.CAS, 1);
        HttpResponse<String> json200 = university(CONTRACTS);
        assertThat(json200.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> json.readTree(json200.body())).isInstanceOf(IOException.class);
        HttpResponse<String> xml200 = cas("");
        assertThat(xml200.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> transfers(xml200.body())).hasMessageContaining("not valid XML");
        assertThat(json.readTree(university(CONTRACTS).body()).get("items")).hasSize(14);
    }

    // ---- exchange database ----

    /** The rows the exchange table should hold, worked out here from the CSVs with commons-csv. */
    Set<List<String>> expectedExchangeKeys() throws IOException {
        Set<List<String>> keys = new HashSet<>();
        try (Stream<Path> files = Files.list(SAMPLES.resolve("tax"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".csv")).toList()) {
                try (Reader in = TextEncoding.open(f);
                        CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                    String codeColumn = csv.getHeaderNames().stream().filter(h -> h.endsWith("统一社会信用代码")).findFirst().orElseThrow();
                    for (CSVRecord r : csv) {
                        try {
                            Dates.month(r.get("所属期"));
                            streets.resolve(r.get("街道"));
                            Booleans.parse(r.get("高新技术企业"));
                            for (String amount : List.of("营业收入", "实缴税额", "研发费用")) {
                                Money.parse(r.get(amount), null, MoneyUnit.YUAN);
                            }
                        } catch (InvalidValueException e) {
                            continue;
                        }
                        keys.add(List.of(r.get(codeColumn).strip(), Dates.month(r.get("所属期")).toString()));
                    }
                }
            }
        }
        return keys;
    }

    @Test
    void exchangeDatabaseHoldsTheLatestCleanRowOfEveryKey() throws Exception {
        int expected = expectedExchangeKeys().size();
        // 121 + 41 data rows, less E11's 2021-02 row ("15O,000.00") and E07's 2021-02 row corrected in the same file
        assertThat(expected).isEqualTo(160);
        assertThat(exchange.rowCount()).isEqualTo(expected);

        Map<String, Object> e07 = exchange.jdbc().queryForMap("SELECT * FROM TAX_ENTERPRISE_MONTHLY"
                + " WHERE CREDIT_CODE = '9142010677818623X6' AND PERIOD = '202102'");
        assertThat((BigDecimal) e07.get("REVENUE")).isEqualByComparingTo("2200000.00");
        assertThat((BigDecimal) e07.get("TAX_PAID")).isEqualByComparingTo("132000.00");
        assertThat(e07.get("STREET_CODE")).isEqualTo("420106011");
        assertThat(e07.get("HIGH_TECH")).isEqualTo("Y");
        Timestamp latest = exchange.jdbc().queryForObject("SELECT MAX(UPDATED_AT) FROM TAX_ENTERPRISE_MONTHLY", Timestamp.class);
        assertThat(((Timestamp) e07.get("UPDATED_AT"))).isEqualTo(latest); // the last row of the last file
        assertThat(exchange.jdbc().queryForObject("SELECT MIN(UPDATED_AT) FROM TAX_ENTERPRISE_MONTHLY", Timestamp.class)
                .toLocalDateTime()).isEqualTo(LocalDateTime.of(2021, 4, 1, 0, 0, 0));
        assertThat(exchange.jdbc().queryForObject("SELECT COUNT(*) FROM TAX_ENTERPRISE_MONTHLY WHERE"
                + " CREDIT_CODE = '91420106MA4KT5C001' AND PERIOD = '202102'", Integer.class)).isZero();
        assertThat(exchange.jdbc().queryForObject("SELECT COUNT(*) FROM TAX_ENTERPRISE_MONTHLY WHERE"
                + " LENGTH(STREET_CODE) <> 9 OR HIGH_TECH NOT IN ('Y', 'N') OR REVENUE IS NULL", Integer.class)).isZero();
        // as delivered, for the hub to normalise: the full-width code of line 102 of tax-2020.csv
        assertThat(exchange.jdbc().queryForObject("SELECT COUNT(*) FROM TAX_ENTERPRISE_MONTHLY WHERE"
                + " CREDIT_CODE = '９１４２０１０６ＭＡ４ＫＬ３Ｂ２１Ｋ'", Integer.class)).isEqualTo(1);
    }

    @Test
    void aCorrectionAtTheBureauComesWithALaterUpdatedAt() {
        LocalDateTime before = exchange.jdbc().queryForObject("SELECT MAX(UPDATED_AT) FROM TAX_ENTERPRISE_MONTHLY",
                Timestamp.class).toLocalDateTime();
        String code = code("91420106MA4KZZ000".replace('Z', 'Y'));
        try {
            exchange.insertOrUpdate(new DemoExchangeDatabase.Row(code, "测试企业", "202104", "I6513", "420106013",
                    new BigDecimal("100.00"), BigDecimal.ZERO, BigDecimal.ZERO, "N", null));
            exchange.insertOrUpdate(new DemoExchangeDatabase.Row(code, "测试企业", "202104", "I6513", "420106013",
                    new BigDecimal("200.00"), BigDecimal.ZERO, BigDecimal.ZERO, "N", null));
            Map<String, Object> row = exchange.jdbc().queryForMap(
                    "SELECT REVENUE, UPDATED_AT FROM TAX_ENTERPRISE_MONTHLY WHERE CREDIT_CODE = ?", code);
            assertThat((BigDecimal) row.get("REVENUE")).isEqualByComparingTo("200.00");
            assertThat(((Timestamp) row.get("UPDATED_AT")).toLocalDateTime()).isEqualTo(before.plusSeconds(2));
        } finally {
            assertThat(exchange.execute("DELETE FROM TAX_ENTERPRISE_MONTHLY WHERE CREDIT_CODE = ?", code)).isEqualTo(1);
        }
    }

    @Test
    void theHubStoreStaysTheOnlyDataSourceBean() {
        assertThat(context.getBeansOfType(DataSource.class)).hasSize(1);
        assertThat(exchange.jdbcUrl()).isEqualTo("jdbc:hsqldb:mem:tax-exchange");
        assertThat(exchange.username()).isEqualTo("SA");
    }

    // ---- wiring and the hub's own security ----

    @Test
    void endpointsTellThePullClientsWhereTheStandInsAre() throws Exception {
        assertThat(endpoints.universityBaseUrl()).isEqualTo("http://127.0.0.1:" + port + "/demo/university");
        assertThat(endpoints.casBaseUrl()).isEqualTo("http://127.0.0.1:" + port + "/demo/cas");
        assertThat(endpoints.universityToken()).isEqualTo(credentials.universityToken()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(endpoints.casUsername()).startsWith("cas-demo-");
        assertThat(endpoints.casPassword()).isEqualTo(credentials.casPassword()).hasSizeGreaterThanOrEqualTo(24);
        assertThat(endpoints.taxJdbcUrl()).isEqualTo(exchange.jdbcUrl());
        assertThat(endpoints.taxUsername()).isEqualTo("SA");
        assertThat(endpoints.taxPassword()).isEmpty();
        assertThat(credentials.toString()).doesNotContain(credentials.casPassword(), credentials.universityToken());
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(endpoints.universityBaseUrl()
                        + "/api/v1/transfer-contracts?size=1")).header("Authorization", "Bearer " + endpoints.universityToken())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
    }

    @Test
    void credentialsAreFreshForEveryStart() {
        DemoCredentials other = new DemoCredentials();
        assertThat(other.universityToken()).isNotEqualTo(credentials.universityToken());
        assertThat(other.casPassword()).isNotEqualTo(credentials.casPassword());
        assertThat(other.isUniversityToken(other.universityToken())).isTrue();
        assertThat(other.isCasUser(other.casUsername(), other.casPassword())).isTrue();
        assertThat(other.isCasUser(other.casUsername(), null)).isFalse();
    }

    @Test
    void theHubApiStillNeedsItsOwnUsers() throws Exception {
        HttpResponse<String> anonymous = university("/api/indicators", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"zhigu-hub\"");
        assertThat(university("/api/indicators", "Bearer " + credentials.universityToken()).statusCode()).isEqualTo(401);
        String analyst = "Basic " + Base64.getEncoder().encodeToString(("analyst:" + ANALYST_PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(university("/api/indicators", analyst).statusCode()).isEqualTo(200);
        assertThat(university("/api/batches", analyst).statusCode()).isEqualTo(403);
    }
}
