package cn.zhigu.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.zhigu.hub.HubTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The ops actions the console uses, over the API for scripts (Basic): routes, and re-queue of a fixed file. */
class OpsApiTest extends HubTestSupport {

    static final String TAX_HEADER = "统一社会信用代码,纳税人名称,所属期,行业代码,街道,营业收入,实缴税额,研发费用,高新技术企业\n";

    @LocalServerPort
    int port;
    @Autowired
    CamelContext camel;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    HttpResponse<String> call(String method, String path, String user) throws Exception {
        String pw = user.equals("ops") ? OPS_PASSWORD : ANALYST_PASSWORD;
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + pw)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode body(HttpResponse<String> res) throws Exception {
        return json.readTree(res.body());
    }

    @AfterEach
    void routesStartedAgain() throws Exception {
        Routes.restartStopped(camel, port);
    }

    @Test
    void routesAreListedWithTheirStateAndAnOperatorStopsAndStartsOne() throws Exception {
        HttpResponse<String> list = call("GET", "/api/routes", "ops");
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode routes = body(list);
        assertThat(routes.findValuesAsText("id")).contains("street-inbound-files", "tax-inbound-files", "tax-pull",
                "university-pull", "cas-pull");
        assertThat(routes.findValuesAsText("status")).containsOnly("Started");
        assertThat(call("GET", "/api/routes", "analyst").statusCode()).isEqualTo(403);

        HttpResponse<String> stop = call("POST", "/api/routes/street-inbound-files/stop", "ops");
        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(body(stop).get("status").asText()).isEqualTo("Stopped");
        assertThat(camel.getRouteController().getRouteStatus("street-inbound-files")).isEqualTo(ServiceStatus.Stopped);
        assertThat(body(call("GET", "/api/feeds/street", "ops")).get("routes").toString()).contains("Stopped");

        HttpResponse<String> start = call("POST", "/api/routes/street-inbound-files/start", "ops");
        assertThat(start.statusCode()).isEqualTo(200);
        assertThat(body(start).get("status").asText()).isEqualTo("Started");
        assertThat(call("POST", "/api/routes/street-inbound-files/stop", "analyst").statusCode()).isEqualTo(403);
    }

    @Test
    void anUnknownRouteIs404() throws Exception {
        for (String path : new String[] {"/api/routes/no-such-route", "/api/routes/no-such-route/stop",
            "/api/routes/no-such-route/start"}) {
            HttpResponse<String> res = call(path.endsWith("route") ? "GET" : "POST", path, "ops");
            assertThat(res.statusCode()).as(path).isEqualTo(404);
            assertThat(body(res).get("message").asText()).contains("no-such-route");
        }
    }

    @Test
    void aFixedFileIsRequeuedOnceAndThenAppliesAsANewBatch() throws Exception {
        drop("tax", "may.csv", "code,name,month\nx,y,z\n", StandardCharsets.UTF_8);
        long rejectedId = ((Number) awaitBatch("tax", "may.csv").get("ID")).longValue();
        assertThat(rejected("tax", "may.csv.reason.txt")).exists();

        // the agency fixes the file where it lies, in rejected/
        Files.writeString(rejected("tax", "may.csv"), TAX_HEADER + code("91420106MA4KL3B21")
                + ",甲公司,202005,I6513,珞珈山,500,5,0,N\n", StandardCharsets.UTF_8);
        HttpResponse<String> res = call("POST", "/api/batches/" + rejectedId + "/requeue", "ops");
        assertThat(res.statusCode()).isEqualTo(202);
        assertThat(body(res).get("message").asText()).contains("may.csv").contains("inbound/tax");
        assertThat(rejected("tax", "may.csv")).doesNotExist();
        assertThat(rejected("tax", "may.csv.reason.txt")).doesNotExist();

        Map<String, Object> again = awaitBatch("tax", "may.csv");
        assertThat(((Number) again.get("ID")).longValue()).isGreaterThan(rejectedId);
        assertThat(again.get("STATUS")).isEqualTo("APPLIED");
        assertThat(indicator("REVENUE", "2020-05", "DISTRICT", "ALL")).isEqualByComparingTo("500");

        HttpResponse<String> gone = call("POST", "/api/batches/" + rejectedId + "/requeue", "ops");
        assertThat(gone.statusCode()).as("the file is no longer in rejected/").isEqualTo(404);
        assertThat(body(gone).get("message").asText()).contains("no longer in rejected");
        HttpResponse<String> applied = call("POST", "/api/batches/" + again.get("ID") + "/requeue", "ops");
        assertThat(applied.statusCode()).as("an applied batch is not re-queued").isEqualTo(409);
        assertThat(call("POST", "/api/batches/999999/requeue", "ops").statusCode()).isEqualTo(404);
        assertThat(call("POST", "/api/batches/" + rejectedId + "/requeue", "analyst").statusCode()).isEqualTo(403);
    }

    @Test
    void aRequeueIsRefusedWhileInboundHoldsAFileOfThatName() throws Exception {
        drop("tax", "june.csv", "code,name,month\nx,y,z\n", StandardCharsets.UTF_8);
        long id = ((Number) awaitBatch("tax", "june.csv").get("ID")).longValue();
        call("POST", "/api/routes/tax-inbound-files/stop", "ops");
        Path newer = drop("tax", "june.csv", "a newer delivery", StandardCharsets.UTF_8);

        HttpResponse<String> res = call("POST", "/api/batches/" + id + "/requeue", "ops");
        assertThat(res.statusCode()).isEqualTo(409);
        assertThat(body(res).get("message").asText()).contains("already holds").contains("june.csv");
        assertThat(Files.readString(newer)).as("the newer delivery is untouched").isEqualTo("a newer delivery");
        assertThat(rejected("tax", "june.csv")).exists();
        assertThat(rejected("tax", "june.csv.reason.txt")).exists();
        Files.delete(newer);
    }
}
