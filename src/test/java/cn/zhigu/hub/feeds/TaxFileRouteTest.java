package cn.zhigu.hub.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import cn.zhigu.hub.HubTestSupport;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tax CSV files dropped into inbound/tax: the store, the ledger, the rejects and the file moves. */
class TaxFileRouteTest extends HubTestSupport {

    static final Charset GBK = Charset.forName("GBK");
    static final String A = code("91420106MA4K00001");
    static final String B = code("91420106MA4K00002");

    @Test
    void gbkFileWithColumnsInAnyOrderIsAppliedAndItsBadRowKeptWithReason() throws Exception {
        String badCode = A.substring(0, 17) + (A.charAt(17) == '0' ? '1' : '0');
        String csv = "纳税人名称,统一社会信用代码,所属期,行业代码,街道,营业收入,实缴税额,研发费用,高新技术企业,备注\r\n"
                + "武汉珞珈测绘科技有限公司," + A + ",202001,I6513,420106013,\"1,000,000.00\",50000,120000,是,首月\r\n"
                + "武汉珞珈测绘科技有限公司," + A + ",2020-02,6513,珞珈山街道,800000,40000,,Y,\r\n"
                + "坏代码公司," + badCode + ",2020-01,6513,珞珈山,100,10,1,N,\r\n"
                + "武汉东湖精密仪器有限公司," + B.toLowerCase() + ",2020年1月,C4011,420106011000,２００００００,0,0,否,\r\n";
        drop("tax", "tax-2020-01.csv", csv, GBK);

        Map<String, Object> batch = awaitBatch("tax", "tax-2020-01.csv");
        assertThat(batch.get("STATUS")).isEqualTo("PARTIAL");
        assertThat(batch.get("RECORDS_READ")).isEqualTo(4);
        assertThat(batch.get("RECORDS_ACCEPTED")).isEqualTo(3);
        assertThat(batch.get("RECORDS_REJECTED")).isEqualTo(1);
        assertThat(archived("tax", "tax-2020-01.csv")).exists();

        Map<String, Object> reject = jdbc.queryForMap("SELECT * FROM batch_reject WHERE batch_id = ?", batch.get("ID"));
        assertThat(reject.get("POSITION")).isEqualTo("line 4");
        assertThat((String) reject.get("RAW_TEXT")).isEqualTo("坏代码公司," + badCode + ",2020-01,6513,珞珈山,100,10,1,N,");
        assertThat((String) reject.get("REASON")).contains("统一社会信用代码");

        Map<String, Object> jan = jdbc.queryForMap("SELECT * FROM tax_return WHERE credit_code = ? AND period_month = 202001", A);
        assertThat(jan.get("TAXPAYER_NAME")).isEqualTo("武汉珞珈测绘科技有限公司");
        assertThat(jan.get("STREET_CODE")).isEqualTo("420106013");
        assertThat(jan.get("INDUSTRY_SECTION")).isEqualTo("I");
        assertThat((BigDecimal) jan.get("REVENUE")).isEqualByComparingTo("1000000.00");
        assertThat((BigDecimal) jdbc.queryForObject("SELECT rd_expense FROM tax_return WHERE credit_code = ?"
                + " AND period_month = 202002", BigDecimal.class, A)).isEqualByComparingTo("0");
        assertThat(jdbc.queryForObject("SELECT street_code FROM tax_return WHERE credit_code = ?", String.class, B))
                .isEqualTo("420106011");

        assertThat(indicator("REVENUE", "2020-01", "DISTRICT", "ALL")).isEqualByComparingTo("3000000");
        assertThat(indicator("REVENUE", "2020-Q1", "420106013", "I")).isEqualByComparingTo("1800000");
        assertThat(indicator("ENT_TAXPAYING", "2020-Q1", "ZHIGU", "ALL")).isEqualByComparingTo("2");
        assertThat(indicator("ENT_HIGHTECH", "2020", "DISTRICT", "ALL")).isEqualByComparingTo("1");
        assertThat(indicator("HIGHTECH_REVENUE", "2020-Q1", "DISTRICT", "I")).isEqualByComparingTo("1800000");
        assertThat(indicator("RD_INTENSITY", "2020-01", "420106011", "C")).isEqualByComparingTo("0");
        assertThat(indicator("RD_INTENSITY", "2020-01", "DISTRICT", "ALL")).isEqualByComparingTo("4");
    }

