package cn.zhigu.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.zhigu.hub.HubTestSupport;
import cn.zhigu.hub.indicators.Catalogue;
import cn.zhigu.hub.indicators.Catalogue.Indicator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * End to end: deliveries whose enterprise names and street labels start with what a spreadsheet takes for
 * a formula ({@code = + - @}, tab, CR) reach the store and the rejects; then every CSV the hub serves
 * (every indicator's values.csv, for the district, the Zhigu, ALL where it exists, and a series) holds no
 * text cell a spreadsheet would evaluate, and every number cell is a plain number.
 */
class CsvExportsTest extends HubTestSupport {

    static final String TAX_HEADER = "统一社会信用代码,纳税人名称,所属期,行业代码,街道,营业收入,实缴税额,研发费用,高新技术企业\n";
    static final List<String> FORMULAS = List.of("=HYPERLINK(\"http://evil.example\",\"点击\")", "+1+1", "-2+3",
            "@SUM(A1:A9)", "\t=1+1", "\r=1+1");

    @LocalServerPort
    int port;

    @Test
    void noCsvTheHubServesHoldsACellASpreadsheetWouldEvaluate() throws Exception {
        StringBuilder tax = new StringBuilder(TAX_HEADER);
        int i = 0;
        for (String name : FORMULAS) {
            tax.append(code("91420106MA4KL3B" + (10 + i++))).append(",\"").append(name.replace("\"", "\"\""))
                    .append("\",202005,I6513,珞珈山,500,5,1,N\n");
        }
        // hostile street labels and a hostile first cell: refused records, kept as rejects with their raw text
        tax.append(code("91420106MA4KL3B90")).append(",乙公司,202005,I6513,=1+1,500,5,1,N\n");
        tax.append("=1+2,丙公司,202005,I6513,珞珈山,500,5,1,N\n");
        drop("tax", "hostile.csv", tax.toString(), StandardCharsets.UTF_8);
        assertThat(awaitBatch("tax", "hostile.csv").get("STATUS")).isEqualTo("PARTIAL");
        assertThat(jdbc.queryForList("SELECT taxpayer_name FROM tax_return", String.class)).as("hostile names reached the store")
                .anySatisfy(n -> assertThat(n).startsWith("=HYPERLINK"));
        assertThat(indicator("REVENUE", "2020-05", "DISTRICT", "ALL")).isEqualByComparingTo("3000");

        List<String> exports = new ArrayList<>();
        for (Indicator ind : Catalogue.all()) {
            for (String area : ind.allArea() ? List.of("DISTRICT", "ZHIGU", "ALL") : List.of("DISTRICT", "ZHIGU")) {
                exports.add("/api/indicators/" + ind.code() + "/values.csv?from=2020-01&to=2020-12&area=" + area);
                exports.add("/api/indicators/" + ind.code() + "/values.csv?period=2020&area=" + area);
            }
            if (ind.byIndustry()) {
                exports.add("/api/indicators/" + ind.code() + "/values.csv?period=2020-05&industry=I");
            }
        }
        int cells = 0;
        for (String path : exports) {
            HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + path)).header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(("analyst:" + ANALYST_PASSWORD).getBytes(StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(res.statusCode()).as(path).isEqualTo(200);
            List<CSVRecord> rows = CSVFormat.RFC4180.parse(new StringReader(res.body().substring(1))).getRecords();
            List<String> header = rows.get(0).toList();
            for (CSVRecord row : rows.subList(1, rows.size())) {
                for (int c = 0; c < row.size(); c++) {
                    String cell = row.get(c);
                    cells++;
                    if (List.of("value", "target", "progress", "revision").contains(header.get(c))) {
                        if (!cell.isEmpty()) {
                            new BigDecimal(cell);  // a number, which a spreadsheet shows as one
                        }
                    } else {
                        assertThat(cell).as(path + " " + header.get(c)).doesNotStartWith("=").doesNotStartWith("+")
                                .doesNotStartWith("-").doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r");
                    }
                }
            }
        }
        assertThat(cells).isGreaterThan(1000);

        // the rejects of the batch, downloaded for the agency: the hostile raw text is there, neutralised
        long batch = jdbc.queryForObject("SELECT id FROM batch WHERE source = 'hostile.csv'", Long.class);
        HttpResponse<String> rejects = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/api/batches/" + batch + "/rejects.csv")).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("ops:" + OPS_PASSWORD).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(rejects.statusCode()).isEqualTo(200);
        assertThat(rejects.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"batch-" + batch
                + "-rejects.csv\"");
        assertThat(rejects.body()).startsWith("\uFEFFbatch,feed,source,seq,position,reason,raw_text\r\n");
        List<CSVRecord> refused = CSVFormat.RFC4180.parse(new StringReader(rejects.body().substring(1))).getRecords();
        assertThat(refused).hasSize(3);
        JsonNode api = new ObjectMapper().readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/api/batches/" + batch + "/rejects")).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("ops:" + OPS_PASSWORD).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body());
        for (int r = 0; r < 2; r++) {
            CSVRecord row = refused.get(r + 1);
            assertThat(row.get(0)).isEqualTo(String.valueOf(batch));
            assertThat(row.get(2)).isEqualTo("hostile.csv");
            assertThat(row.get(4)).isEqualTo(api.get(r).get("position").asText());
            assertThat(row.get(5)).isEqualTo(api.get(r).get("reason").asText());
        }
        assertThat(refused.get(1).get(6)).as("the raw text as delivered")
                .isEqualTo(code("91420106MA4KL3B90") + ",乙公司,202005,I6513,=1+1,500,5,1,N");
        assertThat(refused.get(2).get(6)).as("behind an apostrophe where it would start a formula")
                .isEqualTo("'=1+2,丙公司,202005,I6513,珞珈山,500,5,1,N");
        for (CSVRecord r : refused) {
            for (String cell : r) {
                assertThat(cell).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("@");
            }
        }
    }
}
