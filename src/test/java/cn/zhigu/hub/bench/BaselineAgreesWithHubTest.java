package cn.zhigu.hub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.zhigu.hub.HubTestSupport;
import cn.zhigu.hub.normalise.Streets;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's yardstick does the hub's job: the hand-written JDBC loader and the hub, given the
 * same generated export, publish the same value for every tax indicator, period, area and industry.
 */
class BaselineAgreesWithHubTest extends HubTestSupport {

    @TempDir
    Path dir;

    @Test
    void baselinePublishesTheSameTaxIndicatorsAsTheHub() throws Exception {
        Streets streets = Streets.load(Path.of("config/streets.csv"));
        Path csv = dir.resolve("city-export.csv");
        TaxData.Summary s = new TaxData(streets.all(), 11).taxFile(csv, 6_000);

        Files.createDirectories(DATA_DIR.resolve("inbound/tax"));
        Path tmp = Files.createTempFile(DATA_DIR, "export", ".tmp");
        Files.copy(csv, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, DATA_DIR.resolve("inbound/tax/city-export.csv"));
        Map<String, Object> batch = awaitBatch("tax", "city-export.csv");
        assertThat(batch.get("RECORDS_READ")).isEqualTo(s.records());
        assertThat(batch.get("RECORDS_REJECTED")).isEqualTo(s.badRows());

        JdbcBaseline.Result r = JdbcBaseline.run("atomic", csv, dir.resolve("store"), streets);
        assertThat(r.rejected()).isEqualTo(s.badRows());
        Map<String, BigDecimal> baseline;
        try (Connection c = DriverManager.getConnection(JdbcBaseline.storeUrl(dir.resolve("store")), "SA", "")) {
            baseline = JdbcBaseline.taxValues(c);
            try (Statement st = c.createStatement()) {
                st.execute("SHUTDOWN");
            }
        }
        Map<String, BigDecimal> hub;
        try (Connection c = jdbc.getDataSource().getConnection()) {
            hub = JdbcBaseline.taxValues(c);
        }
        // 60 months + 20 quarters + 5 years, 16 located areas, ALL and the sections present, 8 indicators
        assertThat(hub).hasSizeGreaterThan(10_000);
        assertThat(baseline).isEqualTo(hub);
    }
}