    @Test
    void sameContentTwiceIsAppliedOnceAndCorrectionMakesANewRevision() throws Exception {
        String header = "统一社会信用代码,纳税人名称,所属期,行业代码,街道,营业收入,实缴税额,研发费用,高新技术企业\n";
        String first = header + A + ",甲公司,202003,I6513,珞珈山,500,5,0,N\n";
        drop("tax", "march.csv", first, StandardCharsets.UTF_8);
        assertThat(awaitBatch("tax", "march.csv").get("STATUS")).isEqualTo("APPLIED");
        assertThat(indicator("REVENUE", "2020-03", "DISTRICT", "ALL")).isEqualByComparingTo("500");
        int revision = jdbc.queryForObject("SELECT revision FROM indicator_value WHERE code = 'REVENUE'"
                + " AND period = '2020-03' AND area = 'DISTRICT' AND industry = 'ALL'", Integer.class);

        drop("tax", "march-again.csv", first, StandardCharsets.UTF_8);
        Map<String, Object> dup = awaitBatch("tax", "march-again.csv");
        assertThat(dup.get("STATUS")).isEqualTo("DUPLICATE");
        assertThat((String) dup.get("REASON")).contains("same content");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tax_return", Integer.class)).isEqualTo(1);

        drop("tax", "march-corrected.csv", header + A + ",甲公司,2020-03,I6513,珞珈山,700,5,0,N\n",
                StandardCharsets.UTF_8);
        assertThat(awaitBatch("tax", "march-corrected.csv").get("STATUS")).isEqualTo("APPLIED");
        assertThat(indicator("REVENUE", "2020-03", "DISTRICT", "ALL")).isEqualByComparingTo("700");
        assertThat(jdbc.queryForObject("SELECT revision FROM indicator_value WHERE code = 'REVENUE'"
                + " AND period = '2020-03' AND area = 'DISTRICT' AND industry = 'ALL'", Integer.class))
                .isEqualTo(revision + 1);
        assertThat(jdbc.queryForList("SELECT val FROM indicator_revision WHERE code = 'REVENUE' AND period = '2020-03'"
                + " AND area = 'DISTRICT' AND industry = 'ALL' ORDER BY revision", BigDecimal.class))
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("500"), new BigDecimal("700"));
        // a value the correction did not change keeps its revision
        assertThat(jdbc.queryForObject("SELECT revision FROM indicator_value WHERE code = 'ENT_TAXPAYING'"
                + " AND period = '2020-03' AND area = 'DISTRICT' AND industry = 'ALL'", Integer.class)).isEqualTo(1);
    }

    @Test
    void unknownHeaderIsRejectedWholeWithAReasonFile() throws Exception {
        drop("tax", "wrong.csv", "code,name,month\nx,y,z\n", StandardCharsets.UTF_8);
        Map<String, Object> batch = awaitBatch("tax", "wrong.csv");
        assertThat(batch.get("STATUS")).isEqualTo("REJECTED");
        assertThat(rejected("tax", "wrong.csv")).exists();
        String reason = Files.readString(rejected("tax", "wrong.csv.reason.txt"));
        assertThat(reason).contains("missing").contains("统一社会信用代码");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tax_return", Integer.class)).isZero();
    }

    @Test
    void batchAboveTheRejectThresholdIsRejectedWholeAndKeepsItsRejects() throws Exception {
        String header = "统一社会信用代码,纳税人名称,所属期,行业代码,街道,营业收入,实缴税额,研发费用,高新技术企业\n";
        String csv = header
                + A + ",甲,202001,I6513,珞珈山,1,0,0,N\n"
                + A + ",甲,202013,I6513,珞珈山,1,0,0,N\n"
                + A + ",甲,202002,I6513,火星,1,0,0,N\n"
                + A + ",甲,202003,C6513,珞珈山,1,0,0,N\n";
        drop("tax", "mostly-bad.csv", csv, StandardCharsets.UTF_8);
        Map<String, Object> batch = awaitBatch("tax", "mostly-bad.csv");
        assertThat(batch.get("STATUS")).isEqualTo("REJECTED");
        assertThat((String) batch.get("REASON")).contains("3 of 4").contains("threshold");
        assertThat(rejected("tax", "mostly-bad.csv")).exists();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tax_return", Integer.class)).isZero();
        assertThat(jdbc.queryForList("SELECT position FROM batch_reject WHERE batch_id = ? ORDER BY seq", String.class,
                batch.get("ID"))).containsExactly("line 3", "line 4", "line 5");
    }
}
