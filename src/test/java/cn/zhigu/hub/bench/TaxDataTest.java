package cn.zhigu.hub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.zhigu.hub.normalise.Streets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's tax export is what issue 6 describes, and the same for the same seed. */
class TaxDataTest {

    static final Streets STREETS = Streets.load(Path.of("config/streets.csv"));

    @TempDir
    Path dir;

    @Test
    void exportHasTwoPercentCorrectionsAndTwoPerMilleBadRowsThatTheHubsRulesReject() throws Exception {
        Path csv = dir.resolve("tax.csv");
        TaxData.Summary s = new TaxData(STREETS.all(), 7).taxFile(csv, 60_000);
        assertThat(s.enterprises()).isEqualTo(1_000);
        assertThat(s.corrections()).isBetween(1_000, 1_400);
        assertThat(s.badRows()).isBetween(80, 160);

        // read and normalised by the hub's own rules: exactly the bad rows are rejected
        JdbcBaseline.Result parsed = JdbcBaseline.run("parse", csv, dir.resolve("unused"), STREETS);
        assertThat(parsed.read()).isEqualTo(s.records());
        assertThat(parsed.rejected()).isEqualTo(s.badRows());
        assertThat(parsed.accepted()).isEqualTo(s.rows() + s.corrections());
        // about 98.8 MB for a million rows, as the reference file
        assertThat(s.bytes() / (double) s.records()).isBetween(90.0, 105.0);
        assertThat(new String(Files.readAllBytes(csv), TaxData.GBK)).startsWith("统一社会信用代码,纳税人名称,所属期");
    }

    @Test
    void sameSeedSameFileOtherSeedOtherFile() throws Exception {
        new TaxData(STREETS.all(), 1).taxFile(dir.resolve("a.csv"), 6_000);
        new TaxData(STREETS.all(), 1).taxFile(dir.resolve("b.csv"), 6_000);
        new TaxData(STREETS.all(), 2).taxFile(dir.resolve("c.csv"), 6_000);
        assertThat(Files.mismatch(dir.resolve("a.csv"), dir.resolve("b.csv"))).isEqualTo(-1L);
        assertThat(Files.mismatch(dir.resolve("a.csv"), dir.resolve("c.csv"))).isNotEqualTo(-1L);
    }
}
