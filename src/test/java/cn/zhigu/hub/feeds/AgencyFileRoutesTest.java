package cn.zhigu.hub.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import cn.zhigu.hub.HubTestSupport;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** University JSON, CAS XML and street ledgers (CSV) through their inbound folders into the store. */
class AgencyFileRoutesTest extends HubTestSupport {

    static final String LUOJIA = code("91420106MA4K10001");   // settled in 珞珈山 (Zhigu)
    static final String TAXONLY = code("91420106MA4K10002");  // only tax rows, in 积玉桥
    static final String NOWHERE = code("91110108MA0010003");  // a Beijing licensee: located nowhere

    @Test
    void universityContractsApplyLaterUpdatesIgnoreStaleOnesAndSkipCancelled() throws Exception {
        String contracts = """
                {"page": 0, "items": [
                  {"contractNo": "WHU-2021-001", "title": "遥感影像处理专利许可", "kind": "LICENSE",
                   "licenseeCreditCode": "%s", "amount": 120, "signedOn": "2021-01-15", "status": "SIGNED",
                   "updatedAt": "2021-01-16T10:00:00+08:00"},
                  {"contractNo": "WHU-2021-002", "kind": "转让", "licenseeCreditCode": "%s",
                   "amount": "1,500,000", "amountUnit": "元", "signedOn": "2021/2/3", "status": "SIGNED",
                   "updatedAt": "2021-02-04T09:00:00"},
                  {"contractNo": "WHU-2021-003", "kind": "SERVICE", "licenseeCreditCode": "%s",
                   "amount": 10, "signedOn": "20210301", "status": "CANCELLED", "updatedAt": "2021-03-02T09:00:00Z"},
                  {"contractNo": "WHU-2021-004", "kind": "LEASE", "licenseeCreditCode": "%s",
                   "amount": 10, "signedOn": "2021-03-01", "updatedAt": "2021-03-02T09:00:00Z"}
                ]}""".formatted(LUOJIA, NOWHERE.toLowerCase(), LUOJIA, LUOJIA);
        drop("street", "ledger.csv", "统一社会信用代码,企业名称,街道,楼宇,面积,入驻日期,迁出日期,企业类型\n"
                + LUOJIA + ",武汉珞珈遥感科技有限公司,珞珈山,嘉嘉悦大厦,1200㎡,2019-05-01,,科技型\n",
                StandardCharsets.UTF_8);
        assertThat(awaitBatch("street", "ledger.csv").get("STATUS")).isEqualTo("APPLIED");
        drop("university", "contracts-2021q1.json", contracts, StandardCharsets.UTF_8);
        Map<String, Object> batch = awaitBatch("university", "contracts-2021q1.json");
        assertThat(batch.get("STATUS")).isEqualTo("PARTIAL");
        assertThat(batch.get("DATASET")).isEqualTo("university-contracts");
        assertThat(batch.get("RECORDS_REJECTED")).isEqualTo(1);
        Map<String, Object> reject = jdbc.queryForMap("SELECT * FROM batch_reject WHERE batch_id = ?", batch.get("ID"));
        assertThat(reject.get("POSITION")).isEqualTo("items[3]");
        assertThat((String) reject.get("REASON")).contains("LEASE");
        assertThat((String) reject.get("RAW_TEXT")).contains("WHU-2021-004");

        assertThat((BigDecimal) jdbc.queryForObject("SELECT amount FROM tt_contract WHERE contract_no = 'WHU-2021-001'",
                BigDecimal.class)).isEqualByComparingTo("1200000");
        assertThat(indicator("TT_CONTRACTS", "2021-Q1", "ALL", "ALL")).isEqualByComparingTo("2");
        assertThat(indicator("TT_CONTRACTS", "2021-Q1", "ZHIGU", "ALL")).isEqualByComparingTo("1");
        assertThat(indicator("TT_AMOUNT", "2021", "ALL", "ALL")).isEqualByComparingTo("2700000");
        assertThat(indicator("TT_LOCAL_RATE", "2021-Q1", "420106013", "ALL")).isEqualByComparingTo("50");

        String corrections = """
                [{"contractNo": "WHU-2021-001", "kind": "LICENSE", "licenseeCreditCode": "%s", "amount": 130,
                  "signedOn": "2021-01-15", "status": "AMENDED", "updatedAt": "2021-04-01T10:00:00+08:00"},
                 {"contractNo": "WHU-2021-002", "kind": "ASSIGNMENT", "licenseeCreditCode": "%s", "amount": 999,
                  "signedOn": "2021-02-03", "status": "SIGNED", "updatedAt": "2021-01-01T00:00:00+08:00"}]
                """.formatted(LUOJIA, NOWHERE);
        drop("university", "contracts-fix.json", corrections, StandardCharsets.UTF_8);
        assertThat(awaitBatch("university", "contracts-fix.json").get("STATUS")).isEqualTo("APPLIED");
        assertThat(indicator("TT_AMOUNT", "2021", "ALL", "ALL")).isEqualByComparingTo("2800000");
    }

