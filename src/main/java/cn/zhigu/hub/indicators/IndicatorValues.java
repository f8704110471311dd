package cn.zhigu.hub.indicators;

import cn.zhigu.hub.HubProperties.Target;
import cn.zhigu.hub.indicators.Catalogue.Indicator;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads published indicator values, with their targets and progress. */
@Component
public class IndicatorValues {

    /** One value as the API shows it. */
    public record Value(String period, String area, String industry, BigDecimal value, BigDecimal target,
            BigDecimal progress, int revision, OffsetDateTime computedAt) {}

    private final JdbcTemplate jdbc;
    private final Targets targets;

    public IndicatorValues(JdbcTemplate jdbc, Targets targets) {
        this.jdbc = jdbc;
        this.targets = targets;
    }

    /**
     * The values of an indicator for the given periods (all of one granularity). A period with no
     * published value has none of the data it counts: its value is 0 for a count or sum, null for a
     * ratio, at revision 0.
     */
    public List<Value> values(Indicator indicator, List<Period> periods, String area, String industry) {
        Map<String, Value> stored = new HashMap<>();
        Period first = periods.get(0);
        Period last = periods.get(periods.size() - 1);
        jdbc.query("SELECT v.period, v.val, v.revision, v.computed_at FROM indicator_value v"
                        + " JOIN period_dim p ON p.period = v.period"
                        + " WHERE v.code = ? AND v.area = ? AND v.industry = ? AND p.granularity = ?"
                        + " AND v.period BETWEEN ? AND ?",
                rs -> {
                    String period = rs.getString(1);
                    stored.put(period, value(indicator, period, area, industry, rs.getBigDecimal(2), rs.getInt(3),
                            rs.getObject(4, OffsetDateTime.class)));
                },
                indicator.code(), area, industry, String.valueOf(first.granularity()), first.toString(),
                last.toString());
        List<Value> out = new ArrayList<>(periods.size());
        for (Period p : periods) {
            Value v = stored.get(p.toString());
            out.add(v != null ? v
                    : value(indicator, p.toString(), area, industry, indicator.ratio() ? null : BigDecimal.ZERO, 0,
                            null));
        }
        return out;
    }

    private Value value(Indicator indicator, String period, String area, String industry, BigDecimal raw,
            int revision, OffsetDateTime computedAt) {
        BigDecimal v = raw == null ? null : plain(raw);
        int year = Integer.parseInt(period.substring(0, 4));
        Optional<Target> t = targets.forValue(indicator.code(), area, industry, year);
        BigDecimal target = t.map(Target::value).orElse(null);
        return new Value(period, area, industry, v, target, t.isPresent() ? Targets.progress(v, target) : null,
                revision, computedAt);
    }

    private static BigDecimal plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
