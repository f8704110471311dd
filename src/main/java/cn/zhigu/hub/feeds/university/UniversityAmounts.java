package cn.zhigu.hub.feeds.university;

import cn.zhigu.hub.normalise.Money;
import cn.zhigu.hub.normalise.MoneyUnit;
import java.math.BigDecimal;

/** The university's amounts: number or string, unit in {@code amountUnit}, 万元 when none is given. */
final class UniversityAmounts {
    private UniversityAmounts() {}

    static BigDecimal parse(String value, String unitField) {
        return Money.parse(value, unitField, MoneyUnit.WAN);
    }
}
