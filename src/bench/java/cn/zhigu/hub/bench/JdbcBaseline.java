package cn.zhigu.hub.bench;

import cn.zhigu.hub.normalise.Booleans;
import cn.zhigu.hub.normalise.CreditCode;
import cn.zhigu.hub.normalise.Dates;
import cn.zhigu.hub.normalise.Industry;
import cn.zhigu.hub.normalise.IndustryCode;
import cn.zhigu.hub.normalise.Money;
import cn.zhigu.hub.normalise.MoneyUnit;
import cn.zhigu.hub.normalise.Street;
import cn.zhigu.hub.normalise.Streets;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.flywaydb.core.Flyway;

/**
 * The baseline of issue 6: a hand-written JDBC loader doing the hub's job for one tax export, in plain
 * java.sql (no Camel, no Spring). The hub's Flyway migrations create the same HSQLDB file store (same
 * URL settings as config/application.yaml), the reference tables are filled as the hub fills them, the
 * file is read with commons-csv and each row normalised by the hub's pure functions
 * (cn.zhigu.hub.normalise), rows go in by batched MERGE (1,000 a batch; a later row for a key wins),
 * rejects into batch_reject with the ledger row, and then every tax indicator is recomputed in full and
 * published with revisions by a frozen copy of the statements of the hub's full recompute
 * (IndicatorRecompute as of commit 0acf54f: tax cube, measures, growth, publish). It is a copy, not a
 * call, so that the yardstick stays put while the hub gets faster; {@code BaselineAgreesWithHubTest}
 * checks that both publish the same values.
 *
 * <p>Modes: {@code atomic} (everything in one transaction, as feeds.md wants), {@code commit10k}
 * (a commit every 10,000 rows, then the recompute in its own transaction) and {@code parse} (read and
 * normalise only, no store).
 *
 * <p>Usage: {@code JdbcBaseline MODE CSV STORE_DIR STREETS_CSV}. Prints one line
 * {@code BASELINE key=value ...} with the phase timings (ms) and the peak RSS (VmHWM, kB).
 */
public final class JdbcBaseline {

    static final int BATCH = 1000;
    static final int COMMIT_EVERY = 10_000;

