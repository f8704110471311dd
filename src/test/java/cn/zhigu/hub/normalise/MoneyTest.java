package cn.zhigu.hub.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

    /** value | unit field | default unit | expected 元 (compared with its scale, always 2). */
    @ParameterizedTest(name = "[{index}] \"{0}\" unit \"{1}\" default {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // plain, with separators, full-width
            "1234.50              | NULL | YUAN | 1234.50",
            "1234.5               | ''   | YUAN | 1234.50",
            "1234                 | NULL | YUAN | 1234.00",
            "1,234.50             | NULL | YUAN | 1234.50",
            "1,234,567.89         | NULL | YUAN | 1234567.89",
            "1，234.50            | NULL | YUAN | 1234.50",
            "１２３４．５０       | NULL | YUAN | 1234.50",
            "１，２３４．５       | NULL | YUAN | 1234.50",
            "0                    | NULL | YUAN | 0.00",
            "0.01                 | NULL | YUAN | 0.01",
            "007.10               | NULL | YUAN | 7.10",
            "1500000.00           | yuan | WAN  | 1500000.00",
            // currency sign and sign
            "¥1,234.50            | NULL | YUAN | 1234.50",
            "￥100                | NULL | YUAN | 100.00",
            "¥ 100                | NULL | YUAN | 100.00",
            "-100                 | NULL | YUAN | -100.00",
            "－100                | NULL | YUAN | -100.00",
            "−100                 | NULL | YUAN | -100.00",
            "+100                 | NULL | YUAN | 100.00",
            "-¥100                | NULL | YUAN | -100.00",
            "¥-100                | NULL | YUAN | -100.00",
            "-0                   | NULL | YUAN | 0.00",
            "-1.5万元             | NULL | YUAN | -15000.00",
            // unit in the value
            "150万元              | NULL | YUAN | 1500000.00",
            "150万                | NULL | YUAN | 1500000.00",
            "150 万元             | ''   | YUAN | 1500000.00",
            "1.5亿元              | NULL | YUAN | 150000000.00",
            "1.5亿                | NULL | WAN  | 150000000.00",
            "1,234.50元           | NULL | WAN  | 1234.50",
            "¥1,234.50元          | NULL | WAN  | 1234.50",
            "150wan               | NULL | YUAN | 1500000.00",
            "1.23456789亿元       | NULL | YUAN | 123456789.00",
            "0.000001万元         | NULL | YUAN | 0.01",
            // unit in the unit field
            "150                  | 万元 | YUAN | 1500000.00",
            "150                  | wan  | YUAN | 1500000.00",
            "150                  | 万   | YUAN | 1500000.00",
            "1.5                  | 亿元 | YUAN | 150000000.00",
            "1.5                  | yi   | WAN  | 150000000.00",
            "150                  | 元   | WAN  | 150.00",
            "0.0001               | 万元 | YUAN | 1.00",
            // both, agreeing
            "150万元              | 万元 | YUAN | 1500000.00",
            "150万                | wan  | YI   | 1500000.00",
            "100元                | yuan | WAN  | 100.00",
            // the default
            "150                  | NULL | WAN  | 1500000.00",
            "150                  | ' '  | WAN  | 1500000.00",
            "3                    | NULL | YI   | 300000000.00",
            // largest accepted: 16 integer digits in 元
            "9999999999999999.99  | NULL | YUAN | 9999999999999999.99",
            "-9999999999999999.99 | NULL | YUAN | -9999999999999999.99",
            "999999999999.9999万  | NULL | YUAN | 9999999999999999.00",
    })
    void parsed(String value, String unitField, MoneyUnit defaultUnit, BigDecimal expected) {
        assertThat(Money.parse(value, unitField, defaultUnit)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\u3000", "\t"})
    void blankIsNull(String value) {
        assertThat(Money.parse(value, "万元", MoneyUnit.WAN)).isNull();
    }

    /** value | unit field | fragment of the reason. */
    @ParameterizedTest(name = "[{index}] \"{0}\" unit \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "1.5E7                 | NULL | money '1.5E7': scientific notation is not accepted",
            "1e5                   | NULL | money '1e5': scientific notation is not accepted",
            "1.5e+7万元            | NULL | money '1.5e+7万元': scientific notation is not accepted",
            "1.2.3                 | NULL | money '1.2.3': has more than one decimal point",
            "1.234.567,89          | NULL | money '1.234.567,89': has more than one decimal point",
            "1,23                  | NULL | money '1,23': thousands separators must group three digits",
            "1,2345.00             | NULL | money '1,2345.00': thousands separators must group three digits",
            "1234,5                | NULL | money '1234,5': thousands separators must group three digits",
            "abc                   | NULL | money 'abc': is not a number",
            "¥                     | NULL | money '¥': is not a number",
            "-                     | NULL | money '-': is not a number",
            "1.                    | NULL | money '1.': is not a number",
            ".5                    | NULL | money '.5': is not a number",
            "--5                   | NULL | money '--5': is not a number",
            "-¥-5                  | NULL | money '-¥-5': is not a number",
            "1 234                 | NULL | money '1 234': is not a number",
            "(100)                 | NULL | money '(100)': is not a number",
            "12abc                 | NULL | money '12abc': unit 'abc' is unknown",
            "150美元               | NULL | money '150美元': unit '美元' is unknown",
            "150千元               | 元   | money '150千元': unit '千元' is unknown",
            "150万元               | 元   | money '150万元': its unit 万元 contradicts the unit field '元'",
            "1.5亿元               | 万元 | money '1.5亿元': its unit 亿元 contradicts the unit field '万元'",
            "100元                 | wan  | money '100元': its unit 元 contradicts the unit field 'wan'",
            "100                   | 美元 | money unit '美元' is unknown",
            "0.001                 | NULL | money '0.001' is 0.001 元, more precise than a fen",
            "0.001元               | 万元 | money '0.001元': its unit 元 contradicts",
            "0.001元               | NULL | money '0.001元' is 0.001 元, more precise than a fen",
            "0.0000001万           | NULL | money '0.0000001万' is 0.001 元, more precise than a fen",
            "-0.005                | NULL | money '-0.005' is -0.005 元, more precise than a fen",
            "10000000000000000     | NULL | money '10000000000000000': too large (more than 16 integer digits in 元)",
            "1000000000000万       | NULL | money '1000000000000万': too large",
            "1亿亿                 | NULL | money '1亿亿': unit '亿亿' is unknown",
            "100000000亿           | NULL | money '100000000亿': too large",
            "-10000000000000000.00 | NULL | too large",
    })
    void rejected(String value, String unitField, String reason) {
        assertThatThrownBy(() -> Money.parse(value, unitField, MoneyUnit.YUAN))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void resultIsExactWithoutFloatingPointNoise() {
        // 0.1 + 0.2 style values that binary floating point cannot hold exactly
        assertThat(Money.parse("0.1", null, MoneyUnit.YUAN).add(Money.parse("0.2", null, MoneyUnit.YUAN)))
                .isEqualTo(new BigDecimal("0.30"));
        assertThat(Money.parse("1234567890123.45", null, MoneyUnit.YUAN).toPlainString())
                .isEqualTo("1234567890123.45");
    }
}
