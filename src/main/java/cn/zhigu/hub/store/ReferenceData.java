package cn.zhigu.hub.store;

import cn.zhigu.hub.HubProperties;
import cn.zhigu.hub.indicators.IndicatorRecompute;
import cn.zhigu.hub.normalise.Street;
import cn.zhigu.hub.normalise.Streets;
import jakarta.annotation.PostConstruct;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The store's reference tables: the calendar of periods, the industries, and the areas with the
 * streets they cover (from the street code list in config/). When the areas change (a street joins
 * or leaves the Zhigu), every indicator is recomputed so the published values follow.
 */
@Component
public class ReferenceData {

    private static final Logger log = LoggerFactory.getLogger(ReferenceData.class);
    static final int FIRST_YEAR = 1949;
    static final int LAST_YEAR = 2099;
    static final String SECTIONS = "ABCDEFGHIJKLMNOPQRST";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Streets streets;
    private final IndicatorRecompute indicators;
    private final BatchUndo undo;
    private final StoreLock storeLock;
    /** This node's id in cluster mode, null alone. */
    private final String node;

    public ReferenceData(JdbcTemplate jdbc, TransactionTemplate tx, Streets streets, IndicatorRecompute indicators,
            BatchUndo undo, StoreLock storeLock, HubProperties props) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.streets = streets;
        this.indicators = indicators;
        this.undo = undo;
        this.storeLock = storeLock;
        this.node = props.getCluster().node();
    }

    @PostConstruct
    void refresh() {
        // in cluster mode nodes may start together: one at a time fills the reference tables
        storeLock.lock();
        try {
            String mine = node == null ? "" : " AND (node_id = ? OR node_id IS NULL)";
            Object[] me = node == null ? new Object[0] : new Object[] {node};
            undoInterruptedFiles(mine, me);
            tx.executeWithoutResult(s -> {
                fillCalendar();
                fillIndustries();
                boolean areasChanged = refreshAreas();
                int pullsWithPages = markInterrupted(mine, me, "the hub stopped");
                if (areasChanged || pullsWithPages > 0) {
                    log.info("{}: recomputing every indicator", areasChanged ? "areas changed"
                            : pullsWithPages + " interrupted pulls had committed pages");
                    indicators.recomputeAll();
                }
            });
        } finally {
            storeLock.unlock();
        }
    }

    /**
     * Puts back what the interrupted file batches that {@code which} selects had committed (a big tax
     * file commits in chunks), so that "nothing of it was applied" holds for each when
     * {@link #markInterrupted} marks it. Call it outside a transaction (the undo commits in chunks of
     * its own), holding the store lock, before markInterrupted.
     */
    public void undoInterruptedFiles(String which, Object[] args) {
        for (Long id : jdbc.queryForList("SELECT id FROM batch WHERE status = 'RUNNING' AND transport = 'FILE'" + which,
                Long.class, args)) {
            undo.undo(id);
        }
    }

    /**
     * Marks FAILED the batches left RUNNING that {@code which} selects (all of them alone; in cluster mode
     * this node's own, at its start, or those of nodes that have left the cluster, by the leader), each
     * with what became of it; returns how many of them were pulls with committed pages (whose indicators
     * are then to be recomputed). The caller holds the transaction.
     *
     * @param stopped how the reason begins: "the hub stopped", "node hub-b left the cluster"
     */
    public int markInterrupted(String which, Object[] args, String stopped) {
        // A file's batch counts whole or not at all: one interrupted has applied nothing (what a big one had
        // committed was undone by undoInterruptedFiles), and its file,
        // still in inbound/, is taken again. A pull commits page by page: what it kept must show.
        Object[] reasonAndArgs = new Object[args.length + 1];
        System.arraycopy(args, 0, reasonAndArgs, 1, args.length);
        reasonAndArgs[0] = stopped + " during this batch: nothing of it was applied; the file stayed in inbound and"
                + " is taken again";
        int files = jdbc.update("UPDATE batch SET status = 'FAILED', finished_at = CURRENT_TIMESTAMP,"
                + " reason = ? WHERE status = 'RUNNING' AND transport = 'FILE'" + which, reasonAndArgs);
        int pullsWithPages = jdbc.queryForObject("SELECT COUNT(*) FROM batch WHERE status = 'RUNNING'"
                + " AND records_accepted > 0" + which, Integer.class, args);
        reasonAndArgs[0] = stopped + " during this batch: the pages it had committed stay applied, with their cursor,"
                + " and the next sync resumes there";
        int pulls = jdbc.update("UPDATE batch SET status = 'FAILED', finished_at = CURRENT_TIMESTAMP,"
                + " reason = ? WHERE status = 'RUNNING'" + which, reasonAndArgs);
        if (files + pulls > 0) {
            log.warn("{} batches were interrupted ({}) and are marked FAILED", files + pulls, stopped);
        }
        return pullsWithPages;
    }

    private void fillCalendar() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM period_dim", Integer.class);
        if (n != null && n > 0) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        // each month in its month, quarter and year (written out here: a join of the calendar with itself
        // by month ranges took seconds of every first start)
        List<Object[]> months = new ArrayList<>();
        for (int y = FIRST_YEAR; y <= LAST_YEAR; y++) {
            rows.add(period(String.valueOf(y), "Y", YearMonth.of(y, 1), YearMonth.of(y, 12), String.valueOf(y - 1)));
            for (int q = 1; q <= 4; q++) {
                rows.add(period(y + "-Q" + q, "Q", YearMonth.of(y, q * 3 - 2), YearMonth.of(y, q * 3),
                        (y - 1) + "-Q" + q));
            }
            for (int m = 1; m <= 12; m++) {
                YearMonth ym = YearMonth.of(y, m);
                rows.add(period(ym.toString(), "M", ym, ym, ym.minusYears(1).toString()));
                int no = y * 100 + m;
                months.add(new Object[] {no, ym.toString()});
                months.add(new Object[] {no, y + "-Q" + ((m + 2) / 3)});
                months.add(new Object[] {no, String.valueOf(y)});
            }
        }
        jdbc.batchUpdate("INSERT INTO period_dim (period, granularity, month_from, month_to, start_date, end_date,"
                + " year_before) VALUES (?, ?, ?, ?, ?, ?, ?)", rows);
        jdbc.batchUpdate("INSERT INTO period_month (month_no, period) VALUES (?, ?)", months);
    }

    private static Object[] period(String period, String granularity, YearMonth from, YearMonth to, String before) {
        LocalDate start = from.atDay(1);
        LocalDate end = to.atEndOfMonth();
        return new Object[] {period, granularity, from.getYear() * 100 + from.getMonthValue(),
            to.getYear() * 100 + to.getMonthValue(), Sql.date(start), Sql.date(end), before};
    }

    private void fillIndustries() {
        jdbc.update("DELETE FROM industry_dim");
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {"ALL"});
        for (char c : SECTIONS.toCharArray()) {
            rows.add(new Object[] {String.valueOf(c)});
        }
        jdbc.batchUpdate("INSERT INTO industry_dim (industry) VALUES (?)", rows);
    }

    /** Replaces the areas with those of the street list; true when they differ from the stored ones. */
    private boolean refreshAreas() {
        Set<List<String>> wanted = new HashSet<>();
        for (Street s : streets.all()) {
            wanted.add(List.of(s.code(), s.code()));
            wanted.add(List.of("DISTRICT", s.code()));
            if (s.zhigu()) {
                wanted.add(List.of("ZHIGU", s.code()));
            }
        }
        Set<List<String>> stored = new HashSet<>(jdbc.query("SELECT area, street_code FROM area_street",
                (rs, i) -> List.of(rs.getString(1), rs.getString(2))));
        if (wanted.equals(stored)) {
            return false;
        }
        jdbc.update("DELETE FROM area_street");
        jdbc.update("DELETE FROM area_dim");
        jdbc.batchUpdate("INSERT INTO area_street (area, street_code) VALUES (?, ?)",
                wanted.stream().map(l -> (Object[]) l.toArray()).toList());
        List<Object[]> areas = new ArrayList<>();
        areas.add(new Object[] {"ALL", "ALL"});
        areas.add(new Object[] {"DISTRICT", "DISTRICT"});
        areas.add(new Object[] {"ZHIGU", "ZHIGU"});
        streets.all().forEach(s -> areas.add(new Object[] {s.code(), "STREET"}));
        jdbc.batchUpdate("INSERT INTO area_dim (area, kind) VALUES (?, ?)", areas);
        return true;
    }
}
