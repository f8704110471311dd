package cn.zhigu.hub.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyUnitTest {

    @ParameterizedTest
    @CsvSource({
            "元, YUAN", "yuan, YUAN", "YUAN, YUAN", "Yuan, YUAN", "' 元 ', YUAN",
            "万元, WAN", "万, WAN", "wan, WAN", "WAN, WAN", "ｗａｎ, WAN", "万 元, WAN",
            "亿元, YI", "亿, YI", "yi, YI", "YI, YI", "ＹＩ, YI",
    })
    void parsed(String raw, MoneyUnit expected) {
        assertThat(MoneyUnit.parse(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"YUAN, 1", "WAN, 10000", "YI, 100000000"})
    void factor(MoneyUnit unit, BigDecimal factor) {
        assertThat(unit.factor()).isEqualByComparingTo(factor);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\u3000"})
    void blankIsNull(String raw) {
        assertThat(MoneyUnit.parse(raw)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"美元", "千元", "USD", "rmb", "万亿", "分", "yuanyuan"})
    void rejected(String raw) {
        assertThatThrownBy(() -> MoneyUnit.parse(raw))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("money unit '" + raw + "' is unknown")
                .hasMessageContaining("万元");
    }
}
