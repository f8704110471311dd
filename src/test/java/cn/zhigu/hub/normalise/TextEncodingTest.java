package cn.zhigu.hub.normalise;

import cn.zhigu.hub.feeds.FileRejectedException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextEncodingTest {
    private static final Charset GBK = Charset.forName("GBK");
    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final String TAX_HEADER = "统一社会信用代码,纳税人名称,所属期\n91420106MA4K0001X,武汉珞珈科技有限公司,202403\n";

    @TempDir
    Path dir;

    static Stream<Arguments> texts() {
        String a64k = "a".repeat(64 * 1024 - 1); // puts a multi-byte character across the first chunk boundary
        return Stream.of(
                Arguments.of("ascii", "a,b,c\n".getBytes(StandardCharsets.US_ASCII), StandardCharsets.UTF_8, "a,b,c\n"),
                Arguments.of("empty", new byte[0], StandardCharsets.UTF_8, ""),
                Arguments.of("utf-8", TAX_HEADER.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, TAX_HEADER),
                Arguments.of("utf-8 with BOM", concat(BOM, TAX_HEADER.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8, TAX_HEADER),
                Arguments.of("gbk", TAX_HEADER.getBytes(GBK), GB18030, TAX_HEADER),
                Arguments.of("gb18030 four-byte", "𠀀,€,中\n".getBytes(GB18030), GB18030, "𠀀,€,中\n"),
                Arguments.of("utf-8 across chunks", (a64k + "中文").getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, a64k + "中文"),
                Arguments.of("gbk across chunks", (a64k + "中文").getBytes(GBK), GB18030, a64k + "中文"),
                Arguments.of("gbk after a long utf-8-clean start", ("x".repeat(300_000) + "武昌").getBytes(GBK), GB18030, "x".repeat(300_000) + "武昌"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void detectsAndOpens(String name, byte[] bytes, Charset expected, String text) throws IOException {
        Path file = Files.write(dir.resolve("f.txt"), bytes);
        assertThat(TextEncoding.detect(file)).isEqualTo(expected);
        assertThat(TextEncoding.detect(bytes)).isEqualTo(expected);
        try (Reader in = TextEncoding.open(file)) {
            StringBuilder read = new StringBuilder();
            char[] buf = new char[8192];
            for (int n; (n = in.read(buf)) >= 0; ) {
                read.append(buf, 0, n);
            }
            assertThat(read.toString()).isEqualTo(text); // BOM skipped
        }
    }

    static Stream<Arguments> notText() {
        byte[] random = new byte[64 * 1024];
        new Random(42).nextBytes(random);
        byte[] randomWithoutNul = random.clone();
        for (int i = 0; i < randomWithoutNul.length; i++) {
            if (randomWithoutNul[i] == 0) {
                randomWithoutNul[i] = 1;
            }
        }
        return Stream.of(
                Arguments.of("NUL in a CSV", "a,b\n1,\0\n".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("NUL after the first chunk", ("x".repeat(200_000) + "\0").getBytes(StandardCharsets.UTF_8)),
                Arguments.of("random binary", random),
                Arguments.of("random binary without NUL", randomWithoutNul),
                Arguments.of("UTF-16 with BOM", concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "统一".getBytes(StandardCharsets.UTF_16LE))),
                Arguments.of("UTF-8 BOM but GBK content", concat(BOM, TAX_HEADER.getBytes(GBK))));
    }

    static Stream<Arguments> placesOfWhatIsNotText() {
        byte[] gbkLine3 = ("a,b\nc,d\n" + "武昌").getBytes(GBK);
        return Stream.of(
                Arguments.of("NUL on line 2", "a,b\n1,\0\n".getBytes(StandardCharsets.UTF_8), "a NUL byte at line 2 (byte 6)"),
                Arguments.of("NUL after the first chunk", ("x\n".repeat(100_000) + "\0").getBytes(StandardCharsets.UTF_8),
                        "a NUL byte at line 100001 (byte 200000)"),
                Arguments.of("GBK after a UTF-8 BOM", concat(BOM, gbkLine3), "not valid UTF-8 at line 3 (byte 11)"),
                Arguments.of("neither", concat("ok\n".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0x81, '\n'}),
                        "neither UTF-8 nor GBK/GB18030 at line 2 (byte 3)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placesOfWhatIsNotText")
    void aRefusalNamesTheLineAndByteWhereTheTextBreaks(String name, byte[] bytes, String where) throws IOException {
        Path file = Files.write(dir.resolve("f.bin"), bytes);
        assertThatThrownBy(() -> TextEncoding.detect(file)).isInstanceOf(FileRejectedException.class)
                .hasMessageContaining(where);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notText")
    void refusesWhatIsNotText(String name, byte[] bytes) throws IOException {
        Path file = Files.write(dir.resolve("f.bin"), bytes);
        assertThatThrownBy(() -> TextEncoding.detect(file))
                .isInstanceOf(FileRejectedException.class).hasMessageStartingWith("not a text file");
        assertThatThrownBy(() -> TextEncoding.detect(bytes))
                .isInstanceOf(FileRejectedException.class).hasMessageStartingWith("not a text file");
        assertThatThrownBy(() -> TextEncoding.open(file).close())
                .isInstanceOf(FileRejectedException.class).hasMessageStartingWith("not a text file");
    }

    @Test
    void aNulByteAloneIsEnoughToRefuse() {
        assertThatThrownBy(() -> TextEncoding.detect(new byte[] {'a', 0, 'b'}))
                .isInstanceOf(FileRejectedException.class).hasMessage("not a text file: a NUL byte at line 1 (byte 1)");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
