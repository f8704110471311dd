package cn.zhigu.hub.indicators;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps tax_cell, the tax measures of every (period, area, industry), current with the tax rows.
 *
 * <p>A batch changes the cells of the enterprise-periods it touched only: for each enterprise it
 * wrote, and each month, quarter and year of the months it wrote, the enterprise's old contribution
 * (its rows as they were, the batch's own rows taken from their before-image in the prior_* columns)
 * is taken away and its new one added. Sums move by the difference; the distinct-enterprise counts
 * move by the enterprise's presence before and after, which depends on that enterprise's rows in the
 * period alone. So a 100-row correction reads 100 enterprises' rows, whatever the size of the store.
 *
 * <p>A big batch, or a full recompute, rebuilds every cell in one pass over the rows in key order
 * (credit code, month): one enterprise's rows at a time, in pages, so memory holds the cells and one
 * page whatever the number of rows. This is aggregation in Java rather than one GROUP BY because a
 * COUNT(DISTINCT) over every row expanded to its periods, areas and industries is what made HSQLDB's
 * recompute slow (tens of seconds for a million rows), and it would hold that expansion in memory.
 */
@Component
public class TaxCells {

    /** Rows per page of the rebuild's pass over tax_return (more than one enterprise's months). */
    static final int PAGE = 20_000;
    /** A batch writing more than this share of the rows rebuilds every cell instead of moving some. */
    static final double REBUILD_SHARE = 0.2;

    /** REBUILD_SHARE, but a test can make every batch move the cells. */
    double rebuildShare = REBUILD_SHARE;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TaxCells.class);

    private final JdbcTemplate jdbc;

    public TaxCells(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One tax row's contribution: where it counts and how much. */
    record Row(int month, String street, String section, BigDecimal revenue, BigDecimal taxPaid,
            BigDecimal rdExpense, boolean highTech) {}

    record Cell(String period, String area, String industry) {}

    /** The measures of a cell (or one enterprise's share of it: ent and entHt then 0 or 1). */
    static final class Measures {
        BigDecimal revenue = BigDecimal.ZERO;
        BigDecimal taxPaid = BigDecimal.ZERO;
        BigDecimal rdExpense = BigDecimal.ZERO;
        BigDecimal htRevenue = BigDecimal.ZERO;
        int ent;
        int entHt;

        void add(Measures m, int sign) {
            revenue = sign > 0 ? revenue.add(m.revenue) : revenue.subtract(m.revenue);
            taxPaid = sign > 0 ? taxPaid.add(m.taxPaid) : taxPaid.subtract(m.taxPaid);
            rdExpense = sign > 0 ? rdExpense.add(m.rdExpense) : rdExpense.subtract(m.rdExpense);
            htRevenue = sign > 0 ? htRevenue.add(m.htRevenue) : htRevenue.subtract(m.htRevenue);
            ent += sign * m.ent;
            entHt += sign * m.entHt;
        }

        boolean isZero() {
            return ent == 0 && entHt == 0 && revenue.signum() == 0 && taxPaid.signum() == 0
                    && rdExpense.signum() == 0 && htRevenue.signum() == 0;
        }
    }

    /** The grid the tax indicators are published on: the month range and the sections with rows. */
    record Grid(String firstMonth, String lastMonth, Set<String> industries) {}

    /** The current grid, from the cells; null when there are no tax rows. */
    Grid grid() {
        String[] months = jdbc.queryForObject("SELECT MIN(period), MAX(period) FROM tax_cell"
                + " WHERE period LIKE '____-__' AND period NOT LIKE '____-Q_'",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)});
        if (months[0] == null) {
            return null;
        }
        return new Grid(months[0], months[1],
                new TreeSet<>(jdbc.queryForList("SELECT DISTINCT industry FROM tax_cell", String.class)));
    }

    /** Rebuilds every cell from every tax row. */
    void rebuild() {
        long t = System.nanoTime();
        int read = 0;
        Map<String, List<String>> areas = areasByStreet();
        Map<Cell, Measures> cells = new HashMap<>();
        String after = "";
        String sql = "SELECT credit_code, period_month, street_code, industry_section, revenue, tax_paid, rd_expense,"
                + " high_tech FROM tax_return WHERE credit_code >= ? ORDER BY credit_code, period_month"
                + " FETCH FIRST " + PAGE + " ROWS ONLY";
        while (true) {
            List<String> codes = new ArrayList<>();
            List<Row> rows = new ArrayList<>();
            String from = after;
            jdbc.query(sql, rs -> {
                codes.add(rs.getString(1));
                rows.add(current(rs, 2));
            }, from);
            if (rows.isEmpty()) {
                break;
            }
            read += rows.size();
            // the page's last enterprise may go on in the next page: it is taken whole from there
            boolean last = rows.size() < PAGE;
            String lastCode = codes.get(codes.size() - 1);
            int end = rows.size();
            if (!last) {
                while (end > 0 && codes.get(end - 1).equals(lastCode)) {
                    end--;
                }
                if (end == 0) {
                    throw new IllegalStateException("more than " + PAGE + " tax rows for " + lastCode);
                }
            }
            int start = 0;
            for (int i = 1; i <= end; i++) {
                if (i == end || !codes.get(i).equals(codes.get(start))) {
                    for (var e : contribution(rows.subList(start, i), null, areas).entrySet()) {
                        cells.computeIfAbsent(e.getKey(), k -> new Measures()).add(e.getValue(), 1);
                    }
                    start = i;
                }
            }
            if (last) {
                break;
            }
            after = lastCode;
        }
        long aggregated = System.nanoTime();
        jdbc.update("DELETE FROM tax_cell");
        write(cells, false);
        log.debug("tax cells rebuilt: {} rows read and aggregated in {} ms, {} cells written in {} ms", read,
                (aggregated - t) / 1_000_000, cells.size(), (System.nanoTime() - aggregated) / 1_000_000);
    }

    /**
     * Moves the cells by what the batch changed, or rebuilds them when the batch wrote a big share of
     * the rows. Returns the periods whose cells may have changed, or null after a rebuild (any period).
     */
    Set<String> applyBatch(long batchId) {
        // the batch's accepted records (its ledger row is written before the recompute) against the rows
        // before it, as counted by the cells (each row is one enterprise in one month of the district):
        // neither needs a pass over the rows, which a big batch would pay twice
        Integer accepted = jdbc.query("SELECT records_accepted FROM batch WHERE id = ? AND dataset = 'tax-returns'",
                rs -> rs.next() ? rs.getInt(1) : 0, batchId);
        if (accepted == 0) {
            return Set.of();
        }
        Long stored = jdbc.queryForObject("SELECT SUM(ent) FROM tax_cell WHERE area = 'DISTRICT' AND industry = 'ALL'"
                + " AND period LIKE '____-__' AND period NOT LIKE '____-Q_'", Long.class);
        long storedRows = stored == null ? 0 : stored;
        if (accepted > (storedRows + accepted) * rebuildShare) {
            rebuild();
            return null;
        }
        Set<String> periods = new TreeSet<>(jdbc.queryForList("SELECT DISTINCT pm.period FROM period_month pm"
                + " WHERE pm.month_no IN (SELECT DISTINCT period_month FROM tax_return WHERE batch_id = ?)",
                String.class, batchId));
        if (periods.isEmpty()) {
            return periods;
        }
        Map<String, List<String>> areas = areasByStreet();
        Map<Cell, Measures> delta = new HashMap<>();
        List<String> enterprises = jdbc.queryForList("SELECT DISTINCT credit_code FROM tax_return WHERE batch_id = ?",
                String.class, batchId);
        for (String code : enterprises) {
            List<Row> now = new ArrayList<>();
            List<Row> before = new ArrayList<>();
            Set<String> touched = new java.util.HashSet<>();
            jdbc.query("SELECT period_month, street_code, industry_section, revenue, tax_paid, rd_expense, high_tech,"
                    + " batch_id, prior_present, prior_street_code, prior_industry_section, prior_revenue,"
                    + " prior_tax_paid, prior_rd_expense, prior_high_tech FROM tax_return WHERE credit_code = ?",
                    rs -> {
                        Row row = current(rs, 1);
                        now.add(row);
                        if (rs.getLong(8) != batchId) {
                            before.add(row);
                            return;
                        }
                        touched.addAll(List.of(periodsOf(row.month())));
                        if (rs.getBoolean(9)) {
                            before.add(new Row(row.month(), rs.getString(10), rs.getString(11), rs.getBigDecimal(12),
                                    rs.getBigDecimal(13), rs.getBigDecimal(14), rs.getBoolean(15)));
                        }
                    }, code);
            for (var e : contribution(now, touched, areas).entrySet()) {
                delta.computeIfAbsent(e.getKey(), k -> new Measures()).add(e.getValue(), 1);
            }
            for (var e : contribution(before, touched, areas).entrySet()) {
                delta.computeIfAbsent(e.getKey(), k -> new Measures()).add(e.getValue(), -1);
            }
        }
        delta.values().removeIf(Measures::isZero);
        write(delta, true);
        jdbc.update("DELETE FROM tax_cell WHERE ent = 0");
        log.debug("tax cells moved: {} enterprises of batch {}, {} cells changed", enterprises.size(), batchId,
                delta.size());
        return periods;
    }

    /** One enterprise's contribution to the cells of the given periods (all when null). */
    static Map<Cell, Measures> contribution(List<Row> rows, Set<String> periods, Map<String, List<String>> areas) {
        Map<Cell, Measures> out = new HashMap<>();
        for (Row r : rows) {
            List<String> in = areas.getOrDefault(r.street(), List.of());
            for (String period : periodsOf(r.month())) {
                if (periods != null && !periods.contains(period)) {
                    continue;
                }
                for (String area : in) {
                    for (String industry : new String[] {r.section(), "ALL"}) {
                        Measures m = out.computeIfAbsent(new Cell(period, area, industry), k -> new Measures());
                        m.revenue = m.revenue.add(r.revenue());
                        m.taxPaid = m.taxPaid.add(r.taxPaid());
                        m.rdExpense = m.rdExpense.add(r.rdExpense());
                        m.ent = 1;
                        if (r.highTech()) {
                            m.htRevenue = m.htRevenue.add(r.revenue());
                            m.entHt = 1;
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The month (yyyy-MM), quarter (yyyy-Qn) and year (yyyy) of a month yyyyMM. */
    static String[] periodsOf(int month) {
        return PERIODS.computeIfAbsent(month, k -> {
            int y = month / 100;
            int m = month % 100;
            return new String[] {String.format("%04d-%02d", y, m), y + "-Q" + ((m + 2) / 3), String.valueOf(y)};
        });
    }

    private static final Map<Integer, String[]> PERIODS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Row current(ResultSet rs, int first) throws SQLException {
        return new Row(rs.getInt(first), rs.getString(first + 1), rs.getString(first + 2), rs.getBigDecimal(first + 3),
                rs.getBigDecimal(first + 4), rs.getBigDecimal(first + 5), rs.getBoolean(first + 6));
    }

    private Map<String, List<String>> areasByStreet() {
        Map<String, List<String>> areas = new HashMap<>();
        jdbc.query("SELECT street_code, area FROM area_street", rs -> {
            areas.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        });
        return areas;
    }

    /** Inserts the cells, or (delta) adds them to the stored ones. */
    private void write(Map<Cell, Measures> cells, boolean delta) {
        String sql = delta ? """
                MERGE INTO tax_cell c
                USING (VALUES (CAST(? AS VARCHAR(7)), CAST(? AS VARCHAR(9)), CAST(? AS VARCHAR(3)),
                               CAST(? AS DECIMAL(24,2)), CAST(? AS DECIMAL(24,2)), CAST(? AS DECIMAL(24,2)),
                               CAST(? AS DECIMAL(24,2)), CAST(? AS INTEGER), CAST(? AS INTEGER)))
                   AS d (period, area, industry, revenue, tax_paid, rd_expense, ht_revenue, ent, ent_ht)
                ON (c.period = d.period AND c.area = d.area AND c.industry = d.industry)
                WHEN MATCHED THEN UPDATE SET revenue = c.revenue + d.revenue, tax_paid = c.tax_paid + d.tax_paid,
                     rd_expense = c.rd_expense + d.rd_expense, ht_revenue = c.ht_revenue + d.ht_revenue,
                     ent = c.ent + d.ent, ent_ht = c.ent_ht + d.ent_ht
                WHEN NOT MATCHED THEN INSERT (period, area, industry, revenue, tax_paid, rd_expense, ht_revenue, ent, ent_ht)
                     VALUES (d.period, d.area, d.industry, d.revenue, d.tax_paid, d.rd_expense, d.ht_revenue, d.ent,
                             d.ent_ht)
                """ : "INSERT INTO tax_cell (period, area, industry, revenue, tax_paid, rd_expense, ht_revenue, ent,"
                + " ent_ht) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        List<Map.Entry<Cell, Measures>> list = new ArrayList<>(cells.entrySet());
        for (int from = 0; from < list.size(); from += 1000) {
            List<Map.Entry<Cell, Measures>> chunk = list.subList(from, Math.min(list.size(), from + 1000));
            jdbc.batchUpdate(sql, new org.springframework.jdbc.core.BatchPreparedStatementSetter() {
                @Override
                public void setValues(PreparedStatement ps, int i) throws SQLException {
                    Cell c = chunk.get(i).getKey();
                    Measures m = chunk.get(i).getValue();
                    ps.setString(1, c.period());
                    ps.setString(2, c.area());
                    ps.setString(3, c.industry());
                    ps.setBigDecimal(4, m.revenue);
                    ps.setBigDecimal(5, m.taxPaid);
                    ps.setBigDecimal(6, m.rdExpense);
                    ps.setBigDecimal(7, m.htRevenue);
                    ps.setInt(8, m.ent);
                    ps.setInt(9, m.entHt);
                }

                @Override
                public int getBatchSize() {
                    return chunk.size();
                }
            });
        }
    }
}
