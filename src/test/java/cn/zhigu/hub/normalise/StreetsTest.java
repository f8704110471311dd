package cn.zhigu.hub.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs against the real code list, config/streets.csv of the project. */
class StreetsTest {

    private static final Path FILE = Path.of("config/streets.csv");
    private static final Streets STREETS = Streets.load(FILE);

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "420106013     | 420106013",
            "420106013000  | 420106013",
            "珞珈山街道    | 420106013",
            "珞珈山        | 420106013",
            "Luojiashan    | 420106013",
            "luojiashan    | 420106013",
            "LUOJIASHAN    | 420106013",
            "Luojia Shan   | 420106013",
            "' 珞珈山街道\u3000' | 420106013",
            "\uFEFF珞珈山  | 420106013",
            "４２０１０６０１３ | 420106013",
            "４２０１０６０１３０００ | 420106013",
            "ｌｕｏｊｉａｓｈａｎ | 420106013",
            "420106002     | 420106002",
            "积玉桥街道    | 420106002",
            "粮道街道      | 420106005",
            "粮道街        | 420106005",
            "Liangdaojie   | 420106005",
            "420106005000  | 420106005",
            "中南路        | 420106011",
            "水果湖街道    | 420106012",
            "Shuiguohu     | 420106012",
            "420106015000  | 420106015",
            "南湖          | 420106015",
    })
    void resolved(String raw, String code) {
        assertThat(STREETS.resolve(raw).code()).isEqualTo(code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"420106099", "420106013001", "42010601", "4201060130", "420106013000000", "420106",
            "珞珈", "武昌区", "珞珈山街", "洪山街道", "Luojia", "luojiashanjiedao", "420106013 000x"})
    void unknown(String raw) {
        assertThatThrownBy(() -> STREETS.resolve(raw))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("unknown street '" + raw + "'");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\u3000"})
    void missing(String raw) {
        assertThatThrownBy(() -> STREETS.resolve(raw))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("street is missing");
    }

    @Test
    void theWholeListInFileOrder() {
        assertThat(STREETS.all()).hasSize(14);
        assertThat(STREETS.all().get(0))
                .isEqualTo(new Street("420106002", "积玉桥街道", "积玉桥", "Jiyuqiao", false));
        assertThat(STREETS.all().get(11))
                .isEqualTo(new Street("420106013", "珞珈山街道", "珞珈山", "Luojiashan", true));
        assertThat(STREETS.all()).extracting(Street::code).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void zhiguIsTheStreetsMarkedY() {
        assertThat(STREETS.zhiguCodes()).containsExactly("420106011", "420106012", "420106013");
    }

    @ParameterizedTest
    @CsvSource({"420106011, 中南路街道", "420106004, 徐家棚街道"})
    void byCode(String code, String name) {
        assertThat(STREETS.byCode(code)).hasValueSatisfying(s -> assertThat(s.name()).isEqualTo(name));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"420106001", "420106011000", "中南路街道", " 420106011"})
    void byCodeIsExact(String code) {
        assertThat(STREETS.byCode(code)).isEmpty();
    }

    @Test
    void isImmutable() {
        assertThatThrownBy(() -> STREETS.all().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> STREETS.zhiguCodes().add("420106002"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void loadsFromAStreamWithBom() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] file = Files.readAllBytes(FILE);
        byte[] withBom = new byte[bom.length + file.length];
        System.arraycopy(bom, 0, withBom, 0, bom.length);
        System.arraycopy(file, 0, withBom, bom.length, file.length);
        Streets fromStream = Streets.load(new ByteArrayInputStream(withBom));
        assertThat(fromStream.all()).isEqualTo(STREETS.all());
        assertThat(fromStream.zhiguCodes()).isEqualTo(STREETS.zhiguCodes());
    }

    @Test
    void zoneMembershipIsConfiguration(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("streets.csv");
        Files.writeString(csv, "code,name,short_name,pinyin,zhigu\r\n"
                + "420106013,珞珈山街道,珞珈山,Luojiashan,N\r\n"
                + "\"420106014\",\"石洞街道\",石洞,Shidong,Y\r\n", StandardCharsets.UTF_8);
        Streets streets = Streets.load(csv);
        assertThat(streets.zhiguCodes()).containsExactly("420106014");
        assertThat(streets.resolve("石洞").zhigu()).isTrue();
        assertThat(streets.resolve("珞珈山").zhigu()).isFalse();
    }

    /** file content (lines separated by '/') | fragment of the reason. */
    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "code,name,zhigu/420106013,珞珈山街道,Y                                    | header is",
            "code,name,short_name,pinyin,zhigu/42010613,珞珈山街道,珞珈山,Luojiashan,Y  | code '42010613' is not 9 digits",
            "code,name,short_name,pinyin,zhigu/,珞珈山街道,珞珈山,Luojiashan,Y          | line 2: no code",
            "code,name,short_name,pinyin,zhigu/420106013,珞珈山街道,珞珈山              | line 2: has 3 fields, the header has 5",
            "code,name,short_name,pinyin,zhigu/420106013,,珞珈山,Luojiashan,Y           | street 420106013 has no name",
            "code,name,short_name,pinyin,zhigu/420106013,珞珈山街道,珞珈山,Luojiashan,X | zhigu: boolean 'X' is not one of",
            "code,name,short_name,pinyin,zhigu/420106013,珞珈山街道,珞珈山,Luojiashan,Y/420106013,石洞街道,石洞,Shidong,N | street code 420106013 occurs twice",
            "code,name,short_name,pinyin,zhigu/420106013,珞珈山街道,珞珈山,Luojiashan,Y/420106014,石洞街道,珞珈山,Shidong,N | '珞珈山' names both 420106013 and 420106014",
    })
    void badFilesAreRejected(String content, String reason) {
        InputStream in = new ByteArrayInputStream(content.replace('/', '\n').getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Streets.load(in))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(reason);
    }
}
