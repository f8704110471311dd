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
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * A batch commits whole or not at all; a file still being written is not taken. Its context (with a
 * spy) is closed afterwards, so that its routes do not go on polling the shared test folders.
 */
@org.springframework.test.annotation.DirtiesContext
class BatchAtomicityTest extends HubTestSupport {

    static final String A = code("91420106MA4K20001");
    static final String HEADER = "统一社会信用代码,纳税人名称,所属期,行业代码,街道,营业收入,实缴税额,研发费用,高新技术企业\n";

    @MockitoSpyBean
    IndicatorRecompute indicators;

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
