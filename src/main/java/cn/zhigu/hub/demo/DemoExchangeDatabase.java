package cn.zhigu.hub.demo;

import cn.zhigu.hub.feeds.RawRecord;
import cn.zhigu.hub.feeds.read.CsvRecordReader;
import cn.zhigu.hub.feeds.tax.TaxReturns;
import cn.zhigu.hub.normalise.Booleans;
import cn.zhigu.hub.normalise.Dates;
import cn.zhigu.hub.normalise.InvalidValueException;
import cn.zhigu.hub.normalise.Money;
import cn.zhigu.hub.normalise.MoneyUnit;
import cn.zhigu.hub.normalise.Streets;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hsqldb.jdbc.JDBCDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Stand-in for the tax bureau's exchange database (前置库, feeds.md F3): an HSQLDB database of its own
 * ({@code hub.demo.exchange-url}, in memory by default), never a Spring DataSource bean, so the hub's
 * store stays the one DataSource. At start the table {@code TAX_ENTERPRISE_MONTHLY} is (re)created and
 * seeded from {@code sample-feeds/tax/*.csv} (files in name order) as clean typed rows: period as
 * yyyyMM, street as its 9-digit code, amounts in 元 (empty = 0), HIGH_TECH Y/N; credit code, name and
 * industry as delivered (so the hub's own checks still show). Rows that do not map are left out; of rows
 * sharing a (credit code, period) key only the last stays, as in the bureau's latest state.
 * {@code UPDATED_AT} runs from 2021-04-01T00:00:00, one second per seeded row in file order.
 */
@Component
@ConditionalOnProperty(name = "hub.demo.enabled", havingValue = "true")
public class DemoExchangeDatabase {

    public static final String TABLE = "TAX_ENTERPRISE_MONTHLY";
    /** UPDATED_AT of the first seeded row. */
    public static final LocalDateTime FIRST_UPDATED_AT = LocalDateTime.of(2021, 4, 1, 0, 0, 0);

    private static final Logger log = LoggerFactory.getLogger(DemoExchangeDatabase.class);
    private static final DateTimeFormatter PERIOD = DateTimeFormatter.ofPattern("yyyyMM");
    private static final String USERNAME = "SA";
    private static final String PASSWORD = "";

    /**
     * One row of the exchange table.
     *
     * @param period    {@code yyyyMM}
     * @param highTech  {@code Y} or {@code N}
     * @param updatedAt null in {@link #insertOrUpdate} means one second after the latest row
     */
    public record Row(String creditCode, String taxpayerName, String period, String industryCode,
            String streetCode, BigDecimal revenue, BigDecimal taxPaid, BigDecimal rdExpense, String highTech,
            LocalDateTime updatedAt) {}

    private final String url;
    private final JdbcTemplate jdbc;

    public DemoExchangeDatabase(@Value("${hub.demo.exchange-url:jdbc:hsqldb:mem:tax-exchange}") String url,
            @Value("${hub.demo.sample-feeds:./sample-feeds}") Path samples, Streets streets) {
        this.url = url;
        JDBCDataSource dataSource = new JDBCDataSource();
        dataSource.setURL(url);
        dataSource.setUser(USERNAME);
        dataSource.setPassword(PASSWORD);
        this.jdbc = new JdbcTemplate(dataSource);
        createTable();
        seed(samples.resolve("tax"), streets);
    }

    private void createTable() {
        jdbc.execute("DROP TABLE " + TABLE + " IF EXISTS");
        jdbc.execute("CREATE TABLE " + TABLE + " ("
                + "CREDIT_CODE VARCHAR(32) NOT NULL, TAXPAYER_NAME VARCHAR(200), PERIOD CHAR(6) NOT NULL,"
                + " INDUSTRY_CODE VARCHAR(8), STREET_CODE VARCHAR(12), REVENUE DECIMAL(18,2), TAX_PAID DECIMAL(18,2),"
                + " RD_EXPENSE DECIMAL(18,2), HIGH_TECH CHAR(1), UPDATED_AT TIMESTAMP NOT NULL,"
                + " PRIMARY KEY (CREDIT_CODE, PERIOD))");
    }

    private void seed(Path dir, Streets streets) {
        Map<List<String>, Row> latest = new LinkedHashMap<>();
        List<RawRecord> records = StandIns.records(dir, "", ".csv", new CsvRecordReader());
        LocalDateTime stamp = FIRST_UPDATED_AT;
        int skipped = 0;
        for (RawRecord r : records) {
            Row row;
            try {
                row = map(r, streets, stamp);
            } catch (InvalidValueException e) {
                skipped++;
                log.debug("Demo exchange database leaves out {}: {}", r.position(), e.getMessage());
                continue;
            }
            stamp = stamp.plusSeconds(1);
            List<String> key = List.of(row.creditCode(), row.period());
            latest.remove(key);
            latest.put(key, row);
        }
        latest.values().forEach(this::insertOrUpdate);
        log.info("Demo tax exchange database {}: {} rows from {} records in {} ({} left out as unmappable)", url,
                latest.size(), records.size(), dir, skipped);
    }

    /** A delivered CSV record as the exchange table's clean typed row. */
    static Row map(RawRecord r, Streets streets, LocalDateTime updatedAt) {
        String code = text(r, TaxReturns.CREDIT_CODE, 32, true);
        String name = text(r, TaxReturns.NAME, 200, false);
        String period = Dates.month(r.get(TaxReturns.PERIOD)).format(PERIOD);
        String industry = text(r, TaxReturns.INDUSTRY, 8, false);
        String street = streets.resolve(r.get(TaxReturns.STREET)).code();
        return new Row(code, name, period, industry, street, amount(r, TaxReturns.REVENUE),
                amount(r, TaxReturns.TAX_PAID), amount(r, TaxReturns.RD_EXPENSE),
                Booleans.parse(r.get(TaxReturns.HIGH_TECH)) ? "Y" : "N", updatedAt);
    }

    private static String text(RawRecord r, String field, int max, boolean required) {
        String v = r.get(field) == null ? null : r.get(field).strip();
        if (v == null || v.isEmpty()) {
            if (required) {
                throw new InvalidValueException(field + " is missing");
            }
            return null;
        }
        if (v.length() > max) {
            throw new InvalidValueException(field + " is longer than " + max + " characters");
        }
        return v;
    }

    private static BigDecimal amount(RawRecord r, String field) {
        BigDecimal v = Money.parse(r.get(field), null, MoneyUnit.YUAN);
        return v == null ? new BigDecimal("0.00") : v;
    }

    /**
     * Inserts the row, or replaces the one with its (credit code, period), as a correction at the bureau
     * would. A null {@code updatedAt} becomes one second after the latest row's.
     */
    public void insertOrUpdate(Row row) {
        LocalDateTime updatedAt = row.updatedAt() != null ? row.updatedAt() : nextUpdatedAt();
        jdbc.update("MERGE INTO " + TABLE + " t USING (VALUES (CAST(? AS VARCHAR(32)), CAST(? AS VARCHAR(200)),"
                + " CAST(? AS CHAR(6)), CAST(? AS VARCHAR(8)), CAST(? AS VARCHAR(12)), CAST(? AS DECIMAL(18,2)),"
                + " CAST(? AS DECIMAL(18,2)), CAST(? AS DECIMAL(18,2)), CAST(? AS CHAR(1)), CAST(? AS TIMESTAMP)))"
                + " AS s (CREDIT_CODE, TAXPAYER_NAME, PERIOD, INDUSTRY_CODE, STREET_CODE, REVENUE, TAX_PAID,"
                + " RD_EXPENSE, HIGH_TECH, UPDATED_AT)"
                + " ON t.CREDIT_CODE = s.CREDIT_CODE AND t.PERIOD = s.PERIOD"
                + " WHEN MATCHED THEN UPDATE SET TAXPAYER_NAME = s.TAXPAYER_NAME, INDUSTRY_CODE = s.INDUSTRY_CODE,"
                + " STREET_CODE = s.STREET_CODE, REVENUE = s.REVENUE, TAX_PAID = s.TAX_PAID,"
                + " RD_EXPENSE = s.RD_EXPENSE, HIGH_TECH = s.HIGH_TECH, UPDATED_AT = s.UPDATED_AT"
                + " WHEN NOT MATCHED THEN INSERT VALUES (s.CREDIT_CODE, s.TAXPAYER_NAME, s.PERIOD, s.INDUSTRY_CODE,"
                + " s.STREET_CODE, s.REVENUE, s.TAX_PAID, s.RD_EXPENSE, s.HIGH_TECH, s.UPDATED_AT)",
                row.creditCode(), row.taxpayerName(), row.period(), row.industryCode(), row.streetCode(),
                row.revenue(), row.taxPaid(), row.rdExpense(), row.highTech(), Timestamp.valueOf(updatedAt));
    }

    /** One second after the latest UPDATED_AT ({@link #FIRST_UPDATED_AT} for an empty table). */
    public LocalDateTime nextUpdatedAt() {
        Timestamp max = jdbc.queryForObject("SELECT MAX(UPDATED_AT) FROM " + TABLE, Timestamp.class);
        return max == null ? FIRST_UPDATED_AT : max.toLocalDateTime().plusSeconds(1);
    }

    /** Runs one SQL statement against the exchange database; returns the rows it changed. */
    public int execute(String sql, Object... args) {
        return jdbc.update(sql, args);
    }

    /** Direct access for tests: a JdbcTemplate on the exchange database (not a bean). */
    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Rows in {@link #TABLE}. */
    public int rowCount() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE, Integer.class);
        return n == null ? 0 : n;
    }

    public String jdbcUrl() {
        return url;
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return PASSWORD;
    }
}
