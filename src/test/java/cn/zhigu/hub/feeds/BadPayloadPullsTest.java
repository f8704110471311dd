package cn.zhigu.hub.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Hostile payloads from the agencies' HTTP services, pulled for real from a tiny server on 127.0.0.1
 * that also counts every request for an entity or a DTD: XML entity expansion and external entities
 * for CAS, deeply nested JSON for the university. Each fails its batch with the reason, applies
 * nothing, keeps the cursor, fetches and reads nothing else, and the next good payload applies.
 */
@DirtiesContext
class BadPayloadPullsTest extends BadInputSupport {

    static final HttpServer AGENCY;
    static final AtomicReference<String> CAS_PAYLOAD = new AtomicReference<>();
    static final AtomicReference<String> CONTRACTS_PAYLOAD = new AtomicReference<>();
    static final AtomicInteger OTHER_REQUESTS = new AtomicInteger();
    static final Path SECRET;

    static {
        try {
            SECRET = Files.createTempFile("hub-secret", ".txt");
            Files.writeString(SECRET, "TOP-SECRET-MARKER");
            AGENCY = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AGENCY.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            String body = switch (path) {
                case "/feeds/transfers.xml" -> CAS_PAYLOAD.get();
                case "/api/v1/transfer-contracts" -> CONTRACTS_PAYLOAD.get();
                case "/api/v1/fund-investments" -> "{\"page\": 0, \"totalPages\": 1, \"items\": []}";
                default -> {
                    OTHER_REQUESTS.incrementAndGet();
                    yield "<!ENTITY leak \"TOP-SECRET-MARKER\">";
                }
            };
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        AGENCY.start();
    }

    static String agency() {
        return "http://127.0.0.1:" + AGENCY.getAddress().getPort();
    }

    @DynamicPropertySource
    static void agencies(DynamicPropertyRegistry registry) {
        registry.add("hub.feeds.cas.base-url", BadPayloadPullsTest::agency);
        registry.add("hub.feeds.university.base-url", BadPayloadPullsTest::agency);
    }

    @AfterAll
    static void stop() throws IOException {
        AGENCY.stop(0);
        Files.deleteIfExists(SECRET);
    }

    @Autowired
    Pulls pulls;

    static String transfers(String doctype, String id, String updated, String amount) {
        return "<?xml version=\"1.0\"?>\n" + doctype + """
                <transfers xmlns="urn:cas-whb:transfer:1">
                  <transfer id="%s" institute="APM" updated="%s">
                    <partner creditCode="%s"/>
                    <amount unit="yuan">%s</amount>
                    <signed>2020-06-30</signed>
                    <status>active</status>
                  </transfer>
                </transfers>
                """.formatted(id, updated, enterprise(1), amount);
    }

    Map<String, Object> lastBatch(String feed) {
        return jdbc.queryForMap("SELECT * FROM batch WHERE feed = ? ORDER BY id DESC FETCH FIRST 1 ROWS ONLY", feed);
    }

    @Test
    void hostileXmlPayloadsFailTheirBatchAndNothingIsExpandedFetchedOrRead() throws Exception {
        CAS_PAYLOAD.set(transfers("", "WHB-1", "2020-07-01T10:00:00+08:00", "100.00"));
        assertThat(pulls.syncNow("cas").get(0).status().name()).isEqualTo("APPLIED");
        List<String> before = storeSnapshot();

        String lol = "<!ENTITY lol \"lol\">" + java.util.stream.IntStream.rangeClosed(1, 9)
                .mapToObj(i -> "<!ENTITY lol" + i + " \"" + ("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10) + "\">")
                .reduce("", String::concat);
        List<String> doctypes = List.of(
                "<!DOCTYPE transfers [" + lol + "]>\n",
                "<!DOCTYPE transfers [<!ENTITY x SYSTEM \"" + SECRET.toUri() + "\">]>\n",
                "<!DOCTYPE transfers [<!ENTITY x SYSTEM \"" + agency() + "/entity\">]>\n",
                "<!DOCTYPE transfers SYSTEM \"" + agency() + "/transfers.dtd\">\n",
                "<!DOCTYPE transfers [<!ENTITY % p SYSTEM \"" + agency() + "/p.dtd\"> %p;]>\n");
        List<String> amounts = List.of("&lol9;", "&x;", "&x;", "1", "&leak;");
        for (int i = 0; i < doctypes.size(); i++) {
            CAS_PAYLOAD.set(transfers(doctypes.get(i), "WHB-2", "2020-08-01T10:00:00+08:00", amounts.get(i)));
            assertThatThrownBy(() -> pulls.syncNow("cas")).isInstanceOf(PullFailure.class)
                    .hasMessageContaining("malformed payload").hasMessageContaining("DOCTYPE");
            Map<String, Object> batch = lastBatch("cas");
            assertThat(batch.get("STATUS")).isEqualTo("FAILED");
            assertThat((String) batch.get("REASON")).contains("DOCTYPE", "nothing of that page was applied",
                    "the cursor did not move").doesNotContain("TOP-SECRET");
            assertThat(storeSnapshot()).as("payload %s changed nothing", i).isEqualTo(before);
        }
        assertThat(OTHER_REQUESTS.get()).as("requests for entities or DTDs").isZero();
        hubStillServes();

        CAS_PAYLOAD.set(transfers("", "WHB-3", "2020-09-01T10:00:00+08:00", "300.00"));
        assertThat(pulls.syncNow("cas").get(0).status().name()).isEqualTo("APPLIED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tt_contract", Integer.class)).isEqualTo(2);
    }

    @Test
    void aDeeplyNestedJsonPayloadFailsItsBatchWithoutOverflowingTheStack() throws Exception {
        String good = """
                {"page": 0, "totalPages": 1, "items": [{"contractNo": "WHU-1", "kind": "LICENSE",
                  "licenseeCreditCode": "%s", "amount": 1, "signedOn": "2021-01-15",
                  "updatedAt": "2021-01-16T10:00:00+08:00"}]}""".formatted(enterprise(1));
        CONTRACTS_PAYLOAD.set(good);
        pulls.syncNow("university");
        List<String> before = storeSnapshot();

        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        for (String payload : List.of("{\"page\": 0, \"totalPages\": 1, \"items\": [" + deep + "]}",
                "{\"page\": 0, \"totalPages\": 1, \"items\": [{\"contractNo\": " + deep + "}]}")) {
            CONTRACTS_PAYLOAD.set(payload);
            assertThatThrownBy(() -> pulls.syncNow("university")).isInstanceOf(PullFailure.class)
                    .hasMessageContaining("malformed payload").hasMessageContaining("nesting depth");
            Map<String, Object> batch = lastBatch("university");
            assertThat(batch.get("STATUS")).isEqualTo("FAILED");
            assertThat((String) batch.get("REASON")).contains("not valid JSON at line 1", "nesting depth (65) exceeds the maximum allowed (64)");
            assertThat(apiBatch(batch.get("ID")).get("status").asText()).isEqualTo("FAILED");
            assertThat(storeSnapshot()).isEqualTo(before);
        }
        hubStillServes();
        CONTRACTS_PAYLOAD.set(good.replace("WHU-1", "WHU-2").replace("2021-01-16", "2021-01-17"));
        pulls.syncNow("university");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tt_contract", Integer.class)).isEqualTo(2);
    }
}
