package cn.zhigu.hub.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input catalogue of files, each dropped into a real inbound folder of a running hub: what is
 * refused whole (and how the user learns why), what is refused record by record, and what is taken.
 */
class BadInputFilesTest extends BadInputSupport {

    static final Charset GBK = Charset.forName("GBK");

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] randomBytes(long seed) {
        byte[] b = new byte[64 * 1024];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The number of the last line of the text. */
    static long lines(String s) {
        return s.chars().filter(c -> c == '\n').count() + 1;
    }

    static byte[] half(byte[] b) {
        return Arrays.copyOf(b, b.length / 2);
    }

    /** A street settlement ledger as .xlsx: the header and the given rows. */
    static byte[] xlsx(String[]... rows) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSSFSheet sheet = wb.createSheet("台账");
            String[] header = STREET_HEADER.strip().split(",");
            List<String[]> all = new ArrayList<>();
            all.add(header);
            all.addAll(Arrays.asList(rows));
            for (int r = 0; r < all.size(); r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < all.get(r).length; c++) {
                    row.createCell(c).setCellValue(all.get(r)[c]);
                }
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String taxRow(int n, String period, String revenue) {
        return enterprise(n) + ",甲公司" + n + "," + period + ",I6513,珞珈山," + revenue + ",10,0,N\n";
    }

    static final String CONTRACT = """
            {"contractNo": "WHU-%d", "kind": "LICENSE", "licenseeCreditCode": "%s", "amount": %s,
             "signedOn": "%s", "updatedAt": "%s"}""";

    static String contract(int n, String amount, String signedOn, String updatedAt) {
        return CONTRACT.formatted(n, enterprise(n), amount, signedOn, updatedAt);
    }

    static final String XML_HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<transfers xmlns=\"urn:cas-whb:transfer:1\">\n";

    static String transfer(int n, String amount, String signed) {
        return """
                  <transfer id="WHB-%d" institute="APM" updated="2020-07-01T10:00:00+08:00">
                    <partner creditCode="%s"/>
                    <amount unit="yuan">%s</amount>
                    <signed>%s</signed>
                    <status>active</status>
                  </transfer>
                """.formatted(n, enterprise(n), amount, signed);
    }

    /** Files that cannot be read as their feed at all: feed, file name, content, what the reason must say. */
    static Stream<Arguments> unreadableFiles() {
        String taxRows = TAX_HEADER + taxRow(11, "202001", "100") + taxRow(12, "202001", "200");
        String contracts = "{\"items\": [" + contract(1, "10", "2021-01-15", "2021-01-16T10:00:00+08:00") + ",\n"
                + contract(2, "20", "2021-01-15", "2021-01-16T10:00:00+08:00") + "]}";
        String transfers = XML_HEAD + transfer(1, "100.00", "2020-06-30") + transfer(2, "200.00", "2020-06-30")
                + "</transfers>\n";
        String cutJson = contracts.substring(0, contracts.length() - 40);
        String cutXml = transfers.substring(0, transfers.lastIndexOf("<signed>") + 12);
        String[] ledgerRow = {enterprise(21), "丁公司", "珞珈山", "B座", "100", "2020-01-01", "", "科技型"};
        return Stream.of(
                // random bytes
                Arguments.of("tax", "random.csv", randomBytes(1), new String[] {"not a text file"}),
                Arguments.of("street", "random.csv", randomBytes(2), new String[] {"not a text file"}),
                Arguments.of("street", "random.xlsx", randomBytes(3), new String[] {"not an xlsx workbook"}),
                Arguments.of("university", "contracts-random.json", randomBytes(4), new String[] {"not a text file"}),
                Arguments.of("cas", "random.xml", randomBytes(5), new String[] {"not a text file"}),
                // truncated
                Arguments.of("tax", "cut-mid-line.csv", utf8(taxRows + enterprise(13) + ",甲公司13,2020"),
                        new String[] {"line 4", "cut off"}),
                Arguments.of("street", "cut-in-quote.csv", utf8(STREET_HEADER + enterprise(22) + ",\"丁公司, 光谷"),
                        new String[] {"line 2", "never closed"}),
                Arguments.of("university", "contracts-cut.json", utf8(cutJson),
                        new String[] {"not valid JSON at line " + lines(cutJson), "end-of-input"}),
                Arguments.of("cas", "cut.xml", utf8(cutXml), new String[] {"not valid XML at line " + lines(cutXml)}),
                Arguments.of("street", "cut.xlsx", half(xlsx(ledgerRow)), new String[] {"not a readable xlsx workbook"}),
                // empty and header only
                Arguments.of("tax", "empty.csv", new byte[0], new String[] {"file is empty"}),
                Arguments.of("street", "empty.csv", new byte[0], new String[] {"file is empty"}),
                Arguments.of("street", "empty.xlsx", new byte[0], new String[] {"file is empty"}),
                Arguments.of("university", "contracts-empty.json", new byte[0], new String[] {"file is empty"}),
                Arguments.of("cas", "empty.xml", new byte[0], new String[] {"file is empty"}),
                Arguments.of("tax", "header-only.csv", utf8(TAX_HEADER), new String[] {"holds no records"}),
                Arguments.of("street", "header-only.csv", utf8(STREET_HEADER), new String[] {"holds no records"}),
                Arguments.of("street", "header-only.xlsx", xlsx(), new String[] {"holds no records"}),
                Arguments.of("university", "contracts-none.json", utf8("{\"page\": 0, \"items\": []}"),
                        new String[] {"holds no records"}),
                Arguments.of("cas", "none.xml", utf8(XML_HEAD + "</transfers>"), new String[] {"holds no records"}),
                // encodings
                Arguments.of("tax", "gbk-with-bom.csv", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                        taxRows.getBytes(GBK)), new String[] {"not valid UTF-8", "line 1"}),
                Arguments.of("tax", "bom-in-the-middle.csv", concat(utf8(taxRows),
                        new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(taxRows)),
                        new String[] {"byte-order mark", "line 4"}),
                Arguments.of("tax", "utf16.csv", concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
                        taxRows.getBytes(StandardCharsets.UTF_16LE)), new String[] {"UTF-16"}),
                Arguments.of("cas", "declared-utf8-but-gbk.xml", transfers.replace("<status>",
                        "<title>原子钟</title><status>").getBytes(GBK), new String[] {"encoding UTF-8", "line 7"}),
                // deeply nested JSON
                Arguments.of("university", "contracts-deep.json",
                        utf8("{\"items\": [" + "[".repeat(100_000) + "]".repeat(100_000) + "]}"),
                        new String[] {"not valid JSON at line 1", "nesting depth"}),
                // XML entity expansion
                Arguments.of("cas", "billion-laughs.xml", utf8(BILLION_LAUGHS), new String[] {"DOCTYPE"}));
    }

    static final String BILLION_LAUGHS = """
            <?xml version="1.0"?>
            <!DOCTYPE transfers [
              <!ENTITY lol "lol">
              <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
              <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
              <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
              <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
              <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
              <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
            ]>
            <transfers xmlns="urn:cas-whb:transfer:1">
              <transfer id="&lol9;" institute="APM" updated="2020-07-01T10:00:00+08:00"><title>&lol9;</title></transfer>
            </transfers>
            """;

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unreadableFiles")
    void aFileThatCannotBeReadIsRejectedWholeWithItsReasonAndChangesNothing(String feed, String name, byte[] content,
            String[] reason) throws Exception {
        assertRejectedWhole(feed, name, content, reason);
    }

    @Test
    void externalEntitiesAndDtdsAreNeverFetchedNorRead() throws Exception {
        Path secret = Files.createTempFile("hub-secret", ".txt");
        Files.writeString(secret, "TOP-SECRET-MARKER");
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            byte[] body = utf8("<!ENTITY leak \"TOP-SECRET-MARKER\">");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String at = "http://127.0.0.1:" + server.getAddress().getPort();
            String body = "<transfers xmlns=\"urn:cas-whb:transfer:1\">" + transfer(1, "&x;", "2020-06-30")
                    + "</transfers>";
            Map<String, String> files = Map.of(
                    "file-entity.xml", "<!DOCTYPE transfers [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>" + body,
                    "http-entity.xml", "<!DOCTYPE transfers [<!ENTITY x SYSTEM \"" + at + "/entity\">]>" + body,
                    "external-dtd.xml", "<!DOCTYPE transfers SYSTEM \"" + at + "/transfers.dtd\">" + body,
                    "parameter-entity.xml", "<!DOCTYPE transfers [<!ENTITY % p SYSTEM \"" + at + "/p.dtd\"> %p;]>"
                            + body.replace("&x;", "&leak;"));
            for (var f : files.entrySet()) {
                Map<String, Object> batch = assertRejectedWhole("cas", f.getKey(),
                        utf8("<?xml version=\"1.0\"?>\n" + f.getValue()), "DOCTYPE");
                assertThat(Files.readString(rejected("cas", f.getKey() + ".reason.txt"))).doesNotContain("TOP-SECRET");
                assertThat((String) batch.get("REASON")).doesNotContain("TOP-SECRET");
            }
            assertThat(requests.get()).as("requests the hub made for entities or DTDs").isZero();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tt_contract WHERE title LIKE '%SECRET%'",
                    Integer.class)).isZero();
        } finally {
            server.stop(0);
            Files.delete(secret);
        }
    }

    @Test
    void aHundredMegabyteLineIsRefusedAtTheLimitNotBuffered() throws Exception {
        applyGood("tax", 1);
        List<String> before = storeSnapshot();
        Path dir = Files.createTempDirectory("hub-100mb");
        Path file = dir.resolve("no-line-break.csv");
        long size = 100L << 20;
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                out.write(utf8(TAX_HEADER + enterprise(9) + ",甲公司,202001,I6513,珞珈山,"));
                byte[] digits = new byte[1 << 20];
                Arrays.fill(digits, (byte) '9');
                for (long written = 0; written < size; written += digits.length) {
                    out.write(digits);
                }
            }
            Runtime rt = Runtime.getRuntime();
            long started = System.nanoTime();
            Files.move(file, DATA_DIR.resolve("inbound/tax/no-line-break.csv"));
            Map<String, Object> batch = awaitBatch("tax", "no-line-break.csv");
            System.out.printf("100 MB line: refused in %d ms, heap in use %d MB of %d MB%n",
                    (System.nanoTime() - started) / 1_000_000, (rt.totalMemory() - rt.freeMemory()) >> 20,
                    rt.maxMemory() >> 20);
            assertThat(batch.get("STATUS")).isEqualTo("REJECTED");
            assertThat((String) batch.get("REASON")).contains("after line 1", "longer than 1048576 characters",
                    "hub.max-record-length");
            assertThat(Files.size(rejected("tax", "no-line-break.csv"))).isGreaterThan(size);
            assertThat(Files.readString(rejected("tax", "no-line-break.csv.reason.txt"))).contains("longer than");
            assertThat(storeSnapshot()).isEqualTo(before);
            hubStillServes();
            applyGood("tax", 2);
        } finally {
            Files.deleteIfExists(rejected("tax", "no-line-break.csv"));
            Files.deleteIfExists(DATA_DIR.resolve("inbound/tax/no-line-break.csv"));
            Files.deleteIfExists(file);
            Files.delete(dir);
        }
    }

    /** Rows that break a rule, each refused alone with its line and reason while the good rows apply. */
    @Test
    void taxRowsWithHugeNegativeOrOutOfRangeValuesAreRefusedOneByOne() throws Exception {
        applyGood("tax", 1);
        List<String[]> bad = List.of(
                new String[] {taxRow(31, "202001", "12345678901234567"), "营业收入", "too large"},
                new String[] {taxRow(32, "202001", "123456789012345678901234567890"), "营业收入", "too large"},
                new String[] {taxRow(33, "202001", "1e400"), "营业收入", "scientific notation"},
                new String[] {taxRow(34, "202001", "-100"), "营业收入", "negative"},
                new String[] {taxRow(35, "000101", "100"), "所属期", "out of range"},
                new String[] {taxRow(36, "999912", "100"), "所属期", "out of range"},
                new String[] {taxRow(37, "202113", "100"), "所属期", "no month 13"});
        StringBuilder csv = new StringBuilder(TAX_HEADER);
        for (int i = 0; i < 8; i++) {  // good rows: the largest amount the store holds, then plain ones
            csv.append(taxRow(40 + i, "202003", i == 0 ? "9999999999999999.99" : "1"));
        }
        bad.forEach(b -> csv.append(b[0]));
        dropNow("tax", "bad-values.csv", utf8(csv.toString()));
        Map<String, Object> batch = awaitBatch("tax", "bad-values.csv");
        assertThat(batch.get("STATUS")).isEqualTo("PARTIAL");
        assertThat(batch.get("RECORDS_ACCEPTED")).isEqualTo(8);
        assertRejects(batch, bad, i -> "line " + (10 + i));
        assertThat(indicator("REVENUE", "2020-03", "DISTRICT", "ALL")).isEqualByComparingTo("10000000000000006.99");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tax_return", Integer.class)).isEqualTo(9);
        hubStillServes();
    }

    @Test
    void streetRowsWithImpossibleDatesOrNegativeAreasAreRefusedOneByOne() throws Exception {
        List<String[]> bad = new ArrayList<>();
        String[][] cases = {{"0001-01-01", "100", "out of range"}, {"9999-12-31", "100", "out of range"},
            {"2021-13-01", "100", "not a calendar date"}, {"2021-02-30", "100", "not a calendar date"},
            {"2021-01-01", "-50㎡", "negative"}, {"2021-01-01", "123456789012345678901234567890", "too large"}};
        for (int i = 0; i < cases.length; i++) {
            bad.add(new String[] {enterprise(50 + i) + ",戊公司,珞珈山,C座," + cases[i][1] + "," + cases[i][0] + ",,其他\n",
                cases[i][2].equals("negative") || cases[i][2].equals("too large") ? "面积" : "入驻日期", cases[i][2]});
        }
        StringBuilder csv = new StringBuilder(STREET_HEADER);
        for (int i = 0; i < 7; i++) {
            csv.append(enterprise(60 + i)).append(",己公司,珞珈山,D座,10,2020-02-29,,其他\n");
        }
        bad.forEach(b -> csv.append(b[0]));
        dropNow("street", "bad-dates.csv", csv.toString().getBytes(GBK));
        Map<String, Object> batch = awaitBatch("street", "bad-dates.csv");
        assertThat(batch.get("STATUS")).isEqualTo("PARTIAL");
        assertThat(batch.get("RECORDS_ACCEPTED")).isEqualTo(7);
        assertRejects(batch, bad, i -> "line " + (9 + i));
        assertThat(indicator("ENT_SETTLED", "2020-Q1", "ZHIGU", "ALL")).isEqualByComparingTo("7");
        hubStillServes();
    }

    @Test
    void universityAndCasRecordsWithHugeNegativeOrImpossibleValuesAreRefusedOneByOne() throws Exception {
        String ok = "2021-01-16T10:00:00+08:00";
        List<String[]> bad = List.of(
                new String[] {contract(71, "1e400", "2021-01-15", ok), "amount", "scientific notation"},
                new String[] {contract(72, "123456789012345678901234567890", "2021-01-15", ok), "amount", "too large"},
                new String[] {contract(73, "-5", "2021-01-15", ok), "amount", "negative"},
                new String[] {contract(74, "1", "0001-01-01", ok), "signedOn", "out of range"},
                new String[] {contract(75, "1", "2021-02-30", ok), "signedOn", "not a calendar date"},
                new String[] {contract(76, "1", "2021-01-15", "9999-12-31T00:00:00Z"), "updatedAt", "out of range"});
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            items.add(contract(80 + i, "1", "2021-01-15", ok));
        }
        bad.forEach(b -> items.add(b[0]));
        dropNow("university", "contracts-bad-values.json", utf8("{\"items\": [" + String.join(",\n", items) + "]}"));
        Map<String, Object> batch = awaitBatch("university", "contracts-bad-values.json");
        assertThat(batch.get("STATUS")).isEqualTo("PARTIAL");
        assertRejects(batch, bad, i -> "items[" + (7 + i) + "]");
        assertThat(indicator("TT_AMOUNT", "2021", "ALL", "ALL")).isEqualByComparingTo("70000");  // 7 × 1 万元

        List<String[]> badCas = List.of(
                new String[] {transfer(91, "-1500.00", "2020-06-30"), "amount", "negative"},
                new String[] {transfer(92, "1e400", "2020-06-30"), "amount", "scientific notation"},
                new String[] {transfer(93, "100", "2020-13-01"), "signed", "not a calendar date"});
        StringBuilder xml = new StringBuilder(XML_HEAD);
        for (int i = 0; i < 4; i++) {
            xml.append(transfer(95 + i, "100", "2020-06-30"));
        }
        badCas.forEach(b -> xml.append(b[0]));
        dropNow("cas", "bad-values.xml", utf8(xml.append("</transfers>\n").toString()));
        Map<String, Object> casBatch = awaitBatch("cas", "bad-values.xml");
        assertThat(casBatch.get("STATUS")).isEqualTo("PARTIAL");
        assertRejects(casBatch, badCas, i -> "transfer[" + (5 + i) + "] (line " + (3 + 6 * (4 + i)) + ")");
        hubStillServes();
    }

    @Test
    void aCorrectionDownToZeroIsAValidReplacementWhereANegativeAmountIsRefused() throws Exception {
        dropNow("tax", "jan.csv", utf8(TAX_HEADER + taxRow(1, "202001", "500")));
        awaitBatch("tax", "jan.csv");
        dropNow("tax", "jan-negative.csv", utf8(TAX_HEADER + taxRow(1, "202001", "-500")));
        Map<String, Object> negative = awaitBatch("tax", "jan-negative.csv");
        assertThat(negative.get("STATUS")).as("its only row refused: above the threshold").isEqualTo("REJECTED");
        assertThat(jdbc.queryForObject("SELECT reason FROM batch_reject WHERE batch_id = ?", String.class,
                negative.get("ID"))).contains("negative");
        assertThat(indicator("REVENUE", "2020-01", "DISTRICT", "ALL")).isEqualByComparingTo("500");

        dropNow("tax", "jan-corrected.csv", utf8(TAX_HEADER + taxRow(1, "202001", "0")));
        assertThat(awaitBatch("tax", "jan-corrected.csv").get("STATUS")).isEqualTo("APPLIED");
        assertThat(indicator("REVENUE", "2020-01", "DISTRICT", "ALL")).isEqualByComparingTo("0");
        assertThat(jdbc.queryForObject("SELECT MAX(revision) FROM indicator_revision WHERE code = 'REVENUE'"
                + " AND period = '2020-01' AND area = 'DISTRICT' AND industry = 'ALL'", Integer.class)).isEqualTo(2);
    }

    @Test
    void taxFilesAreReadInTheEncodingTheyAreInWhateverTheyCarry() throws Exception {
        String rows = TAX_HEADER + taxRow(1, "202001", "100").replace("甲公司1", "武汉珞珈测绘科技有限公司");
        dropNow("tax", "gbk.csv", rows.getBytes(GBK));
        dropNow("tax", "utf8-no-bom.csv", utf8(rows.replace("202001", "202002")));
        dropNow("tax", "utf8-bom.csv", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                utf8(rows.replace("202001", "202003"))));
        for (String f : List.of("gbk.csv", "utf8-no-bom.csv", "utf8-bom.csv")) {
            assertThat(awaitBatch("tax", f).get("STATUS")).as(f).isEqualTo("APPLIED");
        }
        assertThat(jdbc.queryForList("SELECT DISTINCT taxpayer_name FROM tax_return", String.class))
                .containsExactly("武汉珞珈测绘科技有限公司");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tax_return", Integer.class)).isEqualTo(3);
    }

    void assertRejects(Map<String, Object> batch, List<String[]> bad, java.util.function.IntFunction<String> position) {
        List<Map<String, Object>> rejects = jdbc.queryForList("SELECT * FROM batch_reject WHERE batch_id = ? ORDER BY seq",
                batch.get("ID"));
        assertThat(rejects).hasSize(bad.size());
        for (int i = 0; i < bad.size(); i++) {
            Map<String, Object> r = rejects.get(i);
            assertThat(r.get("POSITION")).isEqualTo(position.apply(i));
            assertThat((String) r.get("REASON")).as("reject %s", i).contains(bad.get(i)[1], bad.get(i)[2]);
            assertThat(bad.get(i)[0]).contains((String) r.get("RAW_TEXT"));
        }
    }
}
