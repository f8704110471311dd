package cn.zhigu.hub.feeds.tax;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;

/** One enterprise-month of F3, normalised; amounts in 元. */
public record TaxReturn(String creditCode, YearMonth period, String taxpayerName, String industryCode,
        char industrySection, String streetCode, BigDecimal revenue, BigDecimal taxPaid, BigDecimal rdExpense,
        boolean highTech, Instant sourceUpdatedAt) {

    public TaxReturn withSourceUpdatedAt(Instant at) {
        return new TaxReturn(creditCode, period, taxpayerName, industryCode, industrySection, streetCode, revenue,
                taxPaid, rdExpense, highTech, at);
    }
}