    @Test
    void fundInvestmentsAreCumulativeAndPlacedByTheLatestTaxStreet() throws Exception {
        String tax = "统一社会信用代码,纳税人名称,所属期,行业代码,街道,营业收入,实缴税额,研发费用,高新技术企业\n"
                + TAXONLY + ",乙公司,202001,6513,中南路,1,0,0,N\n"
                + TAXONLY + ",乙公司,202006,6513,积玉桥,1,0,0,N\n";
        drop("tax", "t.csv", tax, StandardCharsets.UTF_8);
        awaitBatch("tax", "t.csv");
        String investments = """
                [{"investmentId": "LJ-001", "fund": "珞珈创新天使基金", "investeeCreditCode": "%s", "amount": 500,
                  "investedOn": "2019年6月1日", "updatedAt": "2019-06-02T00:00:00+08:00"},
                 {"investmentId": "LJ-002", "investeeCreditCode": "%s", "amount": "0.1", "amountUnit": "亿元",
                  "investedOn": "2020-07-01", "updatedAt": "2020-07-02T00:00:00+08:00"}]""".formatted(TAXONLY, NOWHERE);
        drop("university", "investments-2020.json", investments, StandardCharsets.UTF_8);
        assertThat(awaitBatch("university", "investments-2020.json").get("STATUS")).isEqualTo("APPLIED");
        assertThat(indicator("FUND_PROJECTS", "2019", "ALL", "ALL")).isEqualByComparingTo("1");
        assertThat(indicator("FUND_PROJECTS", "2020", "ALL", "ALL")).isEqualByComparingTo("2");
        assertThat(indicator("FUND_AMOUNT", "2020", "ALL", "ALL")).isEqualByComparingTo("15000000");
        assertThat(indicator("FUND_PROJECTS", "2020", "420106002", "ALL")).isEqualByComparingTo("1");
        assertThat(indicator("FUND_PROJECTS", "2020", "ZHIGU", "ALL")).isEqualByComparingTo("0");
        assertThat(indicator("FUND_AMOUNT", "2020", "DISTRICT", "ALL")).isEqualByComparingTo("5000000");
    }

