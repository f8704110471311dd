package cn.zhigu.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.zhigu.hub.HubTestSupport;
import cn.zhigu.hub.demo.DemoCredentials;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every endpoint the hub serves, for anonymous, {@code analyst} and {@code ops}, with the exact status
 * each gets. The endpoints are read from the running hub (Spring MVC's handler mappings, the actuator's,
 * Hawtio's URL mappings, the servlets registered with the container and the static files), so a new
 * endpoint without a row in {@link #MATRIX} fails {@link #everyEndpointTheHubServesHasARowInTheMatrix}.
 * The demo stand-ins are on, so that {@code /demo/**} is served.
 */
@TestPropertySource(properties = "hub.demo.enabled=true")
@DirtiesContext
class SecurityMatrixTest extends HubTestSupport {

    /**
     * One row per endpoint: the endpoint as the hub maps it | an example request | how the caller proves
     * who it is (BASIC: the API for scripts; SESSION: the browser's login form and session) | what
     * anonymous, analyst and ops get. {@code 302>/x} is a redirect to /x; {@code HEALTH} is 200 when UP and
     * 503 when DOWN. Placeholders: {batch} an applied batch, {rejected1}/{rejected2} files rejected whole.
     */
    static final String MATRIX = """
            GET /api/indicators                       | GET /api/indicators                                 | BASIC   | 401       | 200        | 200
            GET /api/indicators/{code}/values         | GET /api/indicators/REVENUE/values?period=2020      | BASIC   | 401       | 200        | 200
            GET /api/indicators/{code}/values.csv     | GET /api/indicators/REVENUE/values.csv?period=2020  | BASIC   | 401       | 200        | 200
            GET /api/feeds                            | GET /api/feeds                                      | BASIC   | 401       | 403        | 200
            GET /api/feeds/{feed}                     | GET /api/feeds/street                               | BASIC   | 401       | 403        | 200
            POST /api/feeds/{feed}/sync               | POST /api/feeds/university/sync                     | BASIC   | 401       | 403        | 202
            GET /api/batches                          | GET /api/batches?feed=street&limit=5                | BASIC   | 401       | 403        | 200
            GET /api/batches/running                  | GET /api/batches/running                            | BASIC   | 401       | 403        | 200
            GET /api/batches/{id}                     | GET /api/batches/{batch}                            | BASIC   | 401       | 403        | 200
            GET /api/batches/{id}/rejects             | GET /api/batches/{batch}/rejects                    | BASIC   | 401       | 403        | 200
            GET /api/batches/{id}/rejects.csv         | GET /api/batches/{batch}/rejects.csv                | BASIC   | 401       | 403        | 200
            POST /api/batches/{id}/requeue            | POST /api/batches/{rejected1}/requeue               | BASIC   | 401       | 403        | 202
            GET /api/routes                           | GET /api/routes                                     | BASIC   | 401       | 403        | 200
            GET /api/routes/{id}                      | GET /api/routes/tax-pull                            | BASIC   | 401       | 403        | 200
            POST /api/routes/{id}/stop                | POST /api/routes/tax-pull/stop                      | BASIC   | 401       | 403        | 200
            POST /api/routes/{id}/start               | POST /api/routes/tax-pull/start                     | BASIC   | 401       | 403        | 200
            (unmapped under /api)                     | GET /api/no-such-thing                              | BASIC   | 401       | 403        | 404
            GET /ui-api/me                            | GET /ui-api/me                                      | SESSION | 401       | 200        | 200
            GET /ui-api/dimensions                    | GET /ui-api/dimensions                              | SESSION | 401       | 200        | 200
            GET /ui-api/indicators                    | GET /ui-api/indicators                              | SESSION | 401       | 200        | 200
            GET /ui-api/indicators/{code}/values      | GET /ui-api/indicators/REVENUE/values?period=2020   | SESSION | 401       | 200        | 200
            GET /ui-api/indicators/{code}/values.csv  | GET /ui-api/indicators/REVENUE/values.csv?period=2020 | SESSION | 401     | 200        | 200
            GET /ui-api/feeds                         | GET /ui-api/feeds                                   | SESSION | 401       | 403        | 200
            GET /ui-api/feeds/{feed}                  | GET /ui-api/feeds/tax                               | SESSION | 401       | 403        | 200
            POST /ui-api/feeds/{feed}/sync            | POST /ui-api/feeds/cas/sync                         | SESSION | 401       | 403        | 202
            GET /ui-api/batches                       | GET /ui-api/batches                                 | SESSION | 401       | 403        | 200
            GET /ui-api/batches/running               | GET /ui-api/batches/running                         | SESSION | 401       | 403        | 200
            GET /ui-api/batches/{id}                  | GET /ui-api/batches/{batch}                         | SESSION | 401       | 403        | 200
            GET /ui-api/batches/{id}/rejects          | GET /ui-api/batches/{batch}/rejects                 | SESSION | 401       | 403        | 200
            GET /ui-api/batches/{id}/rejects.csv      | GET /ui-api/batches/{batch}/rejects.csv             | SESSION | 401       | 403        | 200
            POST /ui-api/batches/{id}/requeue         | POST /ui-api/batches/{rejected2}/requeue            | SESSION | 401       | 403        | 202
            GET /ui-api/routes                        | GET /ui-api/routes                                  | SESSION | 401       | 403        | 200
            GET /ui-api/routes/{id}                   | GET /ui-api/routes/cas-pull                         | SESSION | 401       | 403        | 200
            POST /ui-api/routes/{id}/stop             | POST /ui-api/routes/cas-pull/stop                   | SESSION | 401       | 403        | 200
            POST /ui-api/routes/{id}/start            | POST /ui-api/routes/cas-pull/start                  | SESSION | 401       | 403        | 200
            (unmapped under /ui-api)                  | GET /ui-api/no-such-thing                           | SESSION | 401       | 403        | 404
            GET /                                     | GET /                                               | SESSION | 302>/login | 302>/dashboard | 302>/ops
            GET /login                                | GET /login                                          | SESSION | 200       | 302>/dashboard | 302>/ops
            GET /ops                                  | GET /ops                                            | SESSION | 302>/login | 403       | 200
            GET /ops/                                 | GET /ops/                                           | SESSION | 302>/login | 403       | 200
            GET /dashboard                            | GET /dashboard                                      | SESSION | 302>/login | 200       | 200
            GET /dashboard/                           | GET /dashboard/                                     | SESSION | 302>/login | 200       | 200
            ANY /webjars/**                           | GET /webjars/chart.js/dist/chart.umd.js             | SESSION | 200       | 200        | 200
            ANY /**                                   | GET /no-such-thing                                  | BASIC   | 401       | 404        | 404
            STATIC /assets/dashboard.js               | GET /assets/dashboard.js                            | SESSION | 200       | 200        | 200
            STATIC /assets/favicon.svg                | GET /assets/favicon.svg                             | SESSION | 200       | 200        | 200
            STATIC /assets/hub.css                    | GET /assets/hub.css                                 | SESSION | 200       | 200        | 200
            STATIC /assets/hub.js                     | GET /assets/hub.js                                  | SESSION | 200       | 200        | 200
            STATIC /assets/login.js                   | GET /assets/login.js                                | SESSION | 200       | 200        | 200
            STATIC /assets/ops.js                     | GET /assets/ops.js                                  | SESSION | 200       | 200        | 200
            (no favicon.ico: the pages link favicon.svg) | GET /favicon.ico                                 | SESSION | 404       | 404        | 404
            ANY /error                                | GET /error                                          | BASIC   | 404       | 404        | 404
            GET /actuator                             | GET /actuator                                       | BASIC   | 401       | 403        | 200
            GET /actuator/health                      | GET /actuator/health                                | BASIC   | HEALTH    | HEALTH     | HEALTH
            GET /actuator/health/**                   | GET /actuator/health/liveness                       | BASIC   | 200       | 200        | 200
            GET /actuator/info                        | GET /actuator/info                                  | BASIC   | 401       | 403        | 200
            GET /actuator/prometheus                  | GET /actuator/prometheus                            | BASIC   | 401       | 403        | 200
            (actuator endpoints not exposed)          | GET /actuator/env                                   | BASIC   | 401       | 403        | 404
            GET /actuator/jolokia                     | GET /actuator/jolokia                               | SESSION | 401       | 403        | 200
            SERVLET /actuator/jolokia/*               | GET /actuator/jolokia/version                       | SESSION | 401       | 403        | 200
            GET /actuator/hawtio                      | GET /actuator/hawtio                                | SESSION | 302>/login | 403       | 302>/actuator/hawtio/
            ANY /actuator/hawtio/                     | GET /actuator/hawtio/                               | SESSION | 302>/login | 403       | 200
            ANY /actuator/hawtio/**                   | GET /actuator/hawtio/index.html                     | SESSION | 302>/login | 403       | 200
            GET /actuator/hawtio/plugin               | GET /actuator/hawtio/plugin                         | SESSION | 302>/login | 403       | 200
            ANY /actuator/hawtio/jolokia/**           | GET /actuator/hawtio/jolokia/version                | SESSION | 302>/login | 403       | 200
            SERVLET /actuator/hawtio/proxy/*          | GET /actuator/hawtio/proxy/127.0.0.1/1/jolokia      | SESSION | 302>/login | 403       | 404
            SERVLET /actuator/hawtio/user/*           | GET /actuator/hawtio/user                           | SESSION | 302>/login | 403       | 200
            SERVLET /actuator/hawtio/auth/login       | GET /actuator/hawtio/auth/login                     | SESSION | 302>/login | 403       | 302>/actuator/hawtio/login
            SERVLET /actuator/hawtio/auth/logout      | GET /actuator/hawtio/auth/logout                    | SESSION | 302>/login | 403       | 302>/actuator/hawtio/login
            SERVLET /actuator/hawtio/keycloak/*       | GET /actuator/hawtio/keycloak/enabled               | SESSION | 302>/login | 403       | 200
            SERVLET /actuator/hawtio/auth/config/*    | GET /actuator/hawtio/auth/config/oidc               | SESSION | 302>/login | 403       | 200
            GET /demo/university/api/v1/transfer-contracts | GET /demo/university/api/v1/transfer-contracts | BASIC   | 401       | 401        | 401
            GET /demo/university/api/v1/fund-investments  | GET /demo/university/api/v1/fund-investments   | BASIC   | 401       | 401        | 401
            GET /demo/cas/feeds/transfers.xml         | GET /demo/cas/feeds/transfers.xml                   | BASIC   | 401       | 401        | 401
            """;

    enum Via { BASIC, SESSION }

    record Row(String endpoint, String method, String path, Via via, String anonymous, String analyst, String ops) {
        String expected(String caller) {
            return switch (caller) {
                case "anonymous" -> anonymous;
                case "analyst" -> analyst;
                default -> ops;
            };
        }
    }

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String line : MATRIX.strip().split("\n")) {
            String[] c = Arrays.stream(line.split("\\|")).map(String::trim).toArray(String[]::new);
            String[] request = c[1].split(" ", 2);
            rows.add(new Row(c[0], request[0], request[1], Via.valueOf(c[2]), c[3], c[4], c[5]));
        }
        return rows;
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    ServletContext servlets;
    @Autowired
    CamelContext camel;
    @Autowired
    DemoCredentials demo;

    final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void routesStartedAgain() throws Exception {
        for (Route r : camel.getRoutes()) {
            if (camel.getRouteController().getRouteStatus(r.getRouteId()) != ServiceStatus.Started) {
                camel.getRouteController().startRoute(r.getRouteId());
            }
        }
    }

    /** The endpoints the running hub serves, in the notation of the matrix's first column. */
    Set served() throws Exception {
        TreeSet<String> out = new TreeSet<>();
        for (HandlerMapping m : context.getBeansOfType(HandlerMapping.class).values()) {
            if (m instanceof RequestMappingInfoHandlerMapping rm) {
                for (RequestMappingInfo info : rm.getHandlerMethods().keySet()) {
                    var methods = info.getMethodsCondition().getMethods();
                    for (String pattern : info.getPatternValues()) {
                        if (methods.isEmpty()) {
                            out.add("ANY " + pattern);
                        }
                        methods.forEach(method -> out.add(method + " " + pattern));
                    }
                }
            } else if (m instanceof AbstractUrlHandlerMapping url) {
                url.getHandlerMap().keySet().forEach(pattern -> out.add("ANY " + pattern));
            }
        }
        servlets.getServletRegistrations().values().forEach(reg -> reg.getMappings().stream()
                .filter(mapping -> !mapping.equals("/")).forEach(mapping -> out.add("SERVLET " + mapping)));
        for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:static/**/*.*")) {
            String url = r.getURL().toString();
            out.add("STATIC " + url.substring(url.lastIndexOf("/static/") + "/static".length()));
        }
        return new Set(out);
    }

    /** A sorted set of endpoint names (a record, so that a failure prints it whole). */
    record Set(TreeSet<String> names) {}

    @Test
    void everyEndpointTheHubServesHasARowInTheMatrix() throws Exception {
        TreeSet<String> served = served().names();
        TreeSet<String> inMatrix = new TreeSet<>();
        rows().stream().map(Row::endpoint).filter(e -> !e.startsWith("(")).forEach(inMatrix::add);
        TreeSet<String> missing = new TreeSet<>(served);
        missing.removeAll(inMatrix);
        TreeSet<String> stale = new TreeSet<>(inMatrix);
        stale.removeAll(served);
        assertThat(missing).as("endpoints the hub serves without a row in the security matrix").isEmpty();
        assertThat(stale).as("rows of the matrix for endpoints the hub no longer serves").isEmpty();
    }

    /** The batches the placeholders stand for: an applied one and two files rejected whole. */
    Map<String, String> batches() {
        drop("street", "carriers.csv", "载体名称,街道,级别,面积,认定日期\n珞珈创谷,珞珈山,省级,5000,2018-01-01\n");
        drop("cas", "broken-1.xml", "<transfers><transfer");
        drop("cas", "broken-2.xml", "<transfers><transfer");
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("{batch}", String.valueOf(awaitBatch("street", "carriers.csv").get("ID")));
        ids.put("{rejected1}", String.valueOf(awaitBatch("cas", "broken-1.xml").get("ID")));
        ids.put("{rejected2}", String.valueOf(awaitBatch("cas", "broken-2.xml").get("ID")));
        await().atMost(Duration.ofSeconds(10)).until(() -> java.nio.file.Files.exists(rejected("cas", "broken-2.xml")));
        return ids;
    }

    void drop(String feed, String name, String content) {
        try {
            HubTestSupport.drop(feed, name, content, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    HttpResponse<String> call(HubHttp hub, Row row, String path, String caller, Via via) throws Exception {
        String password = caller.equals("ops") ? OPS_PASSWORD : ANALYST_PASSWORD;
        if (via == Via.BASIC) {
            return caller.equals("anonymous") ? hub.basic(row.method(), path, null, null)
                    : hub.basic(row.method(), path, caller, password);
        }
        HubHttp.Browser b = hub.browser();
        if (!caller.equals("anonymous")) {
            b.loggedIn(caller, password);
        } else {
            b.get("/login");  // a visitor's browser has the XSRF-TOKEN cookie; it is not logged in
        }
        return b.send(row.method(), path, null, null, true);
    }

    void check(SoftAssertions soft, String what, String expected, HttpResponse<String> res) throws Exception {
        if (expected.equals("HEALTH")) {
            String status = json.readTree(res.body()).get("status").asText();
            soft.assertThat(res.statusCode()).as(what).isEqualTo(status.equals("UP") ? 200 : 503);
            return;
        }
        String[] e = expected.split(">", 2);
        soft.assertThat(res.statusCode()).as(what + " " + res.body().substring(0, Math.min(200, res.body().length())))
                .isEqualTo(Integer.parseInt(e[0]));
        if (e.length == 2) {
            soft.assertThat(res.headers().firstValue("Location").map(l -> URI.create(l).getPath()))
                    .as(what + ": redirect").hasValue(e[1]);
        }
        if (Integer.parseInt(e[0]) == 401 || Integer.parseInt(e[0]) == 403) {
            boolean page = res.headers().firstValue("Content-Type").orElse("").startsWith("text/html");
            if (!page && !what.contains("/demo/")) {
                JsonNode body = json.readTree(res.body());
                soft.assertThat(body.path("status").asInt()).as(what + ": JSON error").isEqualTo(Integer.parseInt(e[0]));
                soft.assertThat(body.path("message").asText()).as(what + ": message").isNotBlank();
            }
        }
    }

    @Test
    void everyEndpointAnswersEachRoleWithItsStatus() throws Exception {
        Map<String, String> ids = batches();
        HubHttp hub = new HubHttp(port);
        SoftAssertions soft = new SoftAssertions();
        for (Row row : rows()) {
            String path = row.path();
            for (var id : ids.entrySet()) {
                path = path.replace(id.getKey(), id.getValue());
            }
            for (String caller : List.of("anonymous", "analyst", "ops")) {
                String what = row.method() + " " + path + " as " + caller + " (" + row.via() + ")";
                HttpResponse<String> res = call(hub, row, path, caller, row.via());
                check(soft, what, row.expected(caller), res);
                if (row.via() == Via.BASIC) {
                    soft.assertThat(res.headers().allValues("Set-Cookie")).as(what + ": stateless, no cookie").isEmpty();
                }
            }
            // ops through the other door counts for nothing: a session does not open the scripts' API, and
            // Basic does not open the pages, /ui-api or Hawtio
            Via other = row.via() == Via.BASIC ? Via.SESSION : Via.BASIC;
            if (!row.path().startsWith("/demo/") && !row.anonymous().equals("HEALTH")) {
                // (a POST to /ui-api without the session's CSRF token is refused before it is authenticated)
                String expected = other == Via.BASIC && row.method().equals("POST") ? "403" : row.anonymous();
                check(soft, row.method() + " " + path + " as ops through " + other, expected, call(hub, row, path, "ops", other));
            }
        }
        soft.assertAll();
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        HubHttp hub = new HubHttp(port);
        SoftAssertions soft = new SoftAssertions();
        for (Row row : rows()) {
            if (!row.method().equals("GET") || row.path().contains("{")) {
                continue;
            }
            for (String caller : List.of("anonymous", "analyst", "ops")) {
                HttpResponse<String> res = call(hub, row, row.path(), caller, row.via());
                String what = row.path() + " as " + caller + " (" + res.statusCode() + ")";
                var h = res.headers();
                boolean hawtio = row.path().startsWith("/actuator/hawtio");
                soft.assertThat(h.firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
                soft.assertThat(h.firstValue("X-Frame-Options")).as(what).hasValueSatisfying(v ->
                        assertThat(v).isIn(hawtio ? List.of("DENY", "SAMEORIGIN") : List.of("DENY")));
                // Hawtio's console sets its own (strict-origin), as strict for a same-origin console
                soft.assertThat(h.firstValue("Referrer-Policy")).as(what).hasValueSatisfying(v ->
                        assertThat(v).isIn(hawtio ? List.of("same-origin", "strict-origin") : List.of("same-origin")));
                soft.assertThat(h.firstValue("Strict-Transport-Security")).as(what + ": HSTS only over TLS").isEmpty();
                soft.assertThat(h.firstValue("Permissions-Policy")).as(what + ": Permissions-Policy").hasValueSatisfying(v ->
                        assertThat(v).contains("camera=()").contains("microphone=()").contains("geolocation=()"));
                String csp = h.firstValue("Content-Security-Policy").orElse("");
                soft.assertThat(csp).as(what + ": CSP").contains("frame-ancestors 'none'").doesNotContain("unsafe-eval");
                if (!hawtio) {  // Hawtio's console needs inline styles and sets its own policy
                    soft.assertThat(csp).as(what + ": CSP").contains("object-src 'none'").doesNotContain("unsafe-inline");
                }
                if (h.firstValue("Content-Type").orElse("").startsWith("text/html") && !hawtio) {
                    soft.assertThat(csp).as(what + ": the pages' own scripts only").contains("default-src 'self'")
                            .contains("script-src 'self'");
                }
                if (row.path().startsWith("/api/") || row.path().startsWith("/ui-api/")
                        || (row.path().startsWith("/actuator") && !hawtio)) {
                    soft.assertThat(h.firstValue("Cache-Control").orElse("")).as(what + ": Cache-Control").contains("no-store");
                }
            }
        }
        soft.assertAll();
    }

    @Test
    void aBrowserPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        Map<String, String> ids = batches();
        HubHttp.Browser ops = new HubHttp(port).browser().loggedIn("ops", OPS_PASSWORD);
        int batchesBefore = jdbc.queryForObject("SELECT COUNT(*) FROM batch", Integer.class);
        List<Row> posts = rows().stream().filter(r -> r.via() == Via.SESSION && r.method().equals("POST")).toList();
        assertThat(posts).hasSizeGreaterThanOrEqualTo(4);
        for (Row row : posts) {
            String path = row.path();
            for (var id : ids.entrySet()) {
                path = path.replace(id.getKey(), id.getValue());
            }
            for (String token : new String[] {null, "forged-" + ops.token()}) {
                HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .POST(HttpRequest.BodyPublishers.noBody());
                if (token != null) {
                    req.header("X-XSRF-TOKEN", token);
                }
                HttpResponse<String> res = ops.http.send(req.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as(path + " with token " + token).isEqualTo(403);
                assertThat(json.readTree(res.body()).get("message").asText()).contains("CSRF");
            }
        }
        Thread.sleep(500);  // a sync or re-queue let through would show by now
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch", Integer.class)).isEqualTo(batchesBefore);
        assertThat(java.nio.file.Files.exists(rejected("cas", "broken-2.xml"))).as("not re-queued").isTrue();
        for (Route r : camel.getRoutes()) {
            assertThat(camel.getRouteController().getRouteStatus(r.getRouteId())).as(r.getRouteId())
                    .isEqualTo(ServiceStatus.Started);
        }
        // with the token, the same POST is taken
        HttpResponse<String> stop = ops.send("POST", "/ui-api/routes/cas-pull/stop", null, null, true);
        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("cas-pull")).isEqualTo(ServiceStatus.Stopped);
    }

    @Test
    void theDemoStandInsAnswerTheirOwnCredentialsNotTheHubs() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> university = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/demo/university/api/v1/transfer-contracts")).header("Authorization", "Bearer "
                + demo.universityToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(university.statusCode()).isEqualTo(200);
        HttpResponse<String> cas = new HubHttp(port).basic("GET", "/demo/cas/feeds/transfers.xml",
                demo.casUsername(), demo.casPassword());
        assertThat(cas.statusCode()).isEqualTo(200);
        assertThat(cas.headers().allValues("Set-Cookie")).as("the stand-ins are stateless").isEmpty();
    }
}
