package cn.zhigu.hub.indicators;

import cn.zhigu.hub.store.Sql;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Computes every indicator of the catalogue with set-based SQL over the canonical tables, for every
 * month, quarter and year its data covers and every area, then publishes the values that changed as
 * new revisions (an unchanged value keeps its revision). Runs inside the caller's transaction.
 */
@Component
public class IndicatorRecompute {

    private static final Logger log = LoggerFactory.getLogger(IndicatorRecompute.class);

    private final JdbcTemplate jdbc;
    private final TaxCells cells;
    /** The tax grid after this recompute's batch. */
    private TaxCells.Grid taxGrid;
    /** Whether the recompute under way covers only recompute_scope for the tax indicators. */
    private boolean scoped;

    public IndicatorRecompute(JdbcTemplate jdbc, TaxCells cells) {
        this.jdbc = jdbc;
        this.cells = cells;
    }

    private static int month(String yyyyDashMm) {
        return Integer.parseInt(yyyyDashMm.substring(0, 4) + yyyyDashMm.substring(5, 7));
    }

    /** Periods overlapping months [?, ?] (yyyyMM), crossed with the areas of the given select. */
    private static String grid(String areas) {
        return "SELECT p.period, p.end_date, p.month_to, a.area FROM period_dim p CROSS JOIN (" + areas + ") a"
                + " WHERE p.month_to >= ? AND p.month_from <= ?";
    }

    /** The areas an enterprise can be located in (streets, DISTRICT, ZHIGU). */
    private static final String AREAS = "SELECT area FROM area_dim WHERE kind <> 'ALL'";
    /** The same and ALL, for the indicators that count every record wherever its enterprise is. */
    private static final String AREAS_AND_ALL = "SELECT area FROM area_dim";

    /** The tax indicators: only these are recomputed for just the periods a batch touched. */
    static final String TAX_CODES = "'ENT_TAXPAYING', 'ENT_HIGHTECH', 'REVENUE', 'TAX_PAID', 'RD_EXPENSE',"
            + " 'HIGHTECH_REVENUE', 'RD_INTENSITY', 'HIGHTECH_REVENUE_YOY'";

    /** Every other indicator: recomputed in full with each batch. */
    static final String OTHER_CODES = String.join(", ", Catalogue.all().stream().map(Catalogue.Indicator::code)
            .filter(c -> !TAX_CODES.contains("'" + c + "'")).map(c -> "'" + c + "'").toList());

    /** Everything, for every period (at start when the areas changed, or after an interrupted batch). */
    public void recomputeAll() {
        recompute(null, false);
    }

    /**
     * After a batch: the tax indicators for the months, quarters and years its tax rows fall in (and
     * the growth rates of the same periods a year later); every other indicator, whose tables are
     * small, in full. A batch without tax rows leaves the tax indicators alone.
     */
    public void recompute(long batchId) {
        recompute(batchId, true);
    }

    private void recompute(Long batchId, boolean scoped) {
        long started = System.nanoTime();
        long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        Instant computedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        jdbc.update("DELETE FROM indicator_calc");
        jdbc.update("DELETE FROM recompute_scope");
        this.scoped = scoped;
        boolean taxChanged = true;
        long t = System.nanoTime();
        if (scoped) {
            TaxCells.Grid before = cells.grid();
            Set<String> periods = cells.applyBatch(batchId);
            taxGrid = cells.grid();
            taxChanged = periods == null || !periods.isEmpty();
            if (taxChanged && (periods == null || !taxGrid.equals(before))) {
                // the cells were rebuilt, or the grid grew (months or sections): every tax value of the grid
                jdbc.update("INSERT INTO recompute_scope (period) SELECT period FROM period_dim"
                        + " WHERE month_to >= ? AND month_from <= ?", month(taxGrid.firstMonth()), month(taxGrid.lastMonth()));
            } else if (taxChanged) {
                jdbc.batchUpdate("INSERT INTO recompute_scope (period) VALUES (?)",
                        periods.stream().map(p -> new Object[] {p}).toList());
            }
        } else {
            cells.rebuild();
            taxGrid = cells.grid();
        }
        log.debug("recompute tax cells: {} ms", (System.nanoTime() - t) / 1_000_000);
        if (taxChanged && taxGrid != null) {
            step("tax", this::tax);
        }
        step("settlement", this::settlement);
        step("carriers", this::carriers);
        step("locations", this::enterpriseLocations);
        step("transfers", this::transfers);
        step("fund", this::fund);
        step("publish", () -> publish(computedAt, batchId));
        jdbc.update("DELETE FROM recompute_scope");
        log.debug("indicators recomputed in {} ms ({} ms of this thread's CPU)", (System.nanoTime() - started) / 1_000_000,
                (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu) / 1_000_000);
    }

