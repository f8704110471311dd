package cn.zhigu.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import cn.zhigu.hub.HubTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every sample file of sample-feeds/, dropped in the order sample-feeds/EXPECTED.md gives, through
 * the real routes; then the ledger, the rejects, the file moves and the indicators read over HTTP,
 * against the figures worked out by hand in EXPECTED.md.
 */
class SampleFeedsEndToEndTest extends HubTestSupport {

    static final Path SAMPLES = Path.of("sample-feeds");

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    /** feed, file, status, read, accepted, rejected, position of the bad record (EXPECTED.md section 3). */
    static final Object[][] DELIVERIES = {
        {"street", "settlement-ledger.csv", "PARTIAL", 15, 14, 1, "line 11"},
        {"street", "carriers.xlsx", "PARTIAL", 13, 12, 1, "row 6"},
        {"tax", "tax-2020.csv", "PARTIAL", 121, 120, 1, "line 60"},
        {"tax", "tax-2021-q1.csv", "PARTIAL", 41, 40, 1, "line 24"},
        {"university", "contracts-2021q1.json", "PARTIAL", 12, 11, 1, "items[6]"},
        {"university", "investments-2020.json", "PARTIAL", 8, 7, 1, "items[4]"},
        {"university", "contracts-2021q1-corrections.json", "APPLIED", 2, 2, 0, null},
        {"cas", "transfers-2021.xml", "PARTIAL", 9, 8, 1, "transfer[8]"},
        {"cas", "transfers-broken.xml", "REJECTED", 0, 0, 0, null},
    };

    @BeforeEach
    void deliverEverySampleFile() throws Exception {
        for (Object[] d : DELIVERIES) {
            String feed = (String) d[0];
            String name = (String) d[1];
            drop(feed, name, Files.readAllBytes(SAMPLES.resolve(feed).resolve(name)));
            Map<String, Object> batch = awaitBatch(feed, name);
            assertThat(batch.get("STATUS")).as(name).isEqualTo(d[2]);
            assertThat(List.of(batch.get("RECORDS_READ"), batch.get("RECORDS_ACCEPTED"), batch.get("RECORDS_REJECTED")))
                    .as(name + " read / accepted / rejected").containsExactly(d[3], d[4], d[5]);
            if (d[6] != null) {
                assertThat(jdbc.queryForList("SELECT position FROM batch_reject WHERE batch_id = ?", String.class,
                        batch.get("ID"))).as(name + " reject positions").singleElement(
                        org.assertj.core.api.InstanceOfAssertFactories.STRING).startsWith((String) d[6]);
            }
            Path moved = "REJECTED".equals(d[2]) ? rejected(feed, name) : archived(feed, name);
            assertThat(moved).as(name + " moved").exists();
        }
    }

    JsonNode values(String code, String query) throws Exception {
        String basic = "analyst:" + ANALYST_PASSWORD;
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/indicators/" + code + "/values?" + query))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(code + "?" + query).isEqualTo(200);
        return json.readTree(res.body()).get("values");
    }

    JsonNode value(String code, String period, String area, String industry) throws Exception {
        JsonNode values = values(code, "period=" + period + "&area=" + area + "&industry=" + industry);
        assertThat(values).hasSize(1);
        return values.get(0);
    }

    void expect(String code, String period, String area, String industry, String expected) throws Exception {
        JsonNode v = value(code, period, area, industry).get("value");
        String what = code + " " + period + " " + area + " " + industry;
        if (expected.equals("null")) {
            assertThat(v.isNull()).as(what + " is none").isTrue();
        } else {
            assertThat(v.isNumber()).as(what + " is a number").isTrue();
            assertThat(v.decimalValue()).as(what).isEqualByComparingTo(new BigDecimal(expected));
        }
    }

