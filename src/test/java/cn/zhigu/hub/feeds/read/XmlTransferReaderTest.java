package cn.zhigu.hub.feeds.read;

import cn.zhigu.hub.feeds.FileRejectedException;
import cn.zhigu.hub.feeds.RawRecord;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.entry;

class XmlTransferReaderTest {
    private static final String FIRST = """
            <transfer id="WHB-2020-0001" institute="APM" updated="2020-07-01T10:00:00+08:00">
                <title>高精度原子钟 &amp; 时频技术</title>
                <partner creditCode="91420106MA4K0001X" name="武汉珞珈科技有限公司"/>
                <amount unit="yuan">1500000.00</amount>
                <signed>2020-06-30</signed>
                <type>转让</type>
                <status> active </status>
                <unknown><deep>ignored</deep></unknown>
              </transfer>""";
    private static final String SECOND = """
            <transfer
                  id="WHB-2020-0002" institute="WIV"
                  updated="2020-08-01T10:00:00+08:00"><title><![CDATA[疫苗 <佐剂> 许可]]></title><amount unit="wan">35</amount><type>许可</type><status>withdrawn</status></transfer>""";
    private static final String DOC = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<transfers xmlns=\"urn:cas-whb:transfer:1\" generated=\"2021-01-05T09:00:00+08:00\">\n"
            + "  <!-- a comment -->\n"
            + "  " + FIRST + "\n"
            + "  <summary count=\"2\"><transfer id=\"not a record\"/></summary>\n"
            + "  " + SECOND + "\n"
            + "  <transfer id=\"WHB-2020-0003\"/>\n"
            + "</transfers>\n";

    @TempDir
    Path dir;

    private final XmlTransferReader reader = new XmlTransferReader();

    private Collected read(String xml) throws IOException {
        return read(xml.getBytes(StandardCharsets.UTF_8));
    }

    private Collected read(byte[] xml) throws IOException {
        return Collected.read(reader, Files.write(dir.resolve("transfers.xml"), xml));
    }

    @Test
    void readsTransfers() throws IOException {
        Collected c = read(DOC);

        assertThat(c.headerCalls).isZero();
        assertThat(c.positions()).containsExactly("transfer[1] (line 4)", "transfer[2] (line 14)", "transfer[3] (line 17)");
        assertThat(c.rawTexts()).containsExactly(FIRST, SECOND, "<transfer id=\"WHB-2020-0003\"/>");
        assertThat(c.get(0).fields()).containsExactly(
                entry("id", "WHB-2020-0001"), entry("institute", "APM"), entry("updated", "2020-07-01T10:00:00+08:00"),
                entry("title", "高精度原子钟 & 时频技术"), entry("partner.creditCode", "91420106MA4K0001X"),
                entry("partner.name", "武汉珞珈科技有限公司"), entry("amount.unit", "yuan"), entry("amount", "1500000.00"),
                entry("signed", "2020-06-30"), entry("type", "转让"), entry("status", "active"));
        assertThat(c.get(1).fields()).containsExactly(
                entry("id", "WHB-2020-0002"), entry("institute", "WIV"), entry("updated", "2020-08-01T10:00:00+08:00"),
                entry("title", "疫苗 <佐剂> 许可"), entry("amount.unit", "wan"), entry("amount", "35"),
                entry("type", "许可"), entry("status", "withdrawn"));
        assertThat(c.get(2).fields()).containsExactly(entry("id", "WHB-2020-0003"));
    }

    @Test
    void aRootWithoutNamespaceIsTolerated() throws IOException {
        Collected c = read("<transfers><transfer id=\"A\"><title>t</title></transfer></transfers>");
        assertThat(c.get(0).fields()).containsExactly(entry("id", "A"), entry("title", "t"));
        assertThat(c.get(0).position()).isEqualTo("transfer[1] (line 1)");
    }

