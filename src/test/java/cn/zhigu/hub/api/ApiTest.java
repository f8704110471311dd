package cn.zhigu.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.zhigu.hub.HubTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The HTTP API over real HTTP on 127.0.0.1: every status code and role. */
class ApiTest extends HubTestSupport {

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    HttpResponse<String> get(String path, String user) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (user != null) {
            String pw = user.equals("ops") ? OPS_PASSWORD : user.equals("analyst") ? ANALYST_PASSWORD : "wrong";
            String basic = (user.equals("intruder") ? "ops" : user) + ":" + pw;
            req.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * What the security matrix ({@code cn.zhigu.hub.security.SecurityMatrixTest}, every endpoint for every
     * role) does not cover: a wrong password, and the demo paths in a hub without the demo.
     */
    static Stream<Arguments> access() {
        return Stream.of(
                Arguments.of("/api/indicators", "intruder", 401),
                Arguments.of("/api/batches", "intruder", 401),
                Arguments.of("/actuator/prometheus", "intruder", 401),
                Arguments.of("/demo/university/api/v1/transfer-contracts", null, 401),
                Arguments.of("/demo/university/api/v1/transfer-contracts", "ops", 404),
                Arguments.of("/demo/cas/feeds/transfers.xml", "analyst", 404));
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @MethodSource("access")
    void wrongPasswordsAndDemoPathsWithoutTheDemoAreRefused(String path, String user, int status) throws Exception {
        HttpResponse<String> res = get(path, user);
        assertThat(res.statusCode()).isEqualTo(status);
        JsonNode body = json.readTree(res.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("message").asText()).isNotBlank();
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("/api/indicators/REVENUE/values", 400, "period"),
                Arguments.of("/api/indicators/REVENUE/values?period=2020-13", 400, "not a period"),
                Arguments.of("/api/indicators/REVENUE/values?period=last-year", 400, "not a period"),
                Arguments.of("/api/indicators/REVENUE/values?from=2020&to=2021-Q1", 400, "same granularity"),
                Arguments.of("/api/indicators/REVENUE/values?from=2021&to=2020", 400, "after"),
                Arguments.of("/api/indicators/REVENUE/values?period=2020&area=MARS", 400, "unknown area"),
                Arguments.of("/api/indicators/REVENUE/values?period=2020&area=ALL", 400, "ALL"),
                Arguments.of("/api/indicators/REVENUE/values?period=2020&industry=Z", 400, "industry"),
                Arguments.of("/api/indicators/ENT_SETTLED/values?period=2020&industry=C", 400, "not broken down"),
                Arguments.of("/api/indicators/NO_SUCH/values?period=2020", 404, "unknown indicator"),
                Arguments.of("/api/batches?feed=weather", 400, "unknown feed"),
                Arguments.of("/api/batches?limit=0", 400, "limit"),
                Arguments.of("/api/batches/999999/rejects", 404, "no batch"),
                // hostile parameters are refused by validation, and every query binds its parameters
                Arguments.of("/api/indicators/REVENUE/values?period=2020&area=%27%20OR%201%3D1%20--", 400, "unknown area"),
                Arguments.of("/api/indicators/REVENUE/values?period=2020%3BDROP%20TABLE%20batch", 400, "not a period"),
                Arguments.of("/api/batches?feed=tax%27%20OR%20%271%27%3D%271", 400, "unknown feed"),
                Arguments.of("/api/batches/1%20OR%201=1/rejects", 400, "invalid value"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("badRequests")
    void badParametersGetAClearJsonError(String path, int status, String message) throws Exception {
        HttpResponse<String> res = get(path, "ops");
        assertThat(res.statusCode()).isEqualTo(status);
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).contains("json"));
        assertThat(json.readTree(res.body()).get("message").asText()).contains(message);
    }

    /** Values an attacker (or a careless script) sends: SQL, a NUL, a very long one, Unicode look-alikes. */
    static final List<String> HOSTILE = List.of("' OR 1=1 --", "1 OR 1=1", "x'); DROP TABLE batch; --", "\u0000",
            "2020\u0000", "9".repeat(4000), "A".repeat(4000), "武昌区' OR '1'='1", "２０２０", "\u202Eevil", "\uD83D\uDE00",
            "<script>alert(1)</script>");

    /** Every endpoint that takes a parameter, the place of the value, and the status a hostile value gets. */
    static final List<String[]> PARAMETERS = List.of(
            new String[] {"GET", "/api/indicators/{v}/values?period=2020", "404"},
            new String[] {"GET", "/api/indicators/{v}/values.csv?period=2020", "404"},
            new String[] {"GET", "/api/indicators/REVENUE/values?period={v}", "400"},
            new String[] {"GET", "/api/indicators/REVENUE/values?from={v}&to=2021", "400"},
            new String[] {"GET", "/api/indicators/REVENUE/values?from=2020&to={v}", "400"},
            new String[] {"GET", "/api/indicators/REVENUE/values?period=2020&area={v}", "400"},
            new String[] {"GET", "/api/indicators/REVENUE/values?period=2020&industry={v}", "400"},
            new String[] {"GET", "/api/indicators/REVENUE/values.csv?period={v}", "400"},
            new String[] {"GET", "/api/indicators/REVENUE/values.csv?period=2020&area={v}", "400"},
            new String[] {"GET", "/api/batches?feed={v}", "400"},
            new String[] {"GET", "/api/batches?limit={v}", "400"},
            new String[] {"GET", "/api/batches/{v}", "400"},
            new String[] {"GET", "/api/batches/{v}/rejects", "400"},
            new String[] {"GET", "/api/batches/{v}/rejects.csv", "400"},
            new String[] {"POST", "/api/batches/{v}/requeue", "400"},
            new String[] {"GET", "/api/feeds/{v}", "404"},
            new String[] {"POST", "/api/feeds/{v}/sync", "404"},
            new String[] {"GET", "/api/routes/{v}", "404"},
            new String[] {"POST", "/api/routes/{v}/stop", "404"},
            new String[] {"POST", "/api/routes/{v}/start", "404"});

    static Stream<Arguments> hostile() {
        return PARAMETERS.stream().flatMap(p -> HOSTILE.stream().map(v -> Arguments.of(p[0], p[1], v, expected(p, v))));
    }

    /**
     * 400 for a bad parameter; in the path, 404 for a name that is not one of the hub's, but 400 when the URL
     * itself is refused (a ';', an encoded '/' or a NUL). Full-width digits are digits to Java: as a batch id
     * "２０２０" is batch 2020, which does not exist.
     */
    static int expected(String[] p, String value) {
        boolean inPath = p[1].indexOf("{v}") < p[1].indexOf('?') || p[1].indexOf('?') < 0;
        if (!inPath || value.contains(";") || value.contains("/") || value.contains("\u0000")) {
            return 400;
        }
        return p[1].startsWith("/api/batches/") && value.equals("２０２０") ? 404 : Integer.parseInt(p[2]);
    }

    static String encoded(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * A hostile value in any parameter of any endpoint is refused with a clear JSON error: 400 for a bad
     * parameter, 404 for a name in the path that is not one of the hub's (never 500), and the store and the
     * routes are as they were. Every query binds its parameters (none is built from request text).
     */
    @ParameterizedTest(name = "{0} {1} with {2}")
    @MethodSource("hostile")
    void hostileParametersAreRefusedWithAClearJsonErrorAndChangeNothing(String method, String template, String value,
            int status) throws Exception {
        String batchesBefore = jdbc.queryForList("SELECT id || status FROM batch ORDER BY id", String.class).toString();
        int valuesBefore = jdbc.queryForObject("SELECT COUNT(*) FROM indicator_value", Integer.class);
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + template.replace("{v}", encoded(value))))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("ops:" + OPS_PASSWORD)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).contains("json"));
        JsonNode body = json.readTree(res.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("message").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("SQL");
        assertThat(jdbc.queryForList("SELECT id || status FROM batch ORDER BY id", String.class).toString())
                .isEqualTo(batchesBefore);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM indicator_value", Integer.class)).isEqualTo(valuesBefore);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE UPPER(TABLE_NAME) = 'BATCH'",
                Integer.class)).isEqualTo(1);
    }

    @Test
    void catalogueListsEveryIndicatorWithNamesAndUnits() throws Exception {
        JsonNode cat = json.readTree(get("/api/indicators", "analyst").body());
        assertThat(cat).hasSize(17);
        JsonNode first = cat.get(0);
        assertThat(first.get("code").asText()).isEqualTo("ENT_SETTLED");
        assertThat(first.get("nameZh").asText()).isEqualTo("入驻企业数");
        assertThat(first.get("unit").asText()).isEqualTo("家");
    }

    @Test
    void valuesWithoutDataAreZeroForSumsAndNullForRatiosAndCarryTargets() throws Exception {
        JsonNode body = json.readTree(get("/api/indicators/ENT_SETTLED/values?from=2024&to=2026&area=ZHIGU", "analyst").body());
        assertThat(body.get("unit").asText()).isEqualTo("家");
        JsonNode values = body.get("values");
        assertThat(values).hasSize(3);
        assertThat(values.get(0).get("period").asText()).isEqualTo("2024");
        assertThat(values.get(0).get("value").decimalValue()).isEqualByComparingTo("0");
        assertThat(values.get(0).get("target").decimalValue()).isEqualByComparingTo("400");
        assertThat(values.get(2).get("target").decimalValue()).isEqualByComparingTo("1000");
        JsonNode ratio = json.readTree(get("/api/indicators/RD_INTENSITY/values?period=2020-Q1", "analyst").body());
        assertThat(ratio.get("values").get(0).get("value").isNull()).isTrue();
    }

    @Test
    void csvHasABomSoExcelShowsChinese() throws Exception {
        HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/indicators/REVENUE/values.csv?from=2020-01&to=2020-03"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("analyst:" + ANALYST_PASSWORD)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(res.statusCode()).isEqualTo(200);
        byte[] b = res.body();
        assertThat(new byte[] {b[0], b[1], b[2]}).containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(b, StandardCharsets.UTF_8);
        assertThat(text).contains("营业收入").contains("2020-02");
        assertThat(text.lines().count()).isEqualTo(4);
    }
}
