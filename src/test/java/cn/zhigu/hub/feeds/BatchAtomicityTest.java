package cn.zhigu.hub.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;

import cn.zhigu.hub.HubTestSupport;
import cn.zhigu.hub.indicators.IndicatorRecompute;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.List;
import java.util.ArrayList;
import java.math.BigDecimal;
import cn.zhigu.hub.store.BatchUndo;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * A batch counts whole or not at all; a file still being written is not taken. A tax file bigger
 * than hub.commit-records (50 here) commits its rows in chunks and is undone from their before-images
 * when it does not finish. Its context (with spies) is closed afterwards, so that its routes do not go
 * on polling the shared test folders.
 */
@org.springframework.test.annotation.DirtiesContext
@org.springframework.test.context.TestPropertySource(properties = "hub.commit-records=50")
class BatchAtomicityTest extends HubTestSupport {

    static final String A = code("91420106MA4K20001");
    static final String HEADER = "统一社会信用代码,纳税人名称,所属期,行业代码,街道,营业收入,实缴税额,研发费用,高新技术企业\n";

    @MockitoSpyBean
    IndicatorRecompute indicators;
    @MockitoSpyBean
    BatchUndo undo;

    static final List<String> STREETS = List.of("珞珈山", "积玉桥", "杨园", "徐家棚", "粮道街");

