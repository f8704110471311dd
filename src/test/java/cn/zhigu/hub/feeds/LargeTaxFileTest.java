package cn.zhigu.hub.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import cn.zhigu.hub.HubTestSupport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A city-scale tax export (1,000,000 enterprise-months plus corrections and bad rows, ~100 MB of GBK
 * CSV) goes through the real route in one batch, streamed, on the test JVM's heap.
 */
class LargeTaxFileTest extends HubTestSupport {

    @org.springframework.beans.factory.annotation.Autowired
    IngestService ingest;

    static final int ROWS = Integer.getInteger("hub.large-rows", 1_000_000);
    static final int ENTERPRISES = 20_000;
    static final List<String> STREETS = List.of("积玉桥", "420106003", "徐家棚街道", "420106005000", "中华路", "黄鹤楼",
            "紫阳", "白沙洲", "首义路", "中南路", "水果湖", "珞珈山", "石洞", "南湖");
    static final List<String> INDUSTRIES = List.of("I6513", "6420", "C3911", "M7320", "65", "L7212");

    @Test
    void millionRowFileIsAppliedInOneBatch() throws Exception {
        String[] codes = new String[ENTERPRISES];
        for (int e = 0; e < ENTERPRISES; e++) {
            codes[e] = code(String.format("91420106MA4%06d", e));
        }
        long expectedRevenueFen = 0;
        Path tmp = Files.createTempFile(DATA_DIR, "big", ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, Charset.forName("GBK"))) {
            w.write("统一社会信用代码,纳税人名称,所属期,行业代码,街道,营业收入,实缴税额,研发费用,高新技术企业\r\n");
            for (int i = 0; i < ROWS; i++) {
                long revenue = 100_000 + (i % 997);
                expectedRevenueFen += revenue * 100;
                row(w, codes, i, revenue, STREETS.get(i % ENTERPRISES % STREETS.size()));
                if (i % 500 == 7) {
                    row(w, codes, i, revenue, "火星街道");  // unknown street: rejected alone
                }
            }
            for (int i = 0; i < ROWS; i += 50) {  // corrections: a later row for the key wins
                long revenue = 100_000 + (i % 997);
                row(w, codes, i, revenue + 5, STREETS.get(i % ENTERPRISES % STREETS.size()));
                expectedRevenueFen += 500;
            }
        }
        System.out.printf("generated %d MB%n", Files.size(tmp) >> 20);
        Files.createDirectories(DATA_DIR.resolve("inbound/tax"));
        long started = System.nanoTime();
        Files.move(tmp, DATA_DIR.resolve("inbound/tax/city-2019-2023.csv"));

        // while it runs, the batch shows how far it has read (its ledger row commits only at the end)
        int[] seen = new int[1];
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> ingest.running().stream().filter(r -> r.source().equals("city-2019-2023.csv"))
                        .mapToInt(IngestService.Running::recordsSoFar).peek(n -> seen[0] = n).anyMatch(n -> n > 0));
        assertThat(seen[0]).isBetween(1, ROWS + ROWS / 500 + ROWS / 50);
        Map<String, Object> batch = awaitBatch("tax", "city-2019-2023.csv", Duration.ofMinutes(8));
        System.out.printf("1M-row file applied in %d s, heap used %d MB of max %d MB%n",
                (System.nanoTime() - started) / 1_000_000_000L,
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        assertThat(batch.get("STATUS")).isEqualTo("PARTIAL");
        assertThat(batch.get("RECORDS_READ")).isEqualTo(ROWS + ROWS / 500 + ROWS / 50);
        assertThat(batch.get("RECORDS_REJECTED")).isEqualTo(ROWS / 500);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tax_return", Integer.class)).isEqualTo(ROWS);
        BigDecimal total = BigDecimal.ZERO;
        for (int year = 2019; year <= 2023; year++) {
            BigDecimal year_ = indicator("REVENUE", String.valueOf(year), "DISTRICT", "ALL");
            total = total.add(year_ == null ? BigDecimal.ZERO : year_);
        }
        assertThat(total).isEqualByComparingTo(BigDecimal.valueOf(expectedRevenueFen, 2));
        assertThat(indicator("ENT_TAXPAYING", "2020", "DISTRICT", "ALL")).isEqualByComparingTo("20000");
        assertThat(archived("tax", "city-2019-2023.csv")).exists();

        // a 100-row correction against the big store: only the periods it touches are recomputed
        StringBuilder fix = new StringBuilder("统一社会信用代码,纳税人名称,所属期,行业代码,街道,营业收入,实缴税额,研发费用,高新技术企业\n");
        for (int i = 0; i < 100; i++) {
            fix.append(codes[i]).append(",企业").append(i).append(",202002,").append(INDUSTRIES.get(i % INDUSTRIES.size()))
                    .append(',').append(STREETS.get(i % STREETS.size())).append(",1.00,0,0,否\n");
        }
        BigDecimal febBefore = indicator("REVENUE", "2020-02", "DISTRICT", "ALL");
        drop("tax", "fix-2020-02.csv", fix.toString(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(awaitBatch("tax", "fix-2020-02.csv").get("STATUS")).isEqualTo("APPLIED");
        assertThat(indicator("REVENUE", "2020-02", "DISTRICT", "ALL")).isLessThan(febBefore);
    }

    private static void row(BufferedWriter w, String[] codes, int i, long revenue, String street) throws IOException {
        int e = i % ENTERPRISES;
        YearMonth month = YearMonth.of(2019, 1).plusMonths(i / ENTERPRISES);
        w.write(codes[e]);
        w.write(",企业");
        w.write(Integer.toString(e));
        w.write(',');
        w.write(month.getYear() + String.format("%02d", month.getMonthValue()));
        w.write(',');
        w.write(INDUSTRIES.get(e % INDUSTRIES.size()));
        w.write(',');
        w.write(street);
        w.write(',');
        w.write(Long.toString(revenue));
        w.write(".00,1000.00,500,");
        w.write(e % 3 == 0 ? "是" : "否");
        w.write("\r\n");
    }
}