    static Stream<Arguments> encodings() {
        return Stream.of(
                Arguments.of("declared GBK", "<?xml version=\"1.0\" encoding=\"GBK\"?>\n", "GBK"),
                Arguments.of("declared gb2312, GBK-only characters", "<?xml version='1.0' encoding='gb2312'?>\n", "GBK"),
                Arguments.of("declared GB18030", "<?xml version=\"1.0\" encoding=\"GB18030\" standalone=\"yes\"?>\n", "GB18030"),
                Arguments.of("undeclared GBK", "", "GBK"),
                Arguments.of("undeclared GBK, no encoding in the prolog", "<?xml version=\"1.0\"?>\n", "GBK"),
                Arguments.of("undeclared UTF-8", "<?xml version=\"1.0\"?>\n", "UTF-8"),
                Arguments.of("UTF-8 with BOM", "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "UTF-8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void honoursTheEncoding(String name, String prolog, String charset) throws IOException {
        String element = "<transfer id=\"X\"><title>堃镕 岩土所 珞珈山</title></transfer>";
        Collected c = read((prolog + "<transfers xmlns=\"urn:cas-whb:transfer:1\">\r\n  " + element + "\r\n</transfers>")
                .getBytes(Charset.forName(charset)));
        assertThat(c.get(0).get("title")).isEqualTo("堃镕 岩土所 珞珈山");
        assertThat(c.get(0).rawText()).isEqualTo(element);
        assertThat(c.get(0).position()).endsWith("(line " + (prolog.isEmpty() ? 2 : 3) + ")");
    }

    @Test
    void bytesThatDoNotMatchTheDeclaredEncodingAreRejected() {
        byte[] gbk = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><transfers><transfer id=\"武昌\"/></transfers>"
                .getBytes(Charset.forName("GBK"));
        assertThatThrownBy(() -> read(gbk))
                .isInstanceOf(FileRejectedException.class).hasMessageStartingWith("not a text file in its encoding UTF-8");
        assertThatThrownBy(() -> read("<?xml version=\"1.0\" encoding=\"x-klingon\"?><transfers/>"))
                .isInstanceOf(FileRejectedException.class)
                .hasMessage("the document declares an unsupported encoding x-klingon");
    }

    @Test
    void anExternalEntityIsNeverRead() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-42");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE transfers [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<transfers xmlns=\"urn:cas-whb:transfer:1\"><transfer id=\"A\"><title>&xxe;</title></transfer></transfers>";
        List<RawRecord> seen = new ArrayList<>();
        Throwable thrown = catchThrowable(() -> reader.read(Files.writeString(dir.resolve("xxe.xml"), xml), h -> { }, seen::add));

        assertThat(thrown).isInstanceOf(FileRejectedException.class).hasMessage("XML documents with a DOCTYPE are refused");
        assertThat(seen).isEmpty();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("TOP-SECRET");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"external entity", "external DTD", "parameter entity"})
    void nothingIsFetched(String how) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger requests = new AtomicInteger();
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, 0);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/evil.dtd";
            String doctype = switch (how) {
                case "external entity" -> "<!DOCTYPE transfers [<!ENTITY e SYSTEM \"" + url + "\">]>";
                case "external DTD" -> "<!DOCTYPE transfers SYSTEM \"" + url + "\">";
                default -> "<!DOCTYPE transfers [<!ENTITY % p SYSTEM \"" + url + "\"> %p;]>";
            };
            assertThatThrownBy(() -> read(doctype + "<transfers><transfer id=\"A\"><title>&e;</title></transfer></transfers>"))
                    .isInstanceOf(FileRejectedException.class).hasMessage("XML documents with a DOCTYPE are refused");
            assertThat(requests).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void billionLaughsIsRejected() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE transfers [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        assertThatThrownBy(() -> read(dtd + "<transfers><transfer id=\"A\"><title>&lol9;</title></transfer></transfers>"))
                .isInstanceOf(FileRejectedException.class).hasMessage("XML documents with a DOCTYPE are refused");
    }

