package cn.zhigu.hub.feeds.university;

import static cn.zhigu.hub.feeds.Fields.notNegative;
import static cn.zhigu.hub.feeds.Fields.required;
import static cn.zhigu.hub.feeds.Fields.text;

import cn.zhigu.hub.feeds.Dataset;
import cn.zhigu.hub.feeds.RawRecord;
import cn.zhigu.hub.normalise.CreditCode;
import cn.zhigu.hub.normalise.Dates;
import cn.zhigu.hub.normalise.InvalidValueException;
import cn.zhigu.hub.store.Sql;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** F1b angel-fund investments: key investmentId, a later updatedAt replaces. */
public class FundInvestments implements Dataset<FundInvestment> {

    @Override
    public String name() {
        return "fund-investments";
    }

    @Override
    public FundInvestment map(RawRecord r) {
        String id = text(r, "investmentId", 64);
        if (id == null) {
            throw new InvalidValueException("investmentId is missing");
        }
        BigDecimal amount = required(r, "amount", v -> UniversityAmounts.parse(v, r.get("amountUnit")));
        return new FundInvestment(id,
                text(r, "fund", 200),
                required(r, "investeeCreditCode", CreditCode::normalise),
                text(r, "investeeName", 200),
                notNegative("amount", amount, BigDecimal.ZERO),
                required(r, "investedOn", Dates::date),
                required(r, "updatedAt", Dates::instant));
    }

    @Override
    public String upsertSql() {
        return """
                MERGE INTO fund_investment t
                USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(18)),
                               CAST(? AS VARCHAR(200)), CAST(? AS DECIMAL(20,2)), CAST(? AS DATE),
                               CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS BIGINT)))
                   AS s (investment_id, fund, investee_code, investee_name, amount, invested_on, updated_at, batch_id)
                ON (t.investment_id = s.investment_id)
                WHEN MATCHED AND s.updated_at > t.updated_at THEN UPDATE SET fund = s.fund,
                     investee_code = s.investee_code, investee_name = s.investee_name, amount = s.amount,
                     invested_on = s.invested_on, updated_at = s.updated_at, batch_id = s.batch_id
                WHEN NOT MATCHED THEN INSERT (investment_id, fund, investee_code, investee_name, amount, invested_on,
                     updated_at, batch_id)
                  VALUES (s.investment_id, s.fund, s.investee_code, s.investee_name, s.amount, s.invested_on,
                     s.updated_at, s.batch_id)
                """;
    }

    @Override
    public void bind(PreparedStatement ps, FundInvestment f, long batchId) throws SQLException {
        ps.setString(1, f.investmentId());
        ps.setString(2, f.fund());
        ps.setString(3, f.investeeCode());
        ps.setString(4, f.investeeName());
        ps.setBigDecimal(5, f.amount());
        ps.setDate(6, Sql.date(f.investedOn()));
        ps.setObject(7, Sql.timestamp(f.updatedAt()));
        ps.setLong(8, batchId);
    }
}
