package cn.zhigu.hub.feeds.read;

import cn.zhigu.hub.feeds.FileRejectedException;
import cn.zhigu.hub.feeds.RawRecord;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class CsvRecordReaderTest {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final String TAX = "统一社会信用代码,纳税人名称,所属期,行业代码,街道,营业收入,实缴税额,研发费用,高新技术企业";

    @TempDir
    Path dir;

    private final CsvRecordReader reader = new CsvRecordReader();

    private Collected read(String text) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    private Collected read(byte[] bytes) throws IOException {
        return Collected.read(reader, Files.write(dir.resolve("in.csv"), bytes));
    }

    static Stream<Arguments> encodings() {
        return Stream.of(
                Arguments.of("UTF-8", false),
                Arguments.of("UTF-8", true),
                Arguments.of("GBK", false));
    }

    @ParameterizedTest(name = "{0}, BOM {1}")
    @MethodSource("encodings")
    void readsTheTaxFileInEachEncoding(String charset, boolean bom) throws IOException {
        String row = "91420106MA4K0001X,武汉珞珈科技有限公司,202403,I6513,珞珈山街道,\"1,234.50\",100,,Y";
        byte[] body = (TAX + "\r\n" + row + "\r\n").getBytes(Charset.forName(charset));
        Collected c = read(bom ? concat(BOM, body) : body);

        assertThat(c.headerCalls).isEqualTo(1);
        assertThat(c.header).containsExactly(TAX.split(","));
        assertThat(c.records).hasSize(1);
        RawRecord r = c.get(0);
        assertThat(r.position()).isEqualTo("line 2");
        assertThat(r.rawText()).isEqualTo(row);
        assertThat(r.fields()).containsExactly(
                entry("统一社会信用代码", "91420106MA4K0001X"), entry("纳税人名称", "武汉珞珈科技有限公司"),
                entry("所属期", "202403"), entry("行业代码", "I6513"), entry("街道", "珞珈山街道"),
                entry("营业收入", "1,234.50"), entry("实缴税额", "100"), entry("研发费用", ""), entry("高新技术企业", "Y"));
    }

    @ParameterizedTest(name = "line end {0}")
    @ValueSource(strings = {"\n", "\r\n"})
    void quotedFieldsKeepTheirCommasQuotesAndNewlines(String eol) throws IOException {
        String first = "1,\"a, b\",\"say \"\"hi\"\"\"";
        String second = "2,\"two" + eol + "lines\",x";
        String third = "3,c,\"\"";
        Collected c = read(String.join(eol, "id,name,note", first, second, third) + eol);

        assertThat(c.rawTexts()).containsExactly(first, second, third);
        assertThat(c.positions()).containsExactly("line 2", "line 3", "line 5");
        assertThat(c.get(0).fields()).containsExactly(entry("id", "1"), entry("name", "a, b"), entry("note", "say \"hi\""));
        assertThat(c.get(1).get("name")).isEqualTo("two" + eol + "lines");
        assertThat(c.get(2).get("note")).isEmpty();
    }

    @Test
    void columnsInAnyOrderExtrasIgnoredShortRowsMissing() throws IOException {
        Collected c = read("b,a,c\n2,1,3,surplus\n20,10\n");
        assertThat(c.get(0).fields()).containsExactly(entry("b", "2"), entry("a", "1"), entry("c", "3"));
        assertThat(c.get(1).fields()).containsExactly(entry("b", "20"), entry("a", "10"));
        assertThat(c.get(1).get("c")).isNull();
        assertThat(c.get(0).rawText()).isEqualTo("2,1,3,surplus");
    }

    @Test
    void blankLinesAreSkippedAndLinesStillCounted() throws IOException {
        Collected c = read("\n\r\n   \na,b\n\n1,2\n ,  \n,,\n\n3,4\n\n\n");
        assertThat(c.header).containsExactly("a", "b");
        assertThat(c.positions()).containsExactly("line 6", "line 10");
        assertThat(c.rawTexts()).containsExactly("1,2", "3,4");
    }

    @Test
    void theLastRecordNeedsNoLineEnd() throws IOException {
        Collected c = read("a,b\r\n1,2\r\n3,4");
        assertThat(c.rawTexts()).containsExactly("1,2", "3,4");
        assertThat(c.positions()).containsExactly("line 2", "line 3");
    }

    @Test
    void cellsAreTrimmedButRawTextIsNot() throws IOException {
        Collected c = read("a , b\n  x  ,\t\"y\"\n");
        assertThat(c.header).containsExactly("a", "b");
        assertThat(c.get(0).rawText()).isEqualTo("  x  ,\t\"y\"");
        assertThat(c.get(0).get("a")).isEqualTo("x");
    }

    @Test
    void headerCellsAreCleaned() throws IOException {
        // a second BOM (the first is skipped as the encoding mark), full-width letters, ideographic spaces
        byte[] bytes = concat(BOM, "\uFEFFＣＯＤＥ,\u3000名称\u3000, 面积\n1,x,2\n".getBytes(StandardCharsets.UTF_8));
        Collected c = read(bytes);
        assertThat(c.header).containsExactly("CODE", "名称", "面积");
        assertThat(c.get(0).fields()).containsOnlyKeys("CODE", "名称", "面积");
    }

    @Test
    void aHeaderAloneGivesAHeaderAndNoRecords() throws IOException {
        Collected c = read(TAX + "\n");
        assertThat(c.header).hasSize(9);
        assertThat(c.records).isEmpty();
    }

    @Test
    void emptyHeaderCellsAreKeptInTheHeaderButNotKeyed() throws IOException {
        Collected c = read("a,,b,\n1,2,3,4\n");
        assertThat(c.header).containsExactly("a", "", "b", "");
        assertThat(c.get(0).fields()).containsExactly(entry("a", "1"), entry("b", "3"));
    }

    @Test
    void duplicateColumnsRejectTheFile() {
        assertThatThrownBy(() -> read("名称,面积,名称\n1,2,3\n"))
                .isInstanceOf(FileRejectedException.class).hasMessage("duplicate column 名称");
        assertThatThrownBy(() -> read("a, A \n1,2\n".replace(" A ", " a ")))
                .isInstanceOf(FileRejectedException.class).hasMessage("duplicate column a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "\r\n\r\n", "  \n\t\n", ",,,\n"})
    void aFileWithoutHeaderIsEmpty(String text) {
        assertThatThrownBy(() -> read(text)).isInstanceOf(FileRejectedException.class).hasMessage("file is empty");
    }

    static Stream<Arguments> brokenEnds() {
        String rows = "a,b,c\n1,2,3\n";
        return Stream.of(
                Arguments.of("last line cut short", rows + "4,5", "line 3 has 2 of the header's 3 columns and no line break"),
                Arguments.of("a BOM starting a line", rows + "\uFEFFa,b,c\n7,8,9\n", "line 3 starts with a UTF-8 byte-order mark"),
                Arguments.of("a long line", "a,b\n" + "x".repeat(40_000), "the record after line 1 is longer than 20000 characters"),
                Arguments.of("no line break at all", "x".repeat(40_000), "the record at line 1 is longer than 20000 characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenEnds")
    void aFileCutOffJoinedOrWithoutLineBreaksIsRefusedWithTheLine(String name, String text, String reason) throws IOException {
        CsvRecordReader limited = new CsvRecordReader(20_000);
        Path file = Files.write(dir.resolve("in.csv"), text.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Collected.read(limited, file)).isInstanceOf(FileRejectedException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void aCompleteLastLineWithoutBreakAndAShortLineWithOneAndABomInsideACellAreRead() throws IOException {
        Collected c = read("a,b,c\n1,\uFEFF2,3\n4,5\n6,7,8");
        assertThat(c.rawTexts()).containsExactly("1,\uFEFF2,3", "4,5", "6,7,8");
    }

    @Test
    void aBinaryFileIsNotText() {
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        assertThatThrownBy(() -> read(bytes))
                .isInstanceOf(FileRejectedException.class).hasMessageStartingWith("not a text file");
        assertThatThrownBy(() -> read("a,b\n1,\0\n"))
                .isInstanceOf(FileRejectedException.class).hasMessage("not a text file: a NUL byte at line 2 (byte 6)");
    }

    @Test
    void anUnclosedQuoteRejectsTheFile() {
        assertThatThrownBy(() -> read("a,b\n\n1,2\n\n3,\"never closed\n4,5\n"))
                .isInstanceOf(FileRejectedException.class)
                .hasMessage("not valid CSV: a quoted cell in the record starting at line 5 is never closed");
    }

    @Test
    void textAfterAClosingQuoteRejectsTheFile() {
        assertThatThrownBy(() -> read("a,b\n\n1,2\n3,\"say \"hi\"\"\n"))
                .isInstanceOf(FileRejectedException.class)
                .hasMessage("not valid CSV at line 4: text after the closing quote of a cell"
                        + " (a quote inside a quoted cell must be doubled)");
    }

    @Test
    void exceptionsFromTheConsumerPassThrough() {
        FileRejectedException unknown = new FileRejectedException("unknown header");
        assertThatThrownBy(() -> reader.read(Files.writeString(dir.resolve("h.csv"), "x,y\n1,2\n"),
                h -> {
                    throw unknown;
                }, r -> { })).isSameAs(unknown);
    }

    /** Many records of awkward content, across every buffer boundary: the raw text is always the source. */
    @ParameterizedTest(name = "line end {0}")
    @ValueSource(strings = {"\n", "\r\n"})
    void rawTextIsTheSourceTextForEveryRecord(String eol) throws IOException {
        Random random = new Random(2024);
        String[] pieces = {"武昌", "a", "1,234.50", "\"", " ", "智谷", "x\ny", "", "9142", "\uD840\uDC00"};
        StringBuilder file = new StringBuilder("k,v,w").append(eol);
        List<String> expectedRaw = new ArrayList<>();
        List<String> expectedPos = new ArrayList<>();
        List<String> expectedV = new ArrayList<>();
        int line = 2;
        for (int i = 0; i < 20_000; i++) {
            if (random.nextInt(10) == 0) {
                file.append(eol);
                line++;
            }
            String v = pieces[random.nextInt(pieces.length)] + pieces[random.nextInt(pieces.length)];
            String quoted = "\"" + v.replace("\"", "\"\"") + "\"";
            String raw = "r" + i + "," + quoted + "," + "z".repeat(random.nextInt(200));
            file.append(raw).append(eol);
            expectedRaw.add(raw);
            expectedPos.add("line " + line);
            expectedV.add(v.strip());
            line += 1 + (int) v.chars().filter(ch -> ch == '\n').count();
        }
        Collected c = read(file.toString());
        assertThat(c.rawTexts()).isEqualTo(expectedRaw);
        assertThat(c.positions()).isEqualTo(expectedPos);
        assertThat(c.records.stream().map(r -> r.get("v")).toList()).isEqualTo(expectedV);
    }

    @Test
    void fieldsAreReadOnly() throws IOException {
        Map<String, String> fields = read("a\n1\n").get(0).fields();
        assertThatThrownBy(() -> fields.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
