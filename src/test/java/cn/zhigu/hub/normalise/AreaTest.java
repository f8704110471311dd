package cn.zhigu.hub.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AreaTest {

    /** value | expected m² (compared with its scale: trailing zeros stripped, 0 to 2 decimals). */
    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "120          | 120",
            "120.00       | 120",
            "120.5        | 120.5",
            "120.50       | 120.5",
            "12.34        | 12.34",
            "12.340       | 12.34",
            "0            | 0",
            "-0           | 0",
            "+80          | 80",
            "1,200        | 1200",
            "1,234,567.8  | 1234567.8",
            "1，200㎡     | 1200",
            "１２０．５   | 120.5",
            "１２０㎡     | 120",
            "120㎡        | 120",
            "120 ㎡       | 120",
            "120m²        | 120",
            "120 m²       | 120",
            "120m2        | 120",
            "120M2        | 120",
            "120 M2       | 120",
            "120ｍ２      | 120",
            "350平方米    | 350",
            "350 平方米   | 350",
            "350平米      | 350",
            "350平方      | 350",
            "350 平 方 米 | 350",
            "1.2万方      | 12000",
            "1.2 万方     | 12000",
            "1.2万平方米  | 12000",
            "1.25万㎡     | 12500",
            "1.25 万 m²   | 12500",
            "3万平米      | 30000",
            "0.0001万方   | 1",
            "0.000001万方 | 0.01",
            "1.23456万㎡  | 12345.6",
    })
    void parsed(String value, BigDecimal expected) {
        assertThat(Area.parse(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\u3000", "\t"})
    void blankIsNull(String value) {
        assertThat(Area.parse(value)).isNull();
    }

    /** value | fragment of the reason. */
    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "-5㎡                 | area '-5m2' is negative",
            "-0.5万方             | area '-0.5万方' is negative",
            "12.345               | area '12.345' is 12.345 m², more precise than 0.01 m²",
            "12.345㎡             | area '12.345m2' is 12.345 m², more precise",
            "0.0000001万方        | area '0.0000001万方' is 0.001 m², more precise",
            "12平方公里           | area '12平方公里': unit '平方公里' is unknown",
            "12亩                 | area '12亩': unit '亩' is unknown",
            "12 sqm               | area '12 sqm': unit 'sqm' is unknown",
            "12m3                 | area '12m3': is not a number",
            "1.2.3                | area '1.2.3': has more than one decimal point",
            "1.2e3                | area '1.2e3': scientific notation is not accepted",
            "1,2345               | area '1,2345': thousands separators must group three digits",
            "abc                  | area 'abc': is not a number",
            "㎡                   | area 'm2': is not a number",
            "约120㎡              | area '约120m2': is not a number",
            "10000000000000000    | area '10000000000000000': too large",
    })
    void rejected(String value, String reason) {
        assertThatThrownBy(() -> Area.parse(value))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(reason);
    }
}
