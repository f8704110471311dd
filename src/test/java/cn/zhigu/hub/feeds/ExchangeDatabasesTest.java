package cn.zhigu.hub.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import cn.zhigu.hub.HubProperties;
import cn.zhigu.hub.HubTestSupport;
import cn.zhigu.hub.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The tax pull against the database servers a bureau runs: PostgreSQL (the tests' server, {@link TestPostgres})
 * and MariaDB on 127.0.0.1 (override with HUB_TEST_MARIADB_URL, _USER, _PASSWORD). A server that is not
 * there is skipped with a message saying so (PostgreSQL under CI=true fails instead).
 */
class ExchangeDatabasesTest extends HubTestSupport {

    @Autowired
    Pulls pulls;
    @Autowired
    HubProperties props;

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("PostgreSQL", TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD),
                Arguments.of("MariaDB", TestPostgres.setting("HUB_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test"),
                        TestPostgres.setting("HUB_TEST_MARIADB_USER", "root"),
                        TestPostgres.setting("HUB_TEST_MARIADB_PASSWORD", "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void taxPullReadsTheExchangeTableOfThisServer(String vendor, String url, String user, String password)
            throws Exception {
        Connection con;
        try {
            con = DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            Assumptions.abort(vendor.equals("PostgreSQL") ? TestPostgres.unreachable("the tax pull from PostgreSQL", e)
                    : vendor + " exchange database not reachable at " + url + " (" + e.getMessage()
                    + "); set HUB_TEST_MARIADB_URL / _USER / _PASSWORD to run this test");
            return;
        }
        // on the PostgreSQL server (which other builds share) the exchange table goes in a database of its own
        String ownDatabase = null;
        if (vendor.equals("PostgreSQL")) {
            con.close();
            ownDatabase = TestPostgres.createDatabase();
            url = TestPostgres.urlOf(ownDatabase);
            con = DriverManager.getConnection(url, user, password);
        }
        try {
            pullFrom(url, user, password, con);
        } finally {
            if (ownDatabase != null) {
                TestPostgres.dropDatabase(ownDatabase);
            }
        }
    }

    void pullFrom(String url, String user, String password, Connection con) throws Exception {
        String a = code("91420106MA4K30001");
        String b = code("91420106MA4K30002");
        try (con; Statement st = con.createStatement()) {
            st.execute("DROP TABLE IF EXISTS TAX_ENTERPRISE_MONTHLY");
            st.execute("CREATE TABLE TAX_ENTERPRISE_MONTHLY (CREDIT_CODE VARCHAR(32), TAXPAYER_NAME VARCHAR(200),"
                    + " PERIOD CHAR(6), INDUSTRY_CODE VARCHAR(8), STREET_CODE VARCHAR(12), REVENUE DECIMAL(18,2),"
                    + " TAX_PAID DECIMAL(18,2), RD_EXPENSE DECIMAL(18,2), HIGH_TECH CHAR(1), UPDATED_AT TIMESTAMP)");
            st.execute("INSERT INTO TAX_ENTERPRISE_MONTHLY VALUES"
                    + " ('" + a + "', '甲', '202101', 'I6513', '420106013', 100.00, 1.00, 0.00, 'Y', TIMESTAMP '2021-04-01 08:00:00'),"
                    + " ('" + b + "', '乙', '202101', 'C3911', '420106011000', 200.00, 2.00, 10.00, 'N', TIMESTAMP '2021-04-01 08:00:00'),"
                    + " ('" + a + "', '甲', '202102', 'I6513', '420106013', 300.00, 3.00, 0.00, 'Y', TIMESTAMP '2021-04-01 08:00:00'),"
                    + " ('" + b + "', '乙', '202113', 'C3911', '420106011', 1.00, 0.00, 0.00, 'N', TIMESTAMP '2021-04-02 08:00:00')");
        }
        HubProperties.FeedSettings tax = props.feed("tax");
        String before = tax.getJdbcUrl();
        int pageSize = tax.getPageSize();
        tax.setJdbcUrl(url);
        tax.setUsername(user);
        tax.setPassword(password);
        tax.setPageSize(2);
        try {
            IngestService.Outcome outcome = pulls.syncNow("tax").get(0);
            assertThat(outcome.status()).isEqualTo(cn.zhigu.hub.store.BatchLedger.Status.PARTIAL);
            assertThat(outcome.read()).isEqualTo(4);
            assertThat(outcome.rejected()).isEqualTo(1);
            assertThat(indicator("REVENUE", "2021-Q1", "DISTRICT", "ALL")).isEqualByComparingTo("600");
            assertThat(indicator("RD_INTENSITY", "2021-01", "420106011", "C")).isEqualByComparingTo("5");
            assertThat(pulls.syncNow("tax").get(0).read()).as("nothing read twice").isZero();
        } finally {
            tax.setJdbcUrl(before);
            tax.setPageSize(pageSize);
            tax.setUsername(null);
            tax.setPassword(null);
        }
    }
}
