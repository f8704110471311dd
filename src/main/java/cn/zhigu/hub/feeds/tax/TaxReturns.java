package cn.zhigu.hub.feeds.tax;

import static cn.zhigu.hub.feeds.Fields.notNegative;
import static cn.zhigu.hub.feeds.Fields.required;
import static cn.zhigu.hub.feeds.Fields.text;

import cn.zhigu.hub.feeds.Dataset;
import cn.zhigu.hub.feeds.Fields;
import cn.zhigu.hub.feeds.RawRecord;
import cn.zhigu.hub.normalise.Booleans;
import cn.zhigu.hub.normalise.CreditCode;
import cn.zhigu.hub.normalise.Dates;
import cn.zhigu.hub.normalise.Industry;
import cn.zhigu.hub.normalise.IndustryCode;
import cn.zhigu.hub.normalise.Money;
import cn.zhigu.hub.normalise.MoneyUnit;
import cn.zhigu.hub.normalise.Streets;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import cn.zhigu.hub.store.Sql;
import java.util.List;

/**
 * F3 enterprise monthly returns from the tax bureau's CSV exports (and, later, its exchange
 * database). Key (credit code, month); a later delivery for the key replaces the earlier one.
 */
public class TaxReturns implements Dataset<TaxReturn> {

    public static final String CREDIT_CODE = "统一社会信用代码";
    public static final String NAME = "纳税人名称";
    public static final String PERIOD = "所属期";
    public static final String INDUSTRY = "行业代码";
    public static final String STREET = "街道";
    public static final String REVENUE = "营业收入";
    public static final String TAX_PAID = "实缴税额";
    public static final String RD_EXPENSE = "研发费用";
    public static final String HIGH_TECH = "高新技术企业";

    /** The CSV header's columns (any order; extra columns are ignored). */
    public static final List<String> COLUMNS =
            List.of(CREDIT_CODE, NAME, PERIOD, INDUSTRY, STREET, REVENUE, TAX_PAID, RD_EXPENSE, HIGH_TECH);

    private final Streets streets;

    public TaxReturns(Streets streets) {
        this.streets = streets;
    }

    @Override
    public String name() {
        return "tax-returns";
    }

    @Override
    public TaxReturn map(RawRecord r) {
        String code = required(r, CREDIT_CODE, CreditCode::normalise);
        IndustryCode industry = required(r, INDUSTRY, Industry::normalise);
        return new TaxReturn(code,
                required(r, PERIOD, Dates::month),
                text(r, NAME, 200),
                industry.code(),
                industry.section(),
                required(r, STREET, streets::resolve).code(),
                amount(r, REVENUE),
                amount(r, TAX_PAID),
                amount(r, RD_EXPENSE),
                required(r, HIGH_TECH, Booleans::parse),
                null);
    }

    /** Amounts in 元; an empty amount is 0. */
    private static BigDecimal amount(RawRecord r, String field) {
        BigDecimal v = Fields.optional(r, field, s -> Money.parse(s, null, MoneyUnit.YUAN));
        return v == null ? new BigDecimal("0.00") : notNegative(field, v, BigDecimal.ZERO);
    }

    /**
     * The first time a batch changes a row, the whole former row is kept in its prior_* columns
     * (prior_present false for a row the batch inserts): the batch's recompute takes the row's old
     * contribution to the indicators from there ({@code TaxCells}), and a batch that committed chunks
     * and then did not finish is undone from there ({@code BatchUndo}).
     */
    @Override
    public String upsertSql() {
        return """
                MERGE INTO tax_return t
                USING (VALUES (CAST(? AS VARCHAR(18)), CAST(? AS INTEGER), CAST(? AS VARCHAR(200)),
                               CAST(? AS VARCHAR(8)), CAST(? AS CHAR(1)), CAST(? AS CHAR(9)),
                               CAST(? AS DECIMAL(20,2)), CAST(? AS DECIMAL(20,2)), CAST(? AS DECIMAL(20,2)),
                               CAST(? AS BOOLEAN), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS BIGINT)))
                   AS s (credit_code, period_month, taxpayer_name, industry_code, industry_section, street_code,
                         revenue, tax_paid, rd_expense, high_tech, source_updated_at, batch_id)
                ON (t.credit_code = s.credit_code AND t.period_month = s.period_month)
                WHEN MATCHED THEN UPDATE SET
                     prior_present = CASE WHEN t.batch_id = s.batch_id THEN t.prior_present ELSE TRUE END,
                     prior_street_code = CASE WHEN t.batch_id = s.batch_id THEN t.prior_street_code ELSE t.street_code END,
                     prior_industry_section = CASE WHEN t.batch_id = s.batch_id THEN t.prior_industry_section
                                                   ELSE t.industry_section END,
                     prior_revenue = CASE WHEN t.batch_id = s.batch_id THEN t.prior_revenue ELSE t.revenue END,
                     prior_tax_paid = CASE WHEN t.batch_id = s.batch_id THEN t.prior_tax_paid ELSE t.tax_paid END,
                     prior_rd_expense = CASE WHEN t.batch_id = s.batch_id THEN t.prior_rd_expense ELSE t.rd_expense END,
                     prior_high_tech = CASE WHEN t.batch_id = s.batch_id THEN t.prior_high_tech ELSE t.high_tech END,
                     prior_taxpayer_name = CASE WHEN t.batch_id = s.batch_id THEN t.prior_taxpayer_name
                                                ELSE t.taxpayer_name END,
                     prior_industry_code = CASE WHEN t.batch_id = s.batch_id THEN t.prior_industry_code
                                                ELSE t.industry_code END,
                     prior_source_updated_at = CASE WHEN t.batch_id = s.batch_id THEN t.prior_source_updated_at
                                                    ELSE t.source_updated_at END,
                     prior_batch_id = CASE WHEN t.batch_id = s.batch_id THEN t.prior_batch_id ELSE t.batch_id END,
                     taxpayer_name = s.taxpayer_name, industry_code = s.industry_code,
                     industry_section = s.industry_section, street_code = s.street_code, revenue = s.revenue,
                     tax_paid = s.tax_paid, rd_expense = s.rd_expense, high_tech = s.high_tech,
                     source_updated_at = s.source_updated_at, batch_id = s.batch_id
                WHEN NOT MATCHED THEN INSERT (credit_code, period_month, taxpayer_name, industry_code,
                     industry_section, street_code, revenue, tax_paid, rd_expense, high_tech, source_updated_at,
                     batch_id)
                  VALUES (s.credit_code, s.period_month, s.taxpayer_name, s.industry_code, s.industry_section,
                     s.street_code, s.revenue, s.tax_paid, s.rd_expense, s.high_tech, s.source_updated_at,
                     s.batch_id)
                """;
    }

    @Override
    public boolean commitsInChunks() {
        return true;
    }

    @Override
    public void bind(PreparedStatement ps, TaxReturn t, long batchId) throws SQLException {
        ps.setString(1, t.creditCode());
        ps.setInt(2, t.period().getYear() * 100 + t.period().getMonthValue());
        ps.setString(3, t.taxpayerName());
        ps.setString(4, t.industryCode());
        ps.setString(5, String.valueOf(t.industrySection()));
        ps.setString(6, t.streetCode());
        ps.setBigDecimal(7, t.revenue());
        ps.setBigDecimal(8, t.taxPaid());
        ps.setBigDecimal(9, t.rdExpense());
        ps.setBoolean(10, t.highTech());
        ps.setObject(11, Sql.timestamp(t.sourceUpdatedAt()));
        ps.setLong(12, batchId);
    }
}
