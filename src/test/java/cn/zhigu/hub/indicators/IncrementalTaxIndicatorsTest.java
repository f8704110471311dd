package cn.zhigu.hub.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import cn.zhigu.hub.HubTestSupport;
import cn.zhigu.hub.feeds.IngestService;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Random sequences of tax batches (new enterprise-months, corrections of earlier ones, an enterprise
 * moving between streets and between industries, the same key twice in one file, high-tech status
 * gained and lost, new months and new sections widening the grid) leave, after each batch's incremental
 * maintenance, exactly what a recompute from scratch gives: the same tax cells, the same published
 * values and no further revision. The cells are also checked against an independent SQL aggregation
 * of the rows (COUNT DISTINCT over periods, areas and industries).
 */
class IncrementalTaxIndicatorsTest extends HubTestSupport {

    static final String HEADER = "统一社会信用代码,纳税人名称,所属期,行业代码,街道,营业收入,实缴税额,研发费用,高新技术企业\n";
    /** Two Zhigu streets and two others, by name and by code. */
    static final List<String> STREETS = List.of("珞珈山", "420106011", "积玉桥街道", "420106003");
    /** Sections I, C, M and K (K appears only now and then, so the set of sections changes). */
    static final List<String> INDUSTRIES = List.of("I6513", "C3911", "M7320", "7010");
    static final int ENTERPRISES = 7;

    @Autowired
    IngestService ingest;
    @Autowired
    IndicatorRecompute recompute;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    TaxCells cells;

    @Test
    void randomBatchesMaintainedIncrementallyEqualAFullRecompute() throws Exception {
        // every batch after the first moves the cells (none is big enough to rebuild them here otherwise)
        cells.rebuildShare = 1.0;
        try {
            randomBatches();
        } finally {
            cells.rebuildShare = TaxCells.REBUILD_SHARE;
        }
    }

    void randomBatches() throws Exception {
        for (long seed : new long[] {1, 2, 3, 42}) {
            emptyStoreForSeed();
            Random rnd = new Random(seed);
            String[] codes = new String[ENTERPRISES];
            for (int e = 0; e < ENTERPRISES; e++) {
                codes[e] = code(String.format("91420106MA4R%05d", e));
            }
            for (int b = 0; b < 12; b++) {
                StringBuilder csv = new StringBuilder(HEADER);
                int rows = 1 + rnd.nextInt(b == 0 ? 20 : 6);
                int e = 0;
                int offset = 0;
                for (int i = 0; i < rows; i++) {
                    if (i == 0 || rnd.nextInt(4) != 0) {  // else the same key again: the later row wins
                        e = rnd.nextInt(ENTERPRISES);
                        // months around two year ends, so quarters and years hold several months
                        offset = rnd.nextInt(b < 4 ? 6 : 18);
                    }
                    int month = (2019 + (10 + offset) / 12) * 100 + (10 + offset) % 12 + 1;
                    String industry = INDUSTRIES.get(rnd.nextInt(rnd.nextInt(10) == 0 ? 4 : 3));
                    String street = STREETS.get(rnd.nextInt(STREETS.size()));
                    csv.append(codes[e]).append(",企业").append(e).append(',').append(month).append(',')
                            .append(industry).append(',').append(street).append(',')
                            .append(rnd.nextInt(5) == 0 ? "0" : String.valueOf(rnd.nextInt(100_000))).append(".25,")
                            .append(rnd.nextInt(1000)).append(',').append(rnd.nextInt(300)).append(',')
                            .append(rnd.nextBoolean() ? "是" : "否").append('\n');
                    if (rnd.nextInt(8) == 0) {
                        csv.append(codes[e]).append(",坏行,").append(month).append(",I6513,火星街道,1,1,1,否\n");
                    }
                }
                Path file = Files.createTempFile(DATA_DIR, "random-" + seed + "-" + b + "-", ".csv");
                Files.writeString(file, csv, StandardCharsets.UTF_8);
                var outcome = ingest.ingestFile("tax", file);
                Files.delete(file);
                assertThat(outcome.accepted()).as("seed %d batch %d applied", seed, b).isEqualTo(rows);
                assertEqualsFullRecompute("seed " + seed + " batch " + b);
            }
        }
    }

    void emptyStoreForSeed() {
        for (String table : List.of("batch_reject", "delivery_seen", "indicator_revision", "indicator_value", "tax_cell",
                "tax_return", "batch")) {
            jdbc.update("DELETE FROM " + table);
        }
    }

    void assertEqualsFullRecompute(String what) {
        Map<String, String> cells = cells();
        assertThat(cells).as(what + ": cells against an SQL aggregation of the rows").isEqualTo(sqlAggregation());
        Map<String, String> values = values();
        int revisions = jdbc.queryForObject("SELECT COUNT(*) FROM indicator_revision", Integer.class);
        tx.executeWithoutResult(s -> recompute.recomputeAll());
        assertThat(cells()).as(what + ": cells after a rebuild").isEqualTo(cells);
        assertThat(values()).as(what + ": published values after a full recompute").isEqualTo(values);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM indicator_revision", Integer.class))
                .as(what + ": a full recompute makes no new revision").isEqualTo(revisions);
    }

    Map<String, String> values() {
        Map<String, String> out = new TreeMap<>();
        jdbc.query("SELECT code, period, area, industry, val, revision FROM indicator_value", rs -> {
            BigDecimal v = rs.getBigDecimal(5);
            out.put(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4),
                    (v == null ? "none" : v.stripTrailingZeros().toPlainString()) + " r" + rs.getInt(6));
        });
        return out;
    }

    Map<String, String> cells() {
        return cellMap("SELECT period, area, industry, revenue, tax_paid, rd_expense, ht_revenue, ent, ent_ht FROM tax_cell");
    }

    Map<String, String> sqlAggregation() {
        String rows = "SELECT credit_code, period_month, street_code, CAST(industry_section AS VARCHAR(3)) AS industry,"
                + " revenue, tax_paid, rd_expense, high_tech FROM tax_return UNION ALL SELECT credit_code, period_month,"
                + " street_code, CAST('ALL' AS VARCHAR(3)), revenue, tax_paid, rd_expense, high_tech FROM tax_return";
        return cellMap("SELECT p.period, a.area, t.industry, SUM(t.revenue), SUM(t.tax_paid), SUM(t.rd_expense),"
                + " SUM(CASE WHEN t.high_tech THEN t.revenue ELSE 0 END), COUNT(DISTINCT t.credit_code),"
                + " COUNT(DISTINCT CASE WHEN t.high_tech THEN t.credit_code END)"
                + " FROM (" + rows + ") t JOIN period_month p ON p.month_no = t.period_month"
                + " JOIN area_street a ON a.street_code = t.street_code GROUP BY p.period, a.area, t.industry");
    }

    Map<String, String> cellMap(String sql) {
        Map<String, String> out = new TreeMap<>();
        jdbc.query(sql, rs -> {
            StringBuilder v = new StringBuilder();
            for (int i = 4; i <= 7; i++) {
                v.append(rs.getBigDecimal(i).stripTrailingZeros().toPlainString()).append(' ');
            }
            out.put(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3),
                    v.append(rs.getInt(8)).append(' ').append(rs.getInt(9)).toString());
        });
        return out;
    }
}
