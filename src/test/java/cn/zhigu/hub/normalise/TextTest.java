package cn.zhigu.hub.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TextTest {

    static Stream<Arguments> cleaned() {
        return Stream.of(
                Arguments.of("珞珈山街道", "珞珈山街道"),
                Arguments.of("  padded  ", "padded"),
                Arguments.of("\t tabs and newlines \r\n", "tabs and newlines"),
                Arguments.of("\u3000全角空格\u3000", "全角空格"),
                Arguments.of("\u00A0nbsp\u00A0", "nbsp"),
                Arguments.of("\uFEFFbom first", "bom first"),
                Arguments.of("zero\u200Bwidth\u200C\u200D\u2060", "zerowidth"),
                Arguments.of("\u200B \uFEFF 武汉 \u3000", "武汉"),
                Arguments.of("ＡＢＣ１２３", "ABC123"),
                Arguments.of("（全角括号）", "(全角括号)"),
                Arguments.of("inner  spaces kept", "inner  spaces kept"),
                Arguments.of("a\u3000b", "a b"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
    @MethodSource
    void cleaned(String raw, String expected) {
        assertThat(Text.clean(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t\r\n", "\u3000", "\u00A0", "\uFEFF", "\u200B", " \u3000\uFEFF\u200B\u00A0 "})
    void nothingButSpaceIsNull(String raw) {
        assertThat(Text.clean(raw)).isNull();
    }
}
