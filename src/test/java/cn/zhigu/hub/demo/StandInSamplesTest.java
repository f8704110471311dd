package cn.zhigu.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** The stand-ins on made-up sample folders, without a server: order, unparseable stamps, rejected files. */
class StandInSamplesTest {

    @TempDir
    Path samples;

    final DemoCredentials credentials = new DemoCredentials();
    final DemoFaults faults = new DemoFaults(0);
    final MockHttpServletRequest request = new MockHttpServletRequest();

    @BeforeEach
    void files() throws IOException {
        Path university = Files.createDirectories(samples.resolve("university"));
        Files.writeString(university.resolve("contracts-a.json"), """
                [{"contractNo": "C-3", "updatedAt": "2021-02-01T00:00:00Z", "amount": 1.50},
                 {"contractNo": "C-9", "updatedAt": "last tuesday"},
                 {"contractNo": "C-2", "updatedAt": "2021-02-01T08:00:00"}]""");
        Files.writeString(university.resolve("Contracts-b.json"), """
                {"items": [{"contractNo": "C-1", "updatedAt": "2021-01-01T00:00:00Z"}, {"contractNo": "C-8"}]}""");
        Files.writeString(university.resolve("contracts-broken.json"), "{\"items\": [{\"contractNo\": \"C-7\"}");
        Files.writeString(university.resolve("notes.txt"), "not a feed");
        Path cas = Files.createDirectories(samples.resolve("cas"));
        Files.writeString(cas.resolve("a.xml"), """
                <transfers xmlns="urn:cas-whb:transfer:1">
                  <transfer id="T-2" updated="someday"/>
                  <transfer id="T-1" updated="2021-01-01T00:00:00+08:00"><title>甲 &amp; 乙</title></transfer>
                </transfers>""");
        Files.writeString(cas.resolve("b.xml"), "<!DOCTYPE x><transfers/>");
    }

    @SuppressWarnings("unchecked")
    List<JsonNode> items(ResponseEntity<Object> res) {
        assertThat(res.getStatusCode().value()).isEqualTo(200);
        return (List<JsonNode>) ((Map<String, Object>) res.getBody()).get("items");
    }

    @Test
    void itemsSortByUpdatedAtThenKeyAndUnparseableOnesComeLastAlways() {
        UniversityStandIn standIn = new UniversityStandIn(credentials, faults, samples);
        String bearer = "Bearer " + credentials.universityToken();
        List<JsonNode> all = items(standIn.transferContracts(bearer, null, null, null, request));
        // C-3 at 00:00Z and C-2 at 08:00 Shanghai are the same instant: the key decides
        assertThat(all).extracting(i -> i.get("contractNo").asText()).containsExactly("C-1", "C-2", "C-3", "C-8", "C-9");
        assertThat(all.get(2).get("amount").decimalValue().toPlainString()).isEqualTo("1.50");
        List<JsonNode> since = items(standIn.transferContracts(bearer, "2021-02-01T00:00:00Z", null, null, request));
        assertThat(since).extracting(i -> i.get("contractNo").asText()).containsExactly("C-2", "C-3", "C-8", "C-9");
        assertThat(items(standIn.fundInvestments(bearer, null, null, null, request))).isEmpty();
    }

    @Test
    void casLeavesOutRejectedFilesAndPutsUnparseableStampsLast() {
        CasStandIn standIn = new CasStandIn(credentials, faults, samples);
        String basic = "Basic " + Base64.getEncoder().encodeToString((credentials.casUsername() + ":"
                + credentials.casPassword()).getBytes(StandardCharsets.UTF_8));
        ResponseEntity<Object> res = standIn.transfers(basic, "2021-06-01T00:00:00Z", request);
        String xml = new String((byte[]) res.getBody(), StandardCharsets.UTF_8);
        assertThat(xml).contains("<transfer id=\"T-2\" updated=\"someday\"/>").doesNotContain("T-1");
        xml = new String((byte[]) standIn.transfers(basic, null, request).getBody(), StandardCharsets.UTF_8);
        assertThat(xml.indexOf("T-1")).isLessThan(xml.indexOf("T-2"));
        assertThat(xml).contains("<title>甲 &amp; 乙</title>");
    }

    @Test
    void aMissingSampleFolderServesNothing() {
        UniversityStandIn standIn = new UniversityStandIn(credentials, faults, samples.resolve("nowhere"));
        assertThat(items(standIn.transferContracts("Bearer " + credentials.universityToken(), null, null, null,
                request))).isEmpty();
    }
}
