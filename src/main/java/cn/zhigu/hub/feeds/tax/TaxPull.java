package cn.zhigu.hub.feeds.tax;

import cn.zhigu.hub.HubProperties;
import cn.zhigu.hub.HubProperties.FeedSettings;
import cn.zhigu.hub.demo.DemoEndpoints;
import cn.zhigu.hub.feeds.CredentialMask;
import cn.zhigu.hub.feeds.IngestService;
import cn.zhigu.hub.feeds.IngestService.Outcome;
import cn.zhigu.hub.feeds.PullFailure;
import cn.zhigu.hub.feeds.RawRecord;
import cn.zhigu.hub.normalise.Streets;
import cn.zhigu.hub.store.Cursors;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * F3 pull from the tax bureau's exchange database (前置库): {@code TAX_ENTERPRISE_MONTHLY} read in
 * chunks in (UPDATED_AT, CREDIT_CODE, PERIOD) order after the watermark, never the whole table.
 * Each chunk applies in one transaction with the watermark moved to its last row, so rows sharing a
 * time stamp are neither skipped nor applied twice. Plain JDBC: the driver is configuration.
 */
@Component
public class TaxPull {

    public static final String FEED = "tax";
    static final String TABLE = "TAX_ENTERPRISE_MONTHLY";
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final String COLUMNS = "CREDIT_CODE, TAXPAYER_NAME, PERIOD, INDUSTRY_CODE, STREET_CODE, REVENUE, TAX_PAID,"
            + " RD_EXPENSE, HIGH_TECH, UPDATED_AT";

    private final HubProperties props;
    private final IngestService ingest;
    private final Cursors cursors;
    private final ObjectProvider<DemoEndpoints> demo;
    private final TaxReturns taxReturns;

    public TaxPull(HubProperties props, IngestService ingest, Cursors cursors, ObjectProvider<DemoEndpoints> demo,
            Streets streets) {
        this.props = props;
        this.ingest = ingest;
        this.cursors = cursors;
        this.demo = demo;
        this.taxReturns = new TaxReturns(streets) {
            @Override
            public TaxReturn map(RawRecord r) {
                return super.map(r).withSourceUpdatedAt(
                        LocalDateTime.parse(r.get("UPDATED_AT")).atZone(SHANGHAI).toInstant());
            }
        };
    }

    /** The watermark: the last row applied, as UPDATED_AT|CREDIT_CODE|PERIOD. */
    record Watermark(LocalDateTime updatedAt, String creditCode, String period) {
        static Watermark parse(String s) {
            String[] p = s.split("\\|", -1);
            return new Watermark(LocalDateTime.parse(p[0]), p[1], p[2]);
        }

        String format() {
            return updatedAt + "|" + creditCode + "|" + period;
        }
    }

    public Outcome sync() {
        FeedSettings s = props.feed(FEED);
        boolean useDemo = s.getJdbcUrl() == null || s.getJdbcUrl().isBlank();
        String url = useDemo ? demo().taxJdbcUrl() : s.getJdbcUrl();
        String user = useDemo ? demo().taxUsername() : s.getUsername();
        String password = useDemo ? demo().taxPassword() : s.getPassword();
        int chunk = Math.max(1, s.getPageSize());
        List<String> secrets = new ArrayList<>(CredentialMask.secretsOf(url));
        secrets.add(user);
        secrets.add(password);
        String where = CredentialMask.mask(url, secrets);
        return ingest.pull(FEED, taxReturns.name(), "JDBC", where + " " + TABLE, pull -> {
            try {
                DriverManager.setLoginTimeout((int) s.getConnectTimeout().toSeconds());
                try (Connection con = DriverManager.getConnection(url, user, password == null ? "" : password)) {
                    con.setReadOnly(true);
                    while (true) {
                        Watermark after = cursors.get(FEED, taxReturns.name()).map(Watermark::parse).orElse(null);
                        List<RawRecord> rows = new ArrayList<>(chunk);
                        Watermark last = readChunk(con, after, chunk, (int) s.getReadTimeout().toSeconds(), rows);
                        if (rows.isEmpty()) {
                            return;
                        }
                        ingest.applyPage(pull, taxReturns, sink -> rows.forEach(sink), row -> {},
                                () -> cursors.save(FEED, taxReturns.name(), last.format(), pull.batchId()));
                        if (rows.size() < chunk) {
                            return;
                        }
                    }
                }
            } catch (SQLException e) {
                boolean transientFailure = e instanceof SQLTransientException
                        || (e.getSQLState() != null && e.getSQLState().startsWith("08"));
                // a driver's message may quote the URL or the user: masked, and so are the causes logged with it
                throw new PullFailure("exchange database " + where + ": " + CredentialMask.mask(e.getMessage(), secrets),
                        transientFailure, CredentialMask.scrub(e, secrets));
            }
        });
    }

