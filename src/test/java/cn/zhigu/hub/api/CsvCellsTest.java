package cn.zhigu.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvCellsTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "营业收入|营业收入",
        "=HYPERLINK(\"http://x\")|`\"'=HYPERLINK(\"\"http://x\"\")\"`",
        "+1+1|'+1+1",
        "-2+3|'-2+3",
        "@SUM(A1)|'@SUM(A1)",
        "a,b|`\"a,b\"`",
        "say \"hi\"|`\"say \"\"hi\"\"\"`",
        "2021-Q1|2021-Q1",
    })
    void textThatASpreadsheetWouldRunIsNeutralised(String cell, String expected) {
        assertThat(CsvCells.text(cell)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"-25.5,-25.5", "100000000,100000000", "0.5,0.5"})
    void numbersStayNumbers(String n, String expected) {
        assertThat(CsvCells.number(new BigDecimal(n))).isEqualTo(expected);
    }
}