    public record Result(String mode, int read, int accepted, int rejected, long migrateMs, long loadMs,
            long recomputeMs, long jobMs) {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: JdbcBaseline atomic|commit10k|parse CSV STORE_DIR STREETS_CSV");
            System.exit(2);
        }
        Result r = run(args[0], Path.of(args[1]), Path.of(args[2]), Streets.load(Path.of(args[3])));
        System.out.printf("BASELINE mode=%s read=%d accepted=%d rejected=%d migrateMs=%d loadMs=%d recomputeMs=%d"
                + " jobMs=%d vmhwmKb=%d%n", r.mode(), r.read(), r.accepted(), r.rejected(), r.migrateMs(), r.loadMs(),
                r.recomputeMs(), r.jobMs(), Procfs.vmHwmKb(ProcessHandle.current().pid()));
    }

    public static String storeUrl(Path storeDir) {
        return "jdbc:hsqldb:file:" + storeDir.toAbsolutePath().resolve("hub")
                + ";hsqldb.default_table_type=cached;hsqldb.tx=mvcc;hsqldb.write_delay=false;shutdown=true";
    }

    public static Result run(String mode, Path csv, Path storeDir, Streets streets) throws Exception {
        if (!mode.equals("atomic") && !mode.equals("commit10k") && !mode.equals("parse")) {
            throw new IllegalArgumentException("unknown mode " + mode);
        }
        if (mode.equals("parse")) {
            long t0 = System.nanoTime();
            int[] counts = load(csv, streets, null, 0, false);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            return new Result(mode, counts[0], counts[1], counts[2], 0, ms, 0, ms);
        }
        long t0 = System.nanoTime();
        String url = storeUrl(storeDir);
        Flyway.configure().dataSource(url, "SA", "").locations("classpath:db/migration").load().migrate();
        try (Connection con = DriverManager.getConnection(url, "SA", "")) {
            referenceData(con, streets);
            long migrated = System.nanoTime();
            con.setAutoCommit(false);
            long batchId = openBatch(con, csv.getFileName().toString());
            int[] counts = load(csv, streets, con, batchId, mode.equals("commit10k"));
            try (PreparedStatement ps = con.prepareStatement("UPDATE batch SET status = ?, finished_at = ?,"
                    + " records_read = ?, records_accepted = ?, records_rejected = ? WHERE id = ?")) {
                ps.setString(1, counts[2] == 0 ? "APPLIED" : "PARTIAL");
                ps.setObject(2, OffsetDateTime.now());
                ps.setInt(3, counts[0]);
                ps.setInt(4, counts[1]);
                ps.setInt(5, counts[2]);
                ps.setLong(6, batchId);
                ps.executeUpdate();
            }
            if (mode.equals("commit10k")) {
                con.commit();
            }
            long loaded = System.nanoTime();
            recomputeTax(con, batchId);
            con.commit();
            long done = System.nanoTime();
            return new Result(mode, counts[0], counts[1], counts[2], (migrated - t0) / 1_000_000,
                    (loaded - migrated) / 1_000_000, (done - loaded) / 1_000_000, (done - migrated) / 1_000_000);
        }
    }

    // ---- load ----

    static final String MERGE = """
            MERGE INTO tax_return t
            USING (VALUES (CAST(? AS VARCHAR(18)), CAST(? AS INTEGER), CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(8)),
                           CAST(? AS CHAR(1)), CAST(? AS CHAR(9)), CAST(? AS DECIMAL(20,2)), CAST(? AS DECIMAL(20,2)),
                           CAST(? AS DECIMAL(20,2)), CAST(? AS BOOLEAN), CAST(? AS BIGINT)))
               AS s (credit_code, period_month, taxpayer_name, industry_code, industry_section, street_code,
                     revenue, tax_paid, rd_expense, high_tech, batch_id)
            ON (t.credit_code = s.credit_code AND t.period_month = s.period_month)
            WHEN MATCHED THEN UPDATE SET taxpayer_name = s.taxpayer_name, industry_code = s.industry_code,
                 industry_section = s.industry_section, street_code = s.street_code, revenue = s.revenue,
                 tax_paid = s.tax_paid, rd_expense = s.rd_expense, high_tech = s.high_tech, batch_id = s.batch_id
            WHEN NOT MATCHED THEN INSERT (credit_code, period_month, taxpayer_name, industry_code, industry_section,
                 street_code, revenue, tax_paid, rd_expense, high_tech, batch_id)
              VALUES (s.credit_code, s.period_month, s.taxpayer_name, s.industry_code, s.industry_section,
                 s.street_code, s.revenue, s.tax_paid, s.rd_expense, s.high_tech, s.batch_id)
            """;

    /** Reads, normalises and (with a connection) stores the file; returns {read, accepted, rejected}. */
    static int[] load(Path csv, Streets streets, Connection con, long batchId, boolean commitEvery10k) throws Exception {
        int read = 0;
        int accepted = 0;
        int rejected = 0;
        int pending = 0;
        int pendingRejects = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(csv), TaxData.GBK), 1 << 16);
                CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in);
                PreparedStatement merge = con == null ? null : con.prepareStatement(MERGE);
                PreparedStatement reject = con == null ? null : con.prepareStatement(
                        "INSERT INTO batch_reject (batch_id, seq, position, raw_text, reason) VALUES (?, ?, ?, ?, ?)")) {
            Map<String, Integer> col = parser.getHeaderMap();
            int code = col.get("统一社会信用代码");
            int name = col.get("纳税人名称");
            int period = col.get("所属期");
            int industry = col.get("行业代码");
            int street = col.get("街道");
            int revenue = col.get("营业收入");
            int tax = col.get("实缴税额");
            int rd = col.get("研发费用");
            int highTech = col.get("高新技术企业");
            for (CSVRecord r : parser) {
                read++;
                try {
                    String c = CreditCode.normalise(r.get(code));
                    YearMonth m = Dates.month(r.get(period));
                    IndustryCode ind = Industry.normalise(r.get(industry));
                    Street s = streets.resolve(r.get(street));
                    BigDecimal rev = amount(r.get(revenue));
                    BigDecimal tx = amount(r.get(tax));
                    BigDecimal rdx = amount(r.get(rd));
                    boolean ht = Booleans.parse(r.get(highTech));
                    String n = r.get(name).strip();
                    accepted++;
                    if (merge == null) {
                        continue;
                    }
                    merge.setString(1, c);
                    merge.setInt(2, m.getYear() * 100 + m.getMonthValue());
                    merge.setString(3, n.isEmpty() ? null : n);
                    merge.setString(4, ind.code());
                    merge.setString(5, String.valueOf(ind.section()));
                    merge.setString(6, s.code());
                    merge.setBigDecimal(7, rev);
                    merge.setBigDecimal(8, tx);
                    merge.setBigDecimal(9, rdx);
                    merge.setBoolean(10, ht);
                    merge.setLong(11, batchId);
                    merge.addBatch();
                    if (++pending == BATCH) {
                        merge.executeBatch();
                        pending = 0;
                    }
                    if (commitEvery10k && accepted % COMMIT_EVERY == 0) {
                        if (pending > 0) {
                            merge.executeBatch();
                            pending = 0;
                        }
                        if (pendingRejects > 0) {
                            reject.executeBatch();
                            pendingRejects = 0;
                        }
                        con.commit();
                    }
                } catch (RuntimeException e) {
                    rejected++;
                    if (reject != null) {
                        reject.setLong(1, batchId);
                        reject.setInt(2, rejected);
                        reject.setString(3, "line " + (r.getRecordNumber() + 1));
                        reject.setString(4, String.join(",", r.toList()));
                        reject.setString(5, e.getMessage() == null ? e.toString() : e.getMessage());
                        reject.addBatch();
                        pendingRejects++;
                    }
                }
            }
            if (merge != null && pending > 0) {
                merge.executeBatch();
            }
            if (reject != null && pendingRejects > 0) {
                reject.executeBatch();
            }
        }
        return new int[] {read, accepted, rejected};
    }

    private static BigDecimal amount(String raw) {
        BigDecimal v = Money.parse(raw, null, MoneyUnit.YUAN);
        if (v == null) {
            return new BigDecimal("0.00");
        }
        if (v.signum() < 0) {
            throw new IllegalArgumentException("negative amount " + raw);
        }
        return v;
    }

    private static long openBatch(Connection con, String source) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement("INSERT INTO batch (feed, dataset, transport, source,"
                + " received_at, status) VALUES ('tax', 'tax-returns', 'FILE', ?, ?, 'RUNNING')",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, source);
            ps.setObject(2, OffsetDateTime.now());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    // ---- reference tables, as the hub fills them at start ----

    static void referenceData(Connection con, Streets streets) throws SQLException {
        try (Statement s = con.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM period_dim");
            rs.next();
            if (rs.getInt(1) > 0) {
                return;
            }
        }
        con.setAutoCommit(false);
        try (PreparedStatement ps = con.prepareStatement("INSERT INTO period_dim (period, granularity, month_from,"
                + " month_to, start_date, end_date, year_before) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int y = 1949; y <= 2099; y++) {
                period(ps, String.valueOf(y), "Y", YearMonth.of(y, 1), YearMonth.of(y, 12), String.valueOf(y - 1));
                for (int q = 1; q <= 4; q++) {
                    period(ps, y + "-Q" + q, "Q", YearMonth.of(y, q * 3 - 2), YearMonth.of(y, q * 3), (y - 1) + "-Q" + q);
                }
                for (int m = 1; m <= 12; m++) {
                    YearMonth ym = YearMonth.of(y, m);
                    period(ps, ym.toString(), "M", ym, ym, ym.minusYears(1).toString());
                }
            }
            ps.executeBatch();
        }
        try (Statement s = con.createStatement()) {
            s.executeUpdate("INSERT INTO period_month (month_no, period) SELECT m.month_from, p.period FROM period_dim m"
                    + " JOIN period_dim p ON m.month_from BETWEEN p.month_from AND p.month_to WHERE m.granularity = 'M'");
            s.executeUpdate("INSERT INTO industry_dim (industry) VALUES ('ALL')");
            for (char c : "ABCDEFGHIJKLMNOPQRST".toCharArray()) {
                s.executeUpdate("INSERT INTO industry_dim (industry) VALUES ('" + c + "')");
            }
            s.executeUpdate("INSERT INTO area_dim (area, kind) VALUES ('ALL', 'ALL'), ('DISTRICT', 'DISTRICT'), ('ZHIGU', 'ZHIGU')");
        }
        try (PreparedStatement area = con.prepareStatement("INSERT INTO area_dim (area, kind) VALUES (?, 'STREET')");
                PreparedStatement covers = con.prepareStatement("INSERT INTO area_street (area, street_code) VALUES (?, ?)")) {
            for (Street st : streets.all()) {
                area.setString(1, st.code());
                area.addBatch();
                for (String a : st.zhigu() ? new String[] {st.code(), "DISTRICT", "ZHIGU"} : new String[] {st.code(), "DISTRICT"}) {
                    covers.setString(1, a);
                    covers.setString(2, st.code());
                    covers.addBatch();
                }
            }
            area.executeBatch();
            covers.executeBatch();
        }
        con.commit();
        con.setAutoCommit(true);
    }

    private static void period(PreparedStatement ps, String period, String g, YearMonth from, YearMonth to,
            String before) throws SQLException {
        ps.setString(1, period);
        ps.setString(2, g);
        ps.setInt(3, from.getYear() * 100 + from.getMonthValue());
        ps.setInt(4, to.getYear() * 100 + to.getMonthValue());
        ps.setObject(5, from.atDay(1));
        ps.setObject(6, to.atEndOfMonth());
        ps.setString(7, before);
        ps.addBatch();
    }

    // ---- full recompute of the tax indicators: the hub's statements as of 0acf54f, unscoped ----

    static void recomputeTax(Connection con, long batchId) throws SQLException {
        int from;
        int to;
        try (Statement s = con.createStatement();
                ResultSet rs = s.executeQuery("SELECT MIN(period_month), MAX(period_month) FROM tax_return")) {
            rs.next();
            from = rs.getInt(1);
            to = rs.getInt(2);
            if (rs.wasNull()) {
                return;
            }
        }
        exec(con, "DELETE FROM indicator_calc");
        exec(con, "DELETE FROM tax_cube");
        String rows = "SELECT credit_code, period_month, street_code, CAST(industry_section AS VARCHAR(3)) AS industry,"
                + " revenue, tax_paid, rd_expense, high_tech FROM tax_return"
                + " UNION ALL SELECT credit_code, period_month, street_code, CAST('ALL' AS VARCHAR(3)),"
                + " revenue, tax_paid, rd_expense, high_tech FROM tax_return";
        try (PreparedStatement ps = con.prepareStatement(
                "INSERT INTO tax_cube (period, area, industry, revenue, tax_paid, rd_expense, ht_revenue, ent, ent_ht)"
                + " SELECT g.period, g.area, i.industry, COALESCE(x.revenue, 0), COALESCE(x.tax_paid, 0),"
                + "   COALESCE(x.rd_expense, 0), COALESCE(x.ht_revenue, 0), COALESCE(x.ent, 0), COALESCE(x.ent_ht, 0)"
                + " FROM (SELECT p.period, a.area FROM period_dim p CROSS JOIN (SELECT area FROM area_dim WHERE kind <> 'ALL') a"
                + "       WHERE p.month_to >= ? AND p.month_from <= ?) g"
                + " CROSS JOIN (SELECT industry FROM industry_dim"
                + "       WHERE industry = 'ALL' OR industry IN (SELECT industry_section FROM tax_return)) i"
                + " LEFT JOIN (SELECT p.period, a.area, t.industry, SUM(t.revenue) AS revenue, SUM(t.tax_paid) AS tax_paid,"
                + "     SUM(t.rd_expense) AS rd_expense, SUM(CASE WHEN t.high_tech THEN t.revenue ELSE 0 END) AS ht_revenue,"
                + "     COUNT(DISTINCT t.credit_code) AS ent, COUNT(DISTINCT CASE WHEN t.high_tech THEN t.credit_code END) AS ent_ht"
                + "   FROM (" + rows + ") t"
                + "   JOIN period_month p ON p.month_no = t.period_month"
                + "   JOIN area_street a ON a.street_code = t.street_code"
                + "   GROUP BY p.period, a.area, t.industry) x"
                + " ON x.period = g.period AND x.area = g.area AND x.industry = i.industry")) {
            ps.setInt(1, from);
            ps.setInt(2, to);
            ps.executeUpdate();
        }
        String[][] measures = {{"ENT_TAXPAYING", "ent"}, {"ENT_HIGHTECH", "ent_ht"}, {"REVENUE", "revenue"},
            {"TAX_PAID", "tax_paid"}, {"RD_EXPENSE", "rd_expense"}, {"HIGHTECH_REVENUE", "ht_revenue"},
            {"RD_INTENSITY", "CASE WHEN revenue = 0 THEN NULL ELSE CAST(rd_expense AS DECIMAL(38,10)) * 100 / revenue END"}};
        for (String[] m : measures) {
            exec(con, "INSERT INTO indicator_calc (code, period, area, industry, val) SELECT '" + m[0]
                    + "', period, area, industry, " + m[1] + " FROM tax_cube");
        }
        exec(con, """
                INSERT INTO indicator_calc (code, period, area, industry, val)
                SELECT 'HIGHTECH_REVENUE_YOY', c.period, c.area, c.industry,
                       CASE WHEN COALESCE(b.ht_revenue, v.val) IS NULL OR COALESCE(b.ht_revenue, v.val) = 0 THEN NULL
                            ELSE CAST(c.ht_revenue AS DECIMAL(38,10)) * 100 / COALESCE(b.ht_revenue, v.val) - 100 END
                  FROM tax_cube c
                  JOIN period_dim p ON p.period = c.period
                  LEFT JOIN tax_cube b ON b.period = p.year_before AND b.area = c.area AND b.industry = c.industry
                  LEFT JOIN indicator_value v ON v.code = 'HIGHTECH_REVENUE' AND v.period = p.year_before
                        AND v.area = c.area AND v.industry = c.industry
                """);
        exec(con, "DELETE FROM tax_cube");
        // publish: a new revision for each new or changed value, a withdrawal for each that is gone
        Timestamp at = new Timestamp(System.currentTimeMillis());
        OffsetDateTime atz = at.toInstant().atOffset(java.time.ZoneOffset.UTC);
        try (PreparedStatement ps = con.prepareStatement("""
                INSERT INTO indicator_revision (code, period, area, industry, revision, val, computed_at, batch_id)
                SELECT c.code, c.period, c.area, c.industry, COALESCE(v.revision, 0) + 1, c.val, ?, ?
                  FROM indicator_calc c
                  LEFT JOIN indicator_value v
                    ON v.code = c.code AND v.period = c.period AND v.area = c.area AND v.industry = c.industry
                 WHERE v.code IS NULL OR v.val IS DISTINCT FROM c.val
                """)) {
            ps.setObject(1, atz);
            ps.setLong(2, batchId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = con.prepareStatement("""
                INSERT INTO indicator_revision (code, period, area, industry, revision, val, computed_at, batch_id)
                SELECT v.code, v.period, v.area, v.industry, v.revision + 1, NULL, ?, ?
                  FROM indicator_value v
                 WHERE v.val IS NOT NULL AND NOT EXISTS (SELECT 1 FROM indicator_calc c
                        WHERE c.code = v.code AND c.period = v.period AND c.area = v.area AND c.industry = v.industry)
                """)) {
            ps.setObject(1, atz);
            ps.setLong(2, batchId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = con.prepareStatement("""
                MERGE INTO indicator_value v
                USING (SELECT * FROM indicator_revision WHERE computed_at = ?) r
                   ON (v.code = r.code AND v.period = r.period AND v.area = r.area AND v.industry = r.industry)
                WHEN MATCHED THEN UPDATE SET val = r.val, revision = r.revision, computed_at = r.computed_at,
                     batch_id = r.batch_id
                WHEN NOT MATCHED THEN INSERT (code, period, area, industry, val, revision, computed_at, batch_id)
                     VALUES (r.code, r.period, r.area, r.industry, r.val, r.revision, r.computed_at, r.batch_id)
                """)) {
            ps.setObject(1, atz);
            ps.executeUpdate();
        }
        exec(con, "DELETE FROM indicator_calc");
    }

    private static void exec(Connection con, String sql) throws SQLException {
        try (Statement s = con.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    /** The published tax values of a store: (code|period|area|industry) to value, for comparison. */
    public static Map<String, BigDecimal> taxValues(Connection con) throws SQLException {
        Map<String, BigDecimal> out = new HashMap<>();
        try (Statement s = con.createStatement(); ResultSet rs = s.executeQuery("SELECT code, period, area, industry, val"
                + " FROM indicator_value WHERE val IS NOT NULL AND code IN ('ENT_TAXPAYING', 'ENT_HIGHTECH', 'REVENUE',"
                + " 'TAX_PAID', 'RD_EXPENSE', 'HIGHTECH_REVENUE', 'RD_INTENSITY', 'HIGHTECH_REVENUE_YOY')")) {
            while (rs.next()) {
                out.put(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4),
                        rs.getBigDecimal(5).stripTrailingZeros());
            }
        }
        return out;
    }
}
