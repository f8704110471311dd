package cn.zhigu.hub.feeds.read;

import cn.zhigu.hub.feeds.FileRejectedException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class JsonItemsReaderTest {
    private static final String CONTRACT = """
            {"contractNo": "WHU-2024-001", "title": "高精度 \\"测量\\" 许可",
               "kind": "许可", "licenseeCreditCode": "91420106MA4K0001X",
               "amount": 12345678901234567.89, "amountUnit": "万元", "signedOn": "2024-03-01",
               "status": "SIGNED", "updatedAt": "2024-03-02T10:00:00+08:00",
               "exclusive": true, "note": null, "parties": [{"a": 1}, 2], "meta": {"x": [ 1 ,2 ]}}""";
    private static final String SECOND = "{\"contractNo\":\"WHU-2024-002\",\"amount\":\"1,234.50\"}";

    @TempDir
    Path dir;

    private final JsonItemsReader reader = new JsonItemsReader();

    private Collected read(String json) throws IOException {
        return read(json, StandardCharsets.UTF_8);
    }

    private Collected read(String json, Charset charset) throws IOException {
        return Collected.read(reader, Files.write(dir.resolve("contracts.json"), json.getBytes(charset)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wrapped", "bare"})
    void readsBothShapes(String shape) throws IOException {
        String items = "[\n  " + CONTRACT + " ,\n  " + SECOND + "\n]";
        String json = shape.equals("bare") ? items
                : "{\"page\": 0, \"size\": 100, \"links\": {\"next\": [1, {\"items\": 3}]},\n \"items\": " + items
                + ",\n \"totalPages\": 3}";
        Collected c = read(json);

        assertThat(c.headerCalls).isZero();
        assertThat(c.positions()).containsExactly("items[0]", "items[1]");
        assertThat(c.rawTexts()).containsExactly(CONTRACT, SECOND);
        assertThat(c.get(0).fields()).containsExactly(
                entry("contractNo", "WHU-2024-001"), entry("title", "高精度 \"测量\" 许可"), entry("kind", "许可"),
                entry("licenseeCreditCode", "91420106MA4K0001X"), entry("amount", "12345678901234567.89"),
                entry("amountUnit", "万元"), entry("signedOn", "2024-03-01"), entry("status", "SIGNED"),
                entry("updatedAt", "2024-03-02T10:00:00+08:00"), entry("exclusive", "true"),
                entry("parties", "[{\"a\": 1}, 2]"), entry("meta", "{\"x\": [ 1 ,2 ]}"));
        assertThat(c.get(1).fields()).containsExactly(entry("contractNo", "WHU-2024-002"), entry("amount", "1,234.50"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            "12345678901234567.89; 12345678901234567.89", "1500.00; 1500.00", "100; 100", "-0.5; -0.5",
            "123456789012345678901234567890; 123456789012345678901234567890", "1.5E3; 1500", "25e-2; 0.25",
            "1e999999; 1e999999"})
    void numbersKeepTheirDigits(String literal, String text) throws IOException {
        Collected c = read("[{\"amount\": " + literal + "}]");
        assertThat(c.get(0).get("amount")).isEqualTo(text);
    }

    @Test
    void elementsThatAreNotObjectsAreRecordsWithoutFields() throws IOException {
        Collected c = read("{\"items\": [42, \"x\\u4e2d\", [1, [2]], null, true, {}, 1.5e1 ]}");
        assertThat(c.rawTexts()).containsExactly("42", "\"x\\u4e2d\"", "[1, [2]]", "null", "true", "{}", "1.5e1");
        assertThat(c.records).allSatisfy(r -> assertThat(r.fields()).isEmpty());
        assertThat(c.positions()).last().isEqualTo("items[6]");
    }

    @Test
    void anEmptyArrayHasNoRecords() throws IOException {
        assertThat(read("{\"items\": []}").records).isEmpty();
        assertThat(read(" [ ] ").records).isEmpty();
    }

    @Test
    void readsGbkAndUtf8WithBom() throws IOException {
        String json = "[{\"licenseeName\": \"武汉珞珈科技有限公司\"}]";
        assertThat(read(json, Charset.forName("GBK")).get(0).get("licenseeName")).isEqualTo("武汉珞珈科技有限公司");
        assertThat(read("\uFEFF" + json).get(0).rawText()).isEqualTo("{\"licenseeName\": \"武汉珞珈科技有限公司\"}");
    }

    @Test
    void brokenJsonIsRejectedWithItsPlace() {
        assertThatThrownBy(() -> read("{\"items\": [\n  {\"contractNo\": \"A\"},\n  {\"contractNo\": "))
                .isInstanceOf(FileRejectedException.class)
                .hasMessageStartingWith("not valid JSON at line 3, column ")
                .hasMessageContaining("end-of-input")
                .hasMessageNotContaining("Source");
        assertThatThrownBy(() -> read("[{\"a\": 1,}]"))
                .isInstanceOf(FileRejectedException.class).hasMessageStartingWith("not valid JSON at line 1, column 10: ");
        assertThatThrownBy(() -> read("[{\"a\": 01}]"))
                .isInstanceOf(FileRejectedException.class).hasMessageStartingWith("not valid JSON at line 1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "'42'| the document must be an object with \"items\" or an array",
            "'\"items\"'| the document must be an object with \"items\" or an array",
            "'{\"page\": 1}'| the object has no \"items\" array",
            "'{\"items\": {\"a\": 1}}'| \"items\" is not an array",
            "'{\"items\": null}'| \"items\" is not an array",
            "'{\"items\": [], \"items\": []}'| \"items\" appears twice",
            "'[1] [2]'| unexpected content after the end of the document"})
    void documentsOfTheWrongShapeAreRejected(String json, String reason) {
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(FileRejectedException.class)
                .hasMessageStartingWith("unexpected JSON at line 1, column ")
                .hasMessageEndingWith(": " + reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " \n\t "})
    void anEmptyFileIsRejected(String json) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(FileRejectedException.class).hasMessage("file is empty");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bare", "in an item", "outside items"})
    void deepNestingIsRejectedWithoutOverflow(String where) {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        String json = switch (where) {
            case "bare" -> deep;
            case "in an item" -> "{\"items\": [{\"a\": " + deep + "}]}";
            default -> "{\"other\": " + deep + ", \"items\": []}";
        };
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(FileRejectedException.class)
                .hasMessageStartingWith("not valid JSON at line 1")
                .hasMessageEndingWith("nesting depth (65) exceeds the maximum allowed (64)");
    }

    @Test
    void notTextIsRejected() throws IOException {
        Path file = Files.write(dir.resolve("x.json"), new byte[] {'[', 0, ']'});
        assertThatThrownBy(() -> Collected.read(reader, file))
                .isInstanceOf(FileRejectedException.class).hasMessage("not a text file: a NUL byte at line 1 (byte 1)");
    }

    /** Many items of varied form and length, across every buffer boundary: raw text is always the source. */
    @Test
    void rawTextIsTheSourceTextForEveryItem() throws IOException {
        Random random = new Random(99);
        String[] values = {"\"武昌\"", "12.50", "-3", "true", "null", "[1, {\"b\": \"]}\"}]", "\"a\\\"b\\\\\"", "{ }",
                "\"" + "智".repeat(3000) + "\"", "1e3"};
        StringBuilder json = new StringBuilder("{\"big\": \"" + "x".repeat(100_000) + "\", \"items\": [");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            String item = random.nextInt(20) == 0 ? values[random.nextInt(values.length)]
                    : "{\"n\": " + i + ",\n    \"v\": " + values[random.nextInt(values.length)] + "}";
            expected.add(item);
            json.append(i == 0 ? "" : ",").append(" ".repeat(random.nextInt(3))).append("\n  ").append(item);
        }
        json.append("\n], \"tail\": [").append("0,".repeat(50_000)).append("0]}");
        Collected c = read(json.toString());
        assertThat(c.rawTexts()).isEqualTo(expected);
    }
}