    @Test
    void casXmlCountsActiveTransfersAndRefusesDoctype() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="GBK"?>
                <transfers xmlns="urn:cas-whb:transfer:1" generated="2021-01-05T09:00:00+08:00">
                  <transfer id="WHB-2020-0001" institute="APM" updated="2020-07-01T10:00:00+08:00">
                    <title>原子钟技术转让</title>
                    <partner creditCode="%s" name="武汉珞珈遥感科技有限公司"/>
                    <amount unit="wan">150</amount>
                    <signed>2020-06-30</signed>
                    <type>转让</type>
                    <status>active</status>
                  </transfer>
                  <transfer id="WHB-2020-0002" institute="WIV" updated="2020-08-01T10:00:00+08:00">
                    <partner creditCode="%s"/>
                    <amount unit="yuan">80000.00</amount>
                    <signed>2020-07-30</signed>
                    <type>许可</type>
                    <status>withdrawn</status>
                  </transfer>
                  <transfer id="WHB-2020-0003" institute="XYZ" updated="2020-08-01T10:00:00+08:00">
                    <partner creditCode="%s"/>
                    <amount unit="yuan">1</amount>
                    <signed>2020-07-30</signed>
                  </transfer>
                </transfers>
                """.formatted(LUOJIA, LUOJIA, LUOJIA);
        drop("cas", "transfers-2020.xml", xml, Charset.forName("GBK"));
        Map<String, Object> batch = awaitBatch("cas", "transfers-2020.xml");
        assertThat(batch.get("STATUS")).isEqualTo("PARTIAL");
        assertThat(batch.get("RECORDS_REJECTED")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT reason FROM batch_reject WHERE batch_id = ?", String.class,
                batch.get("ID"))).contains("XYZ");
        assertThat(indicator("TT_CONTRACTS", "2020", "ALL", "ALL")).isEqualByComparingTo("1");
        assertThat(indicator("TT_AMOUNT", "2020-Q2", "ALL", "ALL")).isEqualByComparingTo("1500000");

        drop("cas", "evil.xml", """
                <?xml version="1.0"?>
                <!DOCTYPE transfers [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <transfers xmlns="urn:cas-whb:transfer:1"><transfer id="&x;"/></transfers>
                """, StandardCharsets.UTF_8);
        assertThat(awaitBatch("cas", "evil.xml").get("STATUS")).isEqualTo("REJECTED");
        assertThat(Files.readString(rejected("cas", "evil.xml.reason.txt"))).contains("DOCTYPE");
    }

    @Test
    void streetLedgersAreToldApartByHeaderAndCountStocksAtPeriodEnd() throws Exception {
        Charset gbk = Charset.forName("GBK");
        String ledger = "统一社会信用代码,企业名称,街道,楼宇,面积,入驻日期,迁出日期,企业类型\n"
                + LUOJIA + ",甲,珞珈山,A座,0.12万方,2020-03-01,,瞪羚\n"
                + TAXONLY + ",乙,420106012,B座,300平方米,2020/1/1,2020年6月30日,其他\n";
        drop("street", "settled.csv", ledger, gbk);
        assertThat(awaitBatch("street", "settled.csv").get("DATASET")).isEqualTo("settlements");
        assertThat(indicator("ENT_SETTLED", "2020-Q1", "ZHIGU", "ALL")).isEqualByComparingTo("2");
        assertThat(indicator("SPACE_OCCUPIED", "2020-Q1", "ZHIGU", "ALL")).isEqualByComparingTo("1500");
        assertThat(indicator("ENT_SETTLED", "2020-06", "ZHIGU", "ALL")).isEqualByComparingTo("1");
        assertThat(indicator("ENT_SETTLED", "2020-05", "420106012", "ALL")).isEqualByComparingTo("1");

        String carriers = "载体名称,街道,级别,面积,认定日期\n"
                + "珞珈创谷,珞珈山,省级,5000,2018-01-01\n"
                + "北斗+应用园区,中南路,国家级,1万方,2020-09-01\n"
                + "小洪山众创空间,水果湖,区级,800㎡,2020-10-01\n";
        drop("street", "carriers.csv", carriers, gbk);
        assertThat(awaitBatch("street", "carriers.csv").get("DATASET")).isEqualTo("carriers");
        assertThat(indicator("CARRIERS", "2020", "ZHIGU", "ALL")).isEqualByComparingTo("3");
        assertThat(indicator("CARRIERS_PROVINCIAL", "2020", "ZHIGU", "ALL")).isEqualByComparingTo("2");
        assertThat(indicator("CARRIERS_PROVINCIAL", "2019", "DISTRICT", "ALL")).isEqualByComparingTo("1");

        drop("street", "unknown.csv", "名称,地址\n甲,乙\n", gbk);
        assertThat(awaitBatch("street", "unknown.csv").get("STATUS")).isEqualTo("REJECTED");
        assertThat(Files.readString(rejected("street", "unknown.csv.reason.txt"))).contains("unknown header");
    }
}
