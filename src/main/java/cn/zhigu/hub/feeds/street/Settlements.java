package cn.zhigu.hub.feeds.street;

import static cn.zhigu.hub.feeds.Fields.optional;
import static cn.zhigu.hub.feeds.Fields.required;
import static cn.zhigu.hub.feeds.Fields.text;

import cn.zhigu.hub.feeds.Dataset;
import cn.zhigu.hub.feeds.RawRecord;
import cn.zhigu.hub.normalise.Area;
import cn.zhigu.hub.normalise.CodeLists;
import cn.zhigu.hub.normalise.CreditCode;
import cn.zhigu.hub.normalise.Dates;
import cn.zhigu.hub.normalise.InvalidValueException;
import cn.zhigu.hub.normalise.Streets;
import cn.zhigu.hub.store.Sql;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/** F4a 入驻企业台账. Key: credit code; the latest delivered row replaces the earlier one. */
public class Settlements implements Dataset<Settlement> {

    public static final List<String> COLUMNS = List.of("统一社会信用代码", "企业名称", "街道", "楼宇", "面积", "入驻日期", "迁出日期", "企业类型");

    private final Streets streets;

    public Settlements(Streets streets) {
        this.streets = streets;
    }

    @Override
    public String name() {
        return "settlements";
    }

    @Override
    public Settlement map(RawRecord r) {
        String code = required(r, "统一社会信用代码", CreditCode::normalise);
        LocalDate settled = required(r, "入驻日期", Dates::date);
        LocalDate left = optional(r, "迁出日期", Dates::date);
        if (left != null && left.isBefore(settled)) {
            throw new InvalidValueException("迁出日期 " + left + " is before 入驻日期 " + settled);
        }
        BigDecimal area = optional(r, "面积", Area::parse);
        return new Settlement(code,
                text(r, "企业名称", 200),
                required(r, "街道", streets::resolve).code(),
                text(r, "楼宇", 200),
                area == null ? new BigDecimal("0.00") : area,
                settled,
                left,
                optional(r, "企业类型", CodeLists::enterpriseType));
    }

    @Override
    public String upsertSql() {
        return """
                MERGE INTO settlement t
                USING (VALUES (CAST(? AS VARCHAR(18)), CAST(? AS VARCHAR(200)), CAST(? AS CHAR(9)),
                               CAST(? AS VARCHAR(200)), CAST(? AS DECIMAL(20,2)), CAST(? AS DATE), CAST(? AS DATE),
                               CAST(? AS VARCHAR(16)), CAST(? AS BIGINT)))
                   AS s (credit_code, enterprise_name, street_code, building, area_m2, settled_on, left_on,
                         enterprise_type, batch_id)
                ON (t.credit_code = s.credit_code)
                WHEN MATCHED THEN UPDATE SET enterprise_name = s.enterprise_name, street_code = s.street_code,
                     building = s.building, area_m2 = s.area_m2, settled_on = s.settled_on, left_on = s.left_on,
                     enterprise_type = s.enterprise_type, batch_id = s.batch_id
                WHEN NOT MATCHED THEN INSERT (credit_code, enterprise_name, street_code, building, area_m2,
                     settled_on, left_on, enterprise_type, batch_id)
                  VALUES (s.credit_code, s.enterprise_name, s.street_code, s.building, s.area_m2, s.settled_on,
                     s.left_on, s.enterprise_type, s.batch_id)
                """;
    }

    @Override
    public void bind(PreparedStatement ps, Settlement s, long batchId) throws SQLException {
        ps.setString(1, s.creditCode());
        ps.setString(2, s.name());
        ps.setString(3, s.streetCode());
        ps.setString(4, s.building());
        ps.setBigDecimal(5, s.areaM2());
        ps.setDate(6, Sql.date(s.settledOn()));
        ps.setDate(7, Sql.date(s.leftOn()));
        ps.setString(8, s.enterpriseType());
        ps.setLong(9, batchId);
    }
}