    /** A tax file of those rows: credit code number, month (yyyyMM), street, revenue; or a bad row. */
    static String taxFile(List<Object[]> rows) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (Object[] r : rows) {
            if (r.length == 1) {
                csv.append(code(String.format("91420106MA%07d", (Integer) r[0]))).append(",坏,202013,I6513,珞珈山,1,1,0,N\n");
                continue;
            }
            csv.append(code(String.format("91420106MA%07d", (Integer) r[0]))).append(",企业").append(r[0]).append(',')
                    .append(r[1]).append(",I6513,").append(r[2]).append(',').append(r[3]).append(",1,0,N\n");
        }
        return csv.toString();
    }

    /** Everything a batch may change that a reader could see, in key order. */
    List<Map<String, Object>> store() {
        List<Map<String, Object>> all = new ArrayList<>();
        all.addAll(jdbc.queryForList("SELECT credit_code, period_month, taxpayer_name, industry_code, industry_section,"
                + " street_code, revenue, tax_paid, rd_expense, high_tech, source_updated_at, batch_id FROM tax_return"
                + " ORDER BY credit_code, period_month"));
        all.addAll(jdbc.queryForList("SELECT * FROM tax_cell ORDER BY period, area, industry"));
        all.addAll(jdbc.queryForList("SELECT code, period, area, industry, val, revision FROM indicator_value"
                + " ORDER BY code, period, area, industry"));
        all.addAll(jdbc.queryForList("SELECT COUNT(*) AS revisions FROM indicator_revision"));
        all.addAll(jdbc.queryForList("SELECT COUNT(*) AS seen FROM delivery_seen"));
        return all;
    }

    /** 120 enterprises x 2 months: 240 rows, five chunks of 50. */
    static List<Object[]> base() {
        List<Object[]> rows = new ArrayList<>();
        for (int e = 0; e < 120; e++) {
            for (int m = 1; m <= 2; m++) {
                rows.add(new Object[] {e, 202100 + m, STREETS.get(e % STREETS.size()), 100 + e});
            }
        }
        return rows;
    }

    /** 140 of the base rows corrected (moved to another street, other revenue), 100 new rows, 10 bad rows. */
    static List<Object[]> corrections() {
        List<Object[]> rows = new ArrayList<>();
        for (int e = 0; e < 70; e++) {
            for (int m = 1; m <= 2; m++) {
                rows.add(new Object[] {e, 202100 + m, STREETS.get((e + 1) % STREETS.size()), 1000 + e});
            }
            if (e % 7 == 0) {
                rows.add(new Object[] {e});
            }
        }
        for (int e = 500; e < 550; e++) {
            rows.add(new Object[] {e, 202101, STREETS.get(e % STREETS.size()), 7});
            rows.add(new Object[] {e, 202103, STREETS.get(e % STREETS.size()), 7});
        }
        // the same key twice in one file: the later line wins, and the before-image stays the first one's
        rows.add(new Object[] {3, 202101, "粮道街", 333});
        return rows;
    }

    @Test
    void aBigFileThatFailsAfterCommittingChunksIsUndoneToTheLastValueAndAppliesLater() throws Exception {
        drop("tax", "base.csv", taxFile(base()), StandardCharsets.UTF_8);
        assertThat(awaitBatch("tax", "base.csv").get("STATUS")).isEqualTo("APPLIED");
        List<Map<String, Object>> before = store();

        doThrow(new DataAccessResourceFailureException("store went away")).when(indicators).recompute(anyLong());
        drop("tax", "fixes.csv", taxFile(corrections()), StandardCharsets.UTF_8);
        Map<String, Object> failed = awaitBatch("tax", "fixes.csv");
        assertThat(failed.get("STATUS")).isEqualTo("FAILED");
        assertThat((String) failed.get("REASON")).contains("store went away");
        assertThat(store()).as("every row as it was, every indicator as it was").isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch_reject WHERE batch_id = ?", Integer.class,
                failed.get("ID"))).isZero();

        doCallRealMethod().when(indicators).recompute(anyLong());
        drop("tax", "fixes-again.csv", taxFile(corrections()), StandardCharsets.UTF_8);
        Map<String, Object> applied = awaitBatch("tax", "fixes-again.csv");
        assertThat(applied.get("STATUS")).as("not a duplicate: nothing of the failed batch was kept").isEqualTo("PARTIAL");
        assertThat(applied.get("RECORDS_ACCEPTED")).isEqualTo(241);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch_reject WHERE batch_id = ?", Integer.class,
                applied.get("ID"))).isEqualTo(10);
        // January 2021: base 100..219 with the first 70 enterprises at 1000+e, enterprise 3 at 333, 50 new at 7
        BigDecimal january = BigDecimal.ZERO;
        for (int e = 0; e < 120; e++) {
            january = january.add(BigDecimal.valueOf(e == 3 ? 333 : e < 70 ? 1000 + e : 100 + e));
        }
        january = january.add(BigDecimal.valueOf(50 * 7));
        assertThat(indicator("REVENUE", "2021-01", "DISTRICT", "ALL")).isEqualByComparingTo(january);
        assertThat(indicator("ENT_TAXPAYING", "2021-Q1", "DISTRICT", "ALL")).isEqualByComparingTo("170");
        assertThat(indicator("REVENUE", "2021-01", "420106005", "ALL")).as("粮道街 (code 005) after the moves")
                .isEqualByComparingTo(expectedStreetJanuary(4));
    }

    /** January 2021 revenue of the street at that index of STREETS after base() and corrections(). */
    static BigDecimal expectedStreetJanuary(int street) {
        Map<Integer, Object[]> jan = new java.util.HashMap<>();
        for (List<Object[]> file : List.of(base(), corrections())) {
            for (Object[] r : file) {
                if (r.length > 1 && (Integer) r[1] == 202101) {
                    jan.put((Integer) r[0], r);
                }
            }
        }
        return jan.values().stream().filter(r -> r[2].equals(STREETS.get(street)))
                .map(r -> BigDecimal.valueOf((Integer) r[3])).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void aBigFileRejectedWholeForItsShareOfBadRowsLeavesNothingButItsRejects() throws Exception {
        drop("tax", "base.csv", taxFile(base()), StandardCharsets.UTF_8);
        assertThat(awaitBatch("tax", "base.csv").get("STATUS")).isEqualTo("APPLIED");
        List<Map<String, Object>> before = store();

        List<Object[]> rows = new ArrayList<>();
        for (int e = 0; e < 300; e++) {
            rows.add(e % 5 < 2 ? new Object[] {e, 202102, "杨园", 5} : new Object[] {e});
        }
        drop("tax", "mostly-bad.csv", taxFile(rows), StandardCharsets.UTF_8);
        Map<String, Object> rejected = awaitBatch("tax", "mostly-bad.csv");
        assertThat(rejected.get("STATUS")).isEqualTo("REJECTED");
        assertThat(rejected.get("RECORDS_REJECTED")).isEqualTo(180);
        assertThat(store()).isEqualTo(before);
        assertThat(jdbc.queryForList("SELECT seq FROM batch_reject WHERE batch_id = ? ORDER BY seq", Integer.class,
                rejected.get("ID"))).as("each reject once").hasSize(180).doesNotHaveDuplicates();
        assertThat(rejected("tax", "mostly-bad.csv")).exists();
    }

    @Test
    void anUndoTheStoreRefusesIsFinishedBeforeTheNextBatch() throws Exception {
        drop("tax", "base.csv", taxFile(base()), StandardCharsets.UTF_8);
        assertThat(awaitBatch("tax", "base.csv").get("STATUS")).isEqualTo("APPLIED");

        // the first try fails late and its undo fails too: it stays RUNNING, its file in inbound, no indicator
        // moved; before the file's next try the undo is done and the batch marked FAILED
        doThrow(new DataAccessResourceFailureException("store went away")).doCallRealMethod().when(indicators)
                .recompute(anyLong());
        doThrow(new DataAccessResourceFailureException("store still away")).doCallRealMethod().when(undo).undo(anyLong());
        Path fixes = drop("tax", "fixes.csv", taxFile(corrections()), StandardCharsets.UTF_8);
        Map<String, Object> applied = awaitBatch("tax", "fixes.csv");
        assertThat(applied.get("STATUS")).isEqualTo("PARTIAL");
        List<Map<String, Object>> batches = jdbc.queryForList("SELECT status, reason FROM batch WHERE source = 'fixes.csv'"
                + " ORDER BY id");
        assertThat(batches).hasSize(2);
        assertThat(batches.get(0).get("STATUS")).isEqualTo("FAILED");
        assertThat((String) batches.get(0).get("REASON")).contains("store went away").contains("undone later");
        assertThat(indicator("REVENUE", "2021-01", "420106005", "ALL")).isEqualByComparingTo(expectedStreetJanuary(4));
        assertThat(fixes).doesNotExist();
        assertThat(indicator("ENT_TAXPAYING", "2021-Q1", "DISTRICT", "ALL")).isEqualByComparingTo("170");
    }

    @Test
    void aFailureLateInTheBatchLeavesNothingOfItAndTheSameFileAppliesLater() throws Exception {
        doThrow(new DataAccessResourceFailureException("store went away")).when(indicators).recompute(anyLong());
        String csv = HEADER + A + ",甲,202001,I6513,珞珈山,100,1,0,N\n" + A + ",甲,202002,I6513,珞珈山,200,1,0,N\n";
        drop("tax", "jan-feb.csv", csv, StandardCharsets.UTF_8);
        Map<String, Object> failed = awaitBatch("tax", "jan-feb.csv");
        assertThat(failed.get("STATUS")).isEqualTo("FAILED");
        assertThat((String) failed.get("REASON")).contains("store went away");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tax_return", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM delivery_seen", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM indicator_value", Integer.class)).isZero();
        assertThat(rejected("tax", "jan-feb.csv")).exists();
        assertThat(Files.readString(rejected("tax", "jan-feb.csv.reason.txt"))).contains("FAILED");

        doCallRealMethod().when(indicators).recompute(anyLong());
        drop("tax", "jan-feb-again.csv", csv, StandardCharsets.UTF_8);
        Map<String, Object> applied = awaitBatch("tax", "jan-feb-again.csv");
        assertThat(applied.get("STATUS")).as("not a duplicate: nothing of the failed batch was kept").isEqualTo("APPLIED");
        assertThat(indicator("REVENUE", "2020-Q1", "DISTRICT", "ALL")).isEqualByComparingTo("300");
    }

    @Test
    void aFileStillBeingWrittenIsTakenOnlyOnceComplete() throws Exception {
        Path inbound = DATA_DIR.resolve("inbound/tax");
        Files.createDirectories(inbound);
        Path file = inbound.resolve("slow-upload.csv");
        int rows = 12;
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            out.write(HEADER.getBytes(StandardCharsets.UTF_8));
            out.flush();
            for (int m = 1; m <= rows; m++) {
                Thread.sleep(250);
                out.write(String.format("%s,甲,2021%02d,I6513,珞珈山,%d,1,0,N\n", A, m, m * 10).getBytes(StandardCharsets.UTF_8));
                out.flush();
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch WHERE source = 'slow-upload.csv'",
                        Integer.class)).as("taken while still being written").isZero();
            }
        }
        Map<String, Object> batch = awaitBatch("tax", "slow-upload.csv");
        assertThat(batch.get("STATUS")).isEqualTo("APPLIED");
        assertThat(batch.get("RECORDS_READ")).isEqualTo(rows);
        assertThat(indicator("REVENUE", "2021", "DISTRICT", "ALL")).isEqualByComparingTo("780");
    }
}
