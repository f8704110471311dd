package cn.zhigu.hub.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BooleansTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource({
            "是, true", "否, false",
            "Y, true", "N, false", "y, true", "n, false", "Ｙ, true", "ｎ, false",
            "1, true", "0, false", "１, true", "０, false",
            "true, true", "false, false", "TRUE, true", "False, false",
            "yes, true", "no, false", "YES, true", "No, false",
            "' 是 ', true", "'\u3000N', false",
    })
    void parsed(String raw, boolean expected) {
        assertThat(Booleans.parse(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "2", "是的", "不是", "T", "F", "x", "-1", "on", "off", "yes!", "真"})
    void rejected(String raw) {
        assertThatThrownBy(() -> Booleans.parse(raw))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("boolean '" + raw + "' is not one of 是/否, Y/N, 1/0, true/false");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\u3000"})
    void missing(String raw) {
        assertThatThrownBy(() -> Booleans.parse(raw))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("boolean is missing");
    }
}