    private static Watermark readChunk(Connection con, Watermark after, int chunk, int timeoutSeconds,
            List<RawRecord> out) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM " + TABLE
                + (after == null ? "" : " WHERE UPDATED_AT > ? OR (UPDATED_AT = ? AND (CREDIT_CODE > ?"
                        + " OR (CREDIT_CODE = ? AND PERIOD > ?)))")
                + " ORDER BY UPDATED_AT, CREDIT_CODE, PERIOD";
        Watermark last = after;
        try (PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setMaxRows(chunk);
            ps.setFetchSize(Math.min(chunk, 1000));
            ps.setQueryTimeout(timeoutSeconds);
            if (after != null) {
                Timestamp at = Timestamp.valueOf(after.updatedAt());
                ps.setTimestamp(1, at);
                ps.setTimestamp(2, at);
                ps.setString(3, after.creditCode());
                ps.setString(4, after.creditCode());
                ps.setString(5, after.period());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String code = rs.getString("CREDIT_CODE");
                    String period = rs.getString("PERIOD");
                    LocalDateTime updated = rs.getTimestamp("UPDATED_AT").toLocalDateTime();
                    Map<String, String> f = new LinkedHashMap<>();
                    f.put(TaxReturns.CREDIT_CODE, code);
                    f.put(TaxReturns.NAME, rs.getString("TAXPAYER_NAME"));
                    f.put(TaxReturns.PERIOD, period);
                    f.put(TaxReturns.INDUSTRY, rs.getString("INDUSTRY_CODE"));
                    f.put(TaxReturns.STREET, rs.getString("STREET_CODE"));
                    f.put(TaxReturns.REVENUE, plain(rs.getBigDecimal("REVENUE")));
                    f.put(TaxReturns.TAX_PAID, plain(rs.getBigDecimal("TAX_PAID")));
                    f.put(TaxReturns.RD_EXPENSE, plain(rs.getBigDecimal("RD_EXPENSE")));
                    f.put(TaxReturns.HIGH_TECH, rs.getString("HIGH_TECH"));
                    f.put("UPDATED_AT", updated.toString());
                    String raw = String.join(",", code, String.valueOf(f.get(TaxReturns.NAME)), period,
                            String.valueOf(f.get(TaxReturns.INDUSTRY)), String.valueOf(f.get(TaxReturns.STREET)),
                            f.get(TaxReturns.REVENUE), f.get(TaxReturns.TAX_PAID), f.get(TaxReturns.RD_EXPENSE),
                            String.valueOf(f.get(TaxReturns.HIGH_TECH)), updated.toString());
                    out.add(new RawRecord(TABLE + " (" + code + ", " + period + ", " + updated + ")", raw, f));
                    last = new Watermark(updated, code, period);
                }
            }
        }
        return last;
    }

    private static String plain(BigDecimal v) {
        return v == null ? "" : v.toPlainString();
    }

    private DemoEndpoints demo() {
        DemoEndpoints d = demo.getIfAvailable();
        if (d == null) {
            throw PullFailure.notConfigured(FEED, "jdbc-url");
        }
        return d;
    }
}