    @Test
    void everyIndicatorMatchesTheHandWorkedFigures() throws Exception {
        // One or more values of every indicator, each worked out by hand in EXPECTED.md section 5.
        String[][] byHand = {
            // 5.1: E13 moved out on 2020-09-30, so it is gone at the end of September
            {"ENT_SETTLED", "2020-08", "DISTRICT", "ALL", "10"},
            {"ENT_SETTLED", "2020-09", "DISTRICT", "ALL", "9"},
            {"SPACE_OCCUPIED", "2020", "ZHIGU", "ALL", "8470"},
            {"ENT_TAXPAYING", "2020", "DISTRICT", "ALL", null},
            {"ENT_HIGHTECH", "2020", "DISTRICT", "ALL", null},
            {"REVENUE", "2020", "ZHIGU", "ALL", "100000000.00"},
            {"TAX_PAID", "2020", "DISTRICT", "ALL", null},
            {"RD_EXPENSE", "2020", "DISTRICT", "ALL", null},
            {"HIGHTECH_REVENUE", "2021-Q1", "DISTRICT", "ALL", null},
            {"RD_INTENSITY", "2020", "DISTRICT", "ALL", null},
            {"HIGHTECH_REVENUE_YOY", "2020", "DISTRICT", "ALL", "null"},
            // 5.5: 16 contracts in force in 2021-Q1 (WHU-TT-2021-005 cancelled, WHB-2021-0005 withdrawn)
            {"TT_CONTRACTS", "2021-Q1", "ALL", "ALL", "16"},
            {"TT_AMOUNT", "2021-Q1", "ALL", "ALL", "19513000.00"},
            {"TT_LOCAL_RATE", "2021-Q1", "ZHIGU", "ALL", "75.0000"},
            {"CARRIERS", "2020", "ZHIGU", "ALL", "8"},
            {"CARRIERS_PROVINCIAL", "2020", "ZHIGU", "ALL", "4"},
            {"FUND_PROJECTS", "2020", "ALL", "ALL", "7"},
            {"FUND_AMOUNT", "2020", "ALL", "ALL", "12000000.00"},
        };
        List<String[]> table = expectedTable();
        for (String[] row : byHand) {
            String expected = row[4];
            if (expected == null) {
                // the figure for this one is the hand-worked one of the machine-readable table
                expected = table.stream().filter(t -> t[0].equals(row[0]) && t[1].equals(row[1])
                                && t[2].equals(row[2]) && t[3].equals(row[3])).map(t -> t[4]).findFirst()
                        .orElseThrow(() -> new AssertionError("EXPECTED.md has no " + String.join(" ", row)));
            }
            expect(row[0], row[1], row[2], row[3], expected);
        }
        assertThat(java.util.Arrays.stream(byHand).map(r -> r[0]).toList()).containsAll(cn.zhigu.hub.indicators.Catalogue.all().stream()
                .map(cn.zhigu.hub.indicators.Catalogue.Indicator::code).toList());
    }

    @Test
    void everyValueOfTheMachineReadableTableMatches() throws Exception {
        List<String[]> table = expectedTable();
        assertThat(table).hasSizeGreaterThan(100);
        for (String[] row : table) {
            expect(row[0], row[1], row[2], row[3], row[4]);
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    cn.zhigu.hub.indicators.IndicatorRecompute recompute;
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    @Test
    void theIncrementalRecomputesAfterEachBatchEqualAFullRecompute() {
        int revisions = jdbc.queryForObject("SELECT COUNT(*) FROM indicator_revision", Integer.class);
        int values = jdbc.queryForObject("SELECT COUNT(*) FROM indicator_value", Integer.class);
        tx.executeWithoutResult(s -> recompute.recomputeAll());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM indicator_revision", Integer.class))
                .as("a full recompute changes no value the batches published").isEqualTo(revisions);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM indicator_value", Integer.class)).isEqualTo(values);
    }

    @Test
    void zhiguValuesCarryTheirTargetAndProgress() throws Exception {
        JsonNode v = value("ENT_SETTLED", "2020", "ZHIGU", "ALL");
        assertThat(v.get("target").decimalValue()).isEqualByComparingTo("400");
        assertThat(v.get("progress").decimalValue()).isEqualByComparingTo("2");
        JsonNode space = value("SPACE_OCCUPIED", "2020", "ZHIGU", "ALL");
        assertThat(space.get("progress").decimalValue()).isEqualByComparingTo("3.85");
        JsonNode revenue = value("REVENUE", "2020", "ZHIGU", "ALL");
        assertThat(revenue.get("target").decimalValue()).isEqualByComparingTo("20000000000");
        assertThat(revenue.get("progress").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(value("ENT_SETTLED", "2020", "DISTRICT", "ALL").get("target").isNull()).isTrue();
    }

    @Test
    void theBrokenFileIsRejectedWholeWithItsReasonAndChangesNothing() throws Exception {
        String reason = Files.readString(rejected("cas", "transfers-broken.xml.reason.txt"));
        assertThat(reason).contains("REJECTED").containsIgnoringCase("xml");
        // the broken file would have withdrawn WHB-2021-0001 had any of it been applied
        assertThat(jdbc.queryForObject("SELECT counted FROM tt_contract WHERE contract_no = 'WHB-2021-0001'",
                Boolean.class)).isTrue();
    }

    /** The machine-readable table of EXPECTED.md: code, period, area, industry, value. */
    static List<String[]> expectedTable() throws Exception {
        String doc = Files.readString(SAMPLES.resolve("EXPECTED.md"));
        String part = doc.substring(doc.indexOf("<!-- expected-values:begin -->"), doc.indexOf("<!-- expected-values:end -->"));
        List<String[]> rows = new ArrayList<>();
        for (String line : part.lines().toList()) {
            if (!line.startsWith("|") || line.startsWith("| code") || line.startsWith("|---")) {
                continue;
            }
            String[] cells = line.substring(1, line.length() - 1).split("\\|");
            rows.add(new String[] {cells[0].trim(), cells[1].trim(), cells[2].trim(), cells[3].trim(), cells[4].trim()});
        }
        return rows;
    }
}
