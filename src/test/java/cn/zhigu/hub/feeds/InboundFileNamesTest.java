package cn.zhigu.hub.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How a delivered file's name is fitted for archive/ and rejected/ (room for a number and ".reason.txt"). */
class InboundFileNamesTest {

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("short", "tax-2020.csv", 240, "tax-2020.csv"),
                Arguments.of("dots and spaces kept", "a..b c.csv", 240, "a..b c.csv"),
                Arguments.of("exactly at the limit", "a".repeat(236) + ".csv", 240, "a".repeat(236) + ".csv"),
                Arguments.of("one byte over", "a".repeat(237) + ".csv", 240, "a".repeat(233) + "….csv"),
                Arguments.of("Chinese cut at a whole character", "长".repeat(85) + ".json", 240, "长".repeat(77) + "….json"),
                Arguments.of("no extension", "x".repeat(300), 240, "x".repeat(237) + "…"),
                Arguments.of("a long tail is no extension", "x".repeat(250) + "." + "y".repeat(40), 240, "x".repeat(237) + "…"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void aNameTooLongIsShortenedToItsBeginningAndExtension(String what, String name, int max, String expected) {
        String fitted = InboundFiles.fit(name, max);
        assertThat(fitted).isEqualTo(expected);
        assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(max);
    }
}
