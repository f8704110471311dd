package cn.zhigu.hub.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IndustryTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}{2}")
    @CsvSource(delimiter = '|', value = {
            "I6513       | I | 6513",
            "i6513       | I | 6513",
            "I 6513      | I | 6513",
            "Ｉ６５１３  | I | 6513",
            "6513        | I | 6513",
            "'\u30006513 ' | I | 6513",
            "651         | I | 651",
            "I651        | I | 651",
            "65          | I | 65",
            "I65         | I | 65",
            "C1310       | C | 1310",
            "0111        | A | 0111",
            "A0111       | A | 0111",
            "a01         | A | 01",
    })
    void normalised(String raw, char section, String code) {
        assertThat(Industry.normalise(raw)).isEqualTo(new IndustryCode(section, code));
    }

    /** Both ends of every section's division range. */
    @ParameterizedTest(name = "division {0} is section {1}")
    @CsvSource({
            "01, A", "05, A", "06, B", "12, B", "13, C", "43, C", "44, D", "46, D", "47, E", "50, E",
            "51, F", "52, F", "53, G", "60, G", "61, H", "62, H", "63, I", "65, I", "66, J", "69, J",
            "70, K", "71, L", "72, L", "73, M", "75, M", "76, N", "79, N", "80, O", "82, O", "83, P",
            "84, Q", "85, Q", "86, R", "90, R", "91, S", "96, S", "97, T",
    })
    void sectionOfDivision(String division, char section) {
        assertThat(Industry.normalise(division)).isEqualTo(new IndustryCode(section, division));
        assertThat(Industry.normalise(section + division + "11")).isEqualTo(new IndustryCode(section, division + "11"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "I1310     | industry I1310: section I contradicts division 13 (section C)",
            "i1310     | industry i1310: section I contradicts division 13 (section C)",
            "C6513     | industry C6513: section C contradicts division 65 (section I)",
            "B05       | industry B05: section B contradicts division 05 (section A)",
            "Z6513     | industry Z6513: section Z contradicts division 65 (section I)",
            "00        | industry 00: division 00 does not exist in GB/T 4754-2017",
            "0011      | industry 0011: division 00 does not exist",
            "98        | industry 98: division 98 does not exist",
            "9900      | industry 9900: division 99 does not exist",
            "T9800     | industry T9800: division 98 does not exist",
            "I         | industry I: no digits after the section",
            "i         | industry i: no digits after the section",
            "6         | industry 6: has 1 digits, expected a 2-digit division",
            "I6        | industry I6: has 1 digits",
            "65130     | industry 65130: has 5 digits",
            "IC6513    | industry IC6513: not a GB/T 4754 code",
            "65-13     | industry 65-13: not a GB/T 4754 code",
            "6513.0    | industry 6513.0: not a GB/T 4754 code",
            "6513I     | industry 6513I: not a GB/T 4754 code",
            "信息技术  | industry 信息技术: not a GB/T 4754 code",
    })
    void rejected(String raw, String reason) {
        assertThatThrownBy(() -> Industry.normalise(raw))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\u3000"})
    void missing(String raw) {
        assertThatThrownBy(() -> Industry.normalise(raw))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("industry code is missing");
    }
}
