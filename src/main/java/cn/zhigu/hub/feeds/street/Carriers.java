package cn.zhigu.hub.feeds.street;

import static cn.zhigu.hub.feeds.Fields.optional;
import static cn.zhigu.hub.feeds.Fields.required;

import cn.zhigu.hub.feeds.Dataset;
import cn.zhigu.hub.feeds.RawRecord;
import cn.zhigu.hub.normalise.Area;
import cn.zhigu.hub.normalise.CodeLists;
import cn.zhigu.hub.normalise.Dates;
import cn.zhigu.hub.normalise.InvalidValueException;
import cn.zhigu.hub.normalise.Streets;
import cn.zhigu.hub.store.Sql;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** F4b 创孵载体. Key: (载体名称, street); the latest row replaces. */
public class Carriers implements Dataset<Carrier> {

    public static final List<String> COLUMNS = List.of("载体名称", "街道", "级别", "面积", "认定日期");

    private final Streets streets;

    public Carriers(Streets streets) {
        this.streets = streets;
    }

    @Override
    public String name() {
        return "carriers";
    }

    @Override
    public Carrier map(RawRecord r) {
        String name = required(r, "载体名称");
        if (name.length() > 200) {
            throw new InvalidValueException("载体名称 is longer than 200 characters");
        }
        return new Carrier(name,
                required(r, "街道", streets::resolve).code(),
                required(r, "级别", CodeLists::carrierLevel),
                optional(r, "面积", Area::parse),
                required(r, "认定日期", Dates::date));
    }

    @Override
    public String upsertSql() {
        return """
                MERGE INTO carrier t
                USING (VALUES (CAST(? AS VARCHAR(200)), CAST(? AS CHAR(9)), CAST(? AS VARCHAR(16)),
                               CAST(? AS DECIMAL(20,2)), CAST(? AS DATE), CAST(? AS BIGINT)))
                   AS s (carrier_name, street_code, carrier_level, area_m2, recognised_on, batch_id)
                ON (t.carrier_name = s.carrier_name AND t.street_code = s.street_code)
                WHEN MATCHED THEN UPDATE SET carrier_level = s.carrier_level, area_m2 = s.area_m2,
                     recognised_on = s.recognised_on, batch_id = s.batch_id
                WHEN NOT MATCHED THEN INSERT (carrier_name, street_code, carrier_level, area_m2, recognised_on,
                     batch_id)
                  VALUES (s.carrier_name, s.street_code, s.carrier_level, s.area_m2, s.recognised_on, s.batch_id)
                """;
    }

    @Override
    public void bind(PreparedStatement ps, Carrier c, long batchId) throws SQLException {
        ps.setString(1, c.name());
        ps.setString(2, c.streetCode());
        ps.setString(3, c.level());
        ps.setBigDecimal(4, c.areaM2());
        ps.setDate(5, Sql.date(c.recognisedOn()));
        ps.setLong(6, batchId);
    }
}