    private void step(String name, Runnable r) {
        long t = System.nanoTime();
        r.run();
        log.debug("recompute {}: {} ms", name, (System.nanoTime() - t) / 1_000_000);
    }

    // ---- F3 tax: by industry, placed by each row's own street and industry ----

    private void tax() {
        jdbc.update("DELETE FROM tax_cube");
        String periodScope = scoped ? " AND p.period IN (SELECT period FROM recompute_scope)" : "";
        String industries = "SELECT industry FROM industry_dim WHERE industry IN ("
                + String.join(", ", taxGrid.industries().stream().map(i -> "'" + i.replace("'", "") + "'").toList()) + ")";
        jdbc.update("INSERT INTO tax_cube (period, area, industry, revenue, tax_paid, rd_expense, ht_revenue, ent, ent_ht)"
                + " SELECT g.period, g.area, i.industry,"
                + "   COALESCE(x.revenue, 0), COALESCE(x.tax_paid, 0), COALESCE(x.rd_expense, 0),"
                + "   COALESCE(x.ht_revenue, 0), COALESCE(x.ent, 0), COALESCE(x.ent_ht, 0)"
                + " FROM (" + grid(AREAS) + periodScope + ") g CROSS JOIN (" + industries + ") i"
                + " LEFT JOIN tax_cell x ON x.period = g.period AND x.area = g.area AND x.industry = i.industry",
                month(taxGrid.firstMonth()), month(taxGrid.lastMonth()));
        String[][] measures = {
            {"ENT_TAXPAYING", "ent"}, {"ENT_HIGHTECH", "ent_ht"}, {"REVENUE", "revenue"}, {"TAX_PAID", "tax_paid"},
            {"RD_EXPENSE", "rd_expense"}, {"HIGHTECH_REVENUE", "ht_revenue"},
            {"RD_INTENSITY", "CASE WHEN revenue = 0 THEN NULL"
                    + " ELSE CAST(rd_expense AS DECIMAL(38,10)) * 100 / revenue END"}
        };
        for (String[] m : measures) {
            jdbc.update("INSERT INTO indicator_calc (code, period, area, industry, val)"
                    + " SELECT '" + m[0] + "', period, area, industry, " + m[1] + " FROM tax_cube");
        }
        // growth: this period's high-tech revenue against the same period a year before, which is in the
        // cube when this recompute covers it and otherwise is the published value
        jdbc.update("""
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
        if (scoped) {
            // and the growth of the same periods a year later, whose base this batch changed
            jdbc.update("""
                    INSERT INTO indicator_calc (code, period, area, industry, val)
                    SELECT 'HIGHTECH_REVENUE_YOY', n.period, c.area, c.industry,
                           CASE WHEN c.ht_revenue = 0 THEN NULL
                                ELSE CAST(v.val AS DECIMAL(38,10)) * 100 / c.ht_revenue - 100 END
                      FROM tax_cube c
                      JOIN period_dim n ON n.year_before = c.period
                      JOIN indicator_value v ON v.code = 'HIGHTECH_REVENUE' AND v.period = n.period
                            AND v.area = c.area AND v.industry = c.industry
                     WHERE n.period NOT IN (SELECT period FROM recompute_scope)
                    """);
        }
        jdbc.update("DELETE FROM tax_cube");
    }

    // ---- F4a settlement ledger: stocks at the end of each period, placed by the ledger row's street ----

    private void settlement() {
        int[] range = stockRange("SELECT MIN(settled_on), MAX(COALESCE(left_on, settled_on)) FROM settlement");
        if (range == null) {
            return;
        }
        // Every period ends on the last day of a month, so an enterprise is there at the end of P when it
        // settled in a month up to P's last and left (if at all) in a later month: each row is +1 (and its
        // floor space) in the month it settled and -1 in the month it left, and a period's stock is the sum
        // of those changes up to its last month. The changes are few (streets x months) however long the
        // ledger, where joining every row to every period was not. A row that left on or before the day it
        // settled is never there.
        String month = "CAST(EXTRACT(YEAR FROM %1$s) * 100 + EXTRACT(MONTH FROM %1$s) AS INTEGER)";
        String changes = "SELECT a.area, x.month_no, SUM(x.n) AS n, SUM(x.m2) AS m2 FROM ("
                + "   SELECT street_code, " + String.format(month, "settled_on") + " AS month_no, 1 AS n,"
                + "          COALESCE(area_m2, 0) AS m2 FROM settlement WHERE left_on IS NULL OR left_on > settled_on"
                + "   UNION ALL"
                + "   SELECT street_code, " + String.format(month, "left_on") + ", -1, -COALESCE(area_m2, 0)"
                + "     FROM settlement WHERE left_on > settled_on) x"
                + " JOIN area_street a ON a.street_code = x.street_code"
                + " GROUP BY a.area, x.month_no";
        String present = "SELECT g.period, g.area, COALESCE(SUM(d.n), 0) AS n, COALESCE(SUM(d.m2), 0) AS m2"
                + " FROM (" + grid(AREAS) + ") g"
                + " LEFT JOIN (" + changes + ") d ON d.area = g.area AND d.month_no <= g.month_to"
                + " GROUP BY g.period, g.area";
        jdbc.update("INSERT INTO indicator_calc (code, period, area, industry, val)"
                + " SELECT 'ENT_SETTLED', period, area, 'ALL', n FROM (" + present + ") x", range[0], range[1]);
        jdbc.update("INSERT INTO indicator_calc (code, period, area, industry, val)"
                + " SELECT 'SPACE_OCCUPIED', period, area, 'ALL', m2 FROM (" + present + ") x", range[0], range[1]);
    }

    // ---- F4b carriers: stocks ----

    private void carriers() {
        int[] range = stockRange("SELECT MIN(recognised_on), MAX(recognised_on) FROM carrier");
        if (range == null) {
            return;
        }
        jdbc.update("INSERT INTO indicator_calc (code, period, area, industry, val)"
                + " SELECT x.code, x.period, x.area, 'ALL', x.n FROM ("
                + "   SELECT CAST('CARRIERS' AS VARCHAR(32)) AS code, g.period, g.area, COUNT(c.carrier_name) AS n"
                + "   FROM (" + grid(AREAS) + ") g"
                + "   LEFT JOIN (SELECT c.*, a.area FROM carrier c JOIN area_street a ON a.street_code = c.street_code) c"
                + "     ON c.area = g.area AND c.recognised_on <= g.end_date"
                + "   GROUP BY g.period, g.area"
                + "   UNION ALL"
                + "   SELECT CAST('CARRIERS_PROVINCIAL' AS VARCHAR(32)), g.period, g.area, COUNT(c.carrier_name)"
                + "   FROM (" + grid(AREAS) + ") g"
                + "   LEFT JOIN (SELECT c.*, a.area FROM carrier c JOIN area_street a ON a.street_code = c.street_code"
                + "              WHERE c.carrier_level IN ('NATIONAL', 'PROVINCIAL')) c"
                + "     ON c.area = g.area AND c.recognised_on <= g.end_date"
                + "   GROUP BY g.period, g.area) x",
                range[0], range[1], range[0], range[1]);
    }

    // ---- F1a + F2 and F1b: placed by the enterprise master record; ALL counts every record ----

    /**
     * Where each licensee and investee is, by the master-record rule of the view enterprise_master
     * (settlement street while not moved out, else the street of the latest tax row), evaluated here
     * for just these enterprises so that the tax table is only probed by key.
     */
    private void enterpriseLocations() {
        jdbc.update("DELETE FROM enterprise_loc");
        jdbc.update("""
                INSERT INTO enterprise_loc (credit_code, street_code)
                SELECT k.credit_code,
                       COALESCE((SELECT s.street_code FROM settlement s
                                  WHERE s.credit_code = k.credit_code
                                    AND (s.left_on IS NULL OR s.left_on > CURRENT_DATE)),
                                (SELECT t.street_code FROM tax_return t
                                  WHERE t.credit_code = k.credit_code
                                    AND t.period_month = (SELECT MAX(t2.period_month) FROM tax_return t2
                                                           WHERE t2.credit_code = k.credit_code)))
                  FROM (SELECT licensee_code AS credit_code FROM tt_contract
                        UNION SELECT investee_code FROM fund_investment) k
                """);
    }

    /** (credit code, area) for every located enterprise, plus ALL for every enterprise. */
    private static final String ENTERPRISE_AREAS = "SELECT l.credit_code, a.area FROM enterprise_loc l"
            + " JOIN area_street a ON a.street_code = l.street_code"
            + " UNION ALL SELECT credit_code, CAST('ALL' AS VARCHAR(9)) FROM enterprise_loc";

    private void transfers() {
        int[] range = monthRange("SELECT MIN(signed_on), MAX(signed_on) FROM tt_contract");
        if (range == null) {
            return;
        }
        String signed = "SELECT g.period, g.area, COUNT(x.contract_no) AS n, COALESCE(SUM(x.amount), 0) AS amt"
                + " FROM (" + grid(AREAS_AND_ALL) + ") g"
                + " JOIN period_dim p ON p.period = g.period"
                + " LEFT JOIN (SELECT c.contract_no, c.amount, c.signed_on, e.area FROM tt_contract c"
                + "            JOIN (" + ENTERPRISE_AREAS + ") e ON e.credit_code = c.licensee_code"
                + "            WHERE c.counted) x"
                + "   ON x.area = g.area AND x.signed_on BETWEEN p.start_date AND p.end_date"
                + " GROUP BY g.period, g.area";
        jdbc.update("INSERT INTO indicator_calc (code, period, area, industry, val)"
                + " SELECT 'TT_CONTRACTS', period, area, 'ALL', n FROM (" + signed + ") x", range[0], range[1]);
        jdbc.update("INSERT INTO indicator_calc (code, period, area, industry, val)"
                + " SELECT 'TT_AMOUNT', period, area, 'ALL', amt FROM (" + signed + ") x", range[0], range[1]);
        jdbc.update("""
                INSERT INTO indicator_calc (code, period, area, industry, val)
                SELECT 'TT_LOCAL_RATE', c.period, c.area, 'ALL',
                       CASE WHEN t.val = 0 THEN NULL ELSE CAST(c.val AS DECIMAL(38,10)) * 100 / t.val END
                  FROM indicator_calc c
                  JOIN indicator_calc t ON t.code = 'TT_CONTRACTS' AND t.period = c.period AND t.area = 'ALL'
                 WHERE c.code = 'TT_CONTRACTS' AND c.area <> 'ALL'
                """);
    }

    private void fund() {
        int[] range = stockRange("SELECT MIN(invested_on), MAX(invested_on) FROM fund_investment");
        if (range == null) {
            return;
        }
        String invested = "SELECT g.period, g.area, COUNT(x.investment_id) AS n, COALESCE(SUM(x.amount), 0) AS amt"
                + " FROM (" + grid(AREAS_AND_ALL) + ") g"
                + " LEFT JOIN (SELECT f.investment_id, f.amount, f.invested_on, e.area FROM fund_investment f"
                + "            JOIN (" + ENTERPRISE_AREAS + ") e ON e.credit_code = f.investee_code) x"
                + "   ON x.area = g.area AND x.invested_on <= g.end_date"
                + " GROUP BY g.period, g.area";
        jdbc.update("INSERT INTO indicator_calc (code, period, area, industry, val)"
                + " SELECT 'FUND_PROJECTS', period, area, 'ALL', n FROM (" + invested + ") x", range[0], range[1]);
        jdbc.update("INSERT INTO indicator_calc (code, period, area, industry, val)"
                + " SELECT 'FUND_AMOUNT', period, area, 'ALL', amt FROM (" + invested + ") x", range[0], range[1]);
    }

    // ---- revisions ----

    private void publish(Instant computedAt, Long batchId) {
        var at = Sql.timestamp(computedAt);
        long t0 = System.nanoTime();
        int changed = jdbc.update("""
                INSERT INTO indicator_revision (code, period, area, industry, revision, val, computed_at, batch_id)
                SELECT c.code, c.period, c.area, c.industry, COALESCE(v.revision, 0) + 1, c.val, ?, ?
                  FROM indicator_calc c
                  LEFT JOIN indicator_value v
                    ON v.code = c.code AND v.period = c.period AND v.area = c.area AND v.industry = c.industry
                 WHERE v.code IS NULL OR v.val IS DISTINCT FROM c.val
                """, at, batchId);
        // values no longer computed are withdrawn: those of the other indicators, recomputed in full, and
        // those of the tax indicators in the periods this recompute covered (found by the period index)
        String withdraw = """
                INSERT INTO indicator_revision (code, period, area, industry, revision, val, computed_at, batch_id)
                SELECT v.code, v.period, v.area, v.industry, v.revision + 1, NULL, ?, ?
                  FROM %s
                 WHERE v.val IS NOT NULL AND v.code IN (%s) AND NOT EXISTS (SELECT 1 FROM indicator_calc c
                        WHERE c.code = v.code AND c.period = v.period AND c.area = v.area AND c.industry = v.industry)
                """;
        long t1 = System.nanoTime();
        int gone = jdbc.update(withdraw.formatted("indicator_value v", OTHER_CODES), at, batchId);
        long t2 = System.nanoTime();
        // (a scoped one reads the values of its few periods through the period index, not every value)
        gone += jdbc.update(withdraw.formatted(scoped ? "recompute_scope s JOIN indicator_value v ON v.period = s.period"
                : "indicator_value v",
                        TAX_CODES), at, batchId);
        long t3 = System.nanoTime();
        jdbc.update("""
                MERGE INTO indicator_value v
                USING (SELECT * FROM indicator_revision WHERE computed_at = ?) r
                   ON (v.code = r.code AND v.period = r.period AND v.area = r.area AND v.industry = r.industry)
                WHEN MATCHED THEN UPDATE SET val = r.val, revision = r.revision, computed_at = r.computed_at,
                     batch_id = r.batch_id
                WHEN NOT MATCHED THEN INSERT (code, period, area, industry, val, revision, computed_at, batch_id)
                     VALUES (r.code, r.period, r.area, r.industry, r.val, r.revision, r.computed_at, r.batch_id)
                """, at);
        long t4 = System.nanoTime();
        jdbc.update("DELETE FROM indicator_calc");
        log.debug("publish: revisions {} ms, withdrawn others {} ms, withdrawn tax {} ms, values {} ms, calc cleared {} ms",
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000,
                (System.nanoTime() - t4) / 1_000_000);
        log.info("indicators published: {} new or changed values, {} withdrawn (batch {})", changed, gone, batchId);
    }

    // ---- ranges ----

    /** [first, last] month (yyyyMM) of a MIN/MAX query over months or dates, or null when there is no data. */
    private int[] monthRange(String sql) {
        return jdbc.query(sql, rs -> {
            rs.next();
            Object min = rs.getObject(1);
            Object max = rs.getObject(2);
            if (min == null) {
                return null;
            }
            return new int[] {toMonth(min), toMonth(max)};
        });
    }

    /** Like monthRange, but a stock runs on to the current month. */
    private int[] stockRange(String sql) {
        int[] r = monthRange(sql);
        if (r == null) {
            return null;
        }
        LocalDate today = LocalDate.now();
        return new int[] {r[0], Math.max(r[1], today.getYear() * 100 + today.getMonthValue())};
    }

    private static int toMonth(Object v) {
        if (v instanceof Number n) {
            return n.intValue();
        }
        LocalDate d = v instanceof Date date ? date.toLocalDate() : LocalDate.parse(v.toString().substring(0, 10));
        return d.getYear() * 100 + d.getMonthValue();
    }
}
