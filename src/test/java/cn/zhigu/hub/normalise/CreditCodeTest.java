package cn.zhigu.hub.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every valid code below was checked with an independent calculation (a separate Python script of the
 * GB 32100-2015 formula), not only with {@link CreditCode} itself.
 */
class CreditCodeTest {

    /** first 17 characters, expected check character. */
    @ParameterizedTest
    @CsvSource({
            "91440300192203821, 6",
            "9144030071526726X, G",
            "91330100716105852, F",
            "91110000802100433, B",
            "91420106MA4KR0YF5, A",
            "91420106MA4K00015, 0",
            "91420106MA4K00005, Y",
            "91420106MA4K00024, X",
            "91420106MA4K00000, F",
            "91420106MA4KXXXX0, 4",
            "12420000441357436, 5",
            "52420106MJH123456, N",
            "Y1420106MA4KXXXX0, E",
            "93420106MA4B12CD3, M",
            "11100000000013127, D",
    })
    void checkCharacter(String first17, char expected) {
        assertThat(CreditCode.checkCharacter(first17)).isEqualTo(expected);
        assertThat(CreditCode.isValid(first17 + expected)).isTrue();
        assertThat(CreditCode.normalise(first17 + expected)).isEqualTo(first17 + expected);
    }

    static Stream<Arguments> normalised() {
        return Stream.of(
                Arguments.of("914403001922038216", "914403001922038216"),
                Arguments.of("9144030071526726XG", "9144030071526726XG"),
                Arguments.of("91420106MA4KR0YF5A", "91420106MA4KR0YF5A"),
                Arguments.of("91420106ma4kr0yf5a", "91420106MA4KR0YF5A"),
                Arguments.of("９１４２０１０６ＭＡ４ＫＲ０ＹＦ５Ａ", "91420106MA4KR0YF5A"),
                Arguments.of("９１４２０１０６ｍａ４ｋｒ０ｙｆ５ａ", "91420106MA4KR0YF5A"),
                Arguments.of("  91420106MA4KR0YF5A\t", "91420106MA4KR0YF5A"),
                Arguments.of("9142 0106 MA4K R0YF 5A", "91420106MA4KR0YF5A"),
                Arguments.of("9142\u30000106\u3000MA4KR0YF5A", "91420106MA4KR0YF5A"),
                Arguments.of("9142\u00A00106MA4KR0YF5A", "91420106MA4KR0YF5A"),
                Arguments.of("91420106-MA4KR0YF5-A", "91420106MA4KR0YF5A"),
                Arguments.of("91420106\u2010MA4KR0YF5\u2011A", "91420106MA4KR0YF5A"),
                Arguments.of("91420106\u2013MA4KR0YF5\u2014A", "91420106MA4KR0YF5A"),
                Arguments.of("91420106－MA4KR0YF5－A", "91420106MA4KR0YF5A"),
                Arguments.of("91420106_MA4KR0YF5_A", "91420106MA4KR0YF5A"),
                Arguments.of("91420106·MA4KR0YF5·A", "91420106MA4KR0YF5A"),
                Arguments.of("\uFEFF91420106MA4K\u200BR0YF5A", "91420106MA4KR0YF5A"),
                Arguments.of("91420106 - ma4k - 00024x", "91420106MA4K00024X"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @MethodSource
    void normalised(String raw, String expected) {
        assertThat(CreditCode.normalise(raw)).isEqualTo(expected);
        assertThat(CreditCode.isValid(expected)).isTrue();
    }

    /** raw, fragment of the reason (always naming the offending code). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "91420106MA4KR0YF5L   | credit code 91420106MA4KR0YF5L: check character is L, expected A",
            "91420106MA4KXXXX03   | credit code 91420106MA4KXXXX03: check character is 3, expected 4",
            "914403001922038217   | credit code 914403001922038217: check character is 7, expected 6",
            "91420106ma4kr0yf5b   | credit code 91420106MA4KR0YF5B (delivered as '91420106ma4kr0yf5b'): check character is B, expected A",
            "91420106MA4KR0YF5    | credit code 91420106MA4KR0YF5: has 17 characters, expected 18",
            "91420106MA4KR0YF5AA  | credit code 91420106MA4KR0YF5AA: has 19 characters, expected 18",
            "420106MA4KR0YF5A     | has 16 characters, expected 18",
            "91420106MI4KR0YF5A   | credit code 91420106MI4KR0YF5A: character 10 'I' is not allowed",
            "91420106MA4KR0YO5A   | credit code 91420106MA4KR0YO5A: character 16 'O' is not allowed",
            "Z1420106MA4KR0YF5A   | credit code Z1420106MA4KR0YF5A: character 1 'Z' is not allowed",
            "91420106SA4KR0YF5A   | character 9 'S' is not allowed",
            "91420106VA4KR0YF5A   | character 9 'V' is not allowed",
            "91420106MA4KR0YF5甲  | credit code 91420106MA4KR0YF5甲: character 18 '甲' is not allowed",
            "91420106MA4KR0YF.A   | credit code 91420106MA4KR0YF.A: character 17 '.' is not allowed",
            "'91420106MA4KR0YF5A，' | credit code 91420106MA4KR0YF5A,: has 19 characters, expected 18",
    })
    void rejected(String raw, String reason) {
        assertThatThrownBy(() -> CreditCode.normalise(raw))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\u3000", "\uFEFF"})
    void missing(String raw) {
        assertThatThrownBy(() -> CreditCode.normalise(raw))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("credit code is missing");
    }

    /** Changing the check character of a valid code to any other character of the alphabet breaks it. */
    static Stream<String> everyWrongCheckCharacter() {
        return CreditCode.ALPHABET.chars().filter(c -> c != 'A').mapToObj(c -> "91420106MA4KR0YF5" + (char) c);
    }

    @ParameterizedTest
    @MethodSource
    void everyWrongCheckCharacter(String code) {
        assertThat(CreditCode.isValid(code)).isFalse();
        assertThatThrownBy(() -> CreditCode.normalise(code))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(code + ": check character is " + code.charAt(17) + ", expected A");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"91420106ma4kr0yf5a", "9142 0106MA4KR0YF5A", "91420106MA4KR0YF5", "91420106MA4KR0YF5L",
            "91420106MI4KR0YF5A", "91420106MA4KR0YF5AA"})
    void notValid(String code) {
        assertThat(CreditCode.isValid(code)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"9142010", "91420106MA4KR0YF5A", "91420106MI4KR0YF5", "91420106ma4kr0yf5"})
    void checkCharacterNeeds17AlphabetCharacters(String first17) {
        assertThatThrownBy(() -> CreditCode.checkCharacter(first17))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("credit code prefix '" + first17 + "'");
    }
}