    @Test
    void anUndeclaredEntityIsMalformed() {
        assertThatThrownBy(() -> read("<transfers><transfer id=\"A\"><title>&nbsp;</title></transfer></transfers>"))
                .isInstanceOf(FileRejectedException.class).hasMessageStartingWith("not valid XML at line 1, column ");
    }

    @Test
    void aWrongRootIsRejected() {
        assertThatThrownBy(() -> read("<?xml version=\"1.0\"?>\n<contracts><transfer id=\"A\"/></contracts>"))
                .isInstanceOf(FileRejectedException.class)
                .hasMessageStartingWith("the root element is <contracts>, expected <transfers> at line 2");
        assertThatThrownBy(() -> read("<transfers xmlns=\"urn:other:1\"/>"))
                .isInstanceOf(FileRejectedException.class)
                .hasMessage("the root element is in namespace urn:other:1, expected urn:cas-whb:transfer:1");
    }

    @Test
    void aTruncatedFileIsRejectedWithItsPlace() {
        String truncated = DOC.substring(0, DOC.indexOf("<signed>") + 5);
        assertThatThrownBy(() -> read(truncated))
                .isInstanceOf(FileRejectedException.class).hasMessageStartingWith("not valid XML at line 8, column ");
        assertThatThrownBy(() -> read(DOC.replace("</transfers>\n", "")))
                .isInstanceOf(FileRejectedException.class).hasMessageStartingWith("not valid XML at line ")
                .hasMessageContaining("XML document structures must start and end within the same entity");
        assertThatThrownBy(() -> read(DOC + "<transfers/>"))
                .isInstanceOf(FileRejectedException.class).hasMessageStartingWith("not valid XML at line 19, column ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  \n "})
    void anEmptyFileIsRejected(String xml) {
        assertThatThrownBy(() -> read(xml)).isInstanceOf(FileRejectedException.class).hasMessage("file is empty");
    }

    @Test
    void longLeadingWhiteSpaceIsNotEmptiness() throws IOException {
        assertThat(read(" ".repeat(5000) + "<transfers><transfer id=\"A\"/></transfers>").records).hasSize(1);
    }

    @Test
    void notTextIsRejected() {
        assertThatThrownBy(() -> read(new byte[] {'<', 't', 0, (byte) 0xFF, (byte) 0x80}))
                .isInstanceOf(FileRejectedException.class).hasMessageStartingWith("not a text file");
    }

    /** Many transfers of varied form, across every buffer boundary: raw text is always the source. */
    @Test
    void rawTextIsTheSourceTextForEveryTransfer() throws IOException {
        Random random = new Random(7);
        String[] titles = {"原子钟", "a &amp; b > c", "<![CDATA[x < y]]>", "&#x4E2D;", "", "智".repeat(5000), "\uD840\uDC00\r\n\t"};
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<c:transfers xmlns:c=\"urn:cas-whb:transfer:1\">");
        List<String> expected = new ArrayList<>();
        List<String> positions = new ArrayList<>();
        int line = 2;
        for (int i = 0; i < 3000; i++) {
            String gap = random.nextBoolean() ? "\n  " : random.nextBoolean() ? "<!-- > -->" : "";
            xml.append(gap);
            line += gap.startsWith("\n") ? 1 : 0;
            String t = random.nextInt(10) == 0 ? "<c:transfer id='T" + i + "' />"
                    : "<c:transfer id=\"T" + i + "\"\n      institute='IHB'><c:title>" + titles[random.nextInt(titles.length)]
                    + "</c:title>\n<c:amount unit=\"wan\">" + i + "</c:amount></c:transfer >";
            expected.add(t);
            positions.add("transfer[" + (i + 1) + "] (line " + line + ")");
            line += (int) t.chars().filter(ch -> ch == '\n').count();
            xml.append(t);
        }
        xml.append("\n</c:transfers>\n");
        Collected c = read(xml.toString());
        assertThat(c.rawTexts()).isEqualTo(expected);
        assertThat(c.positions()).isEqualTo(positions);
    }
}
