package cn.zhigu.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.zhigu.hub.HubTestSupport;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The browser pages' chain over real HTTP: login form, session, CSRF on every POST, the readable 403
 * page, security headers; and that the API for scripts stays Basic-only and needs no CSRF token.
 */
class PageSecurityTest extends HubTestSupport {

    static final String ROUTE = "street-inbound-files";

    @LocalServerPort
    int port;
    @Autowired
    CamelContext camel;

    final ObjectMapper json = new ObjectMapper();

    /** A browser-like client: keeps cookies, does not follow redirects (so that they can be checked). */
    final class Browser {
        final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String form, boolean withHeaderToken) throws Exception {
            return post(path, "application/x-www-form-urlencoded", form, withHeaderToken);
        }

        HttpResponse<String> post(String path, String contentType, String body, boolean withHeaderToken)
                throws Exception {
            HttpRequest.Builder req = HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (withHeaderToken) {
                req.header("X-XSRF-TOKEN", token());
            }
            return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        }

        String token() {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                    .map(HttpCookie::getValue).findFirst().orElse("");
        }

        HttpResponse<String> login(String user, String password) throws Exception {
            assertThat(get("/login").statusCode()).isEqualTo(200);
            return post("/login", "username=" + user + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                    + "&_csrf=" + token(), false);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> basic(String method, String path, String user, String password) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    @AfterEach
    void routesStartedAgain() throws Exception {
        Routes.restartStopped(camel, port);
    }

    @Test
    void opsLogsInWithTheFormAndLandsOnTheConsole() throws Exception {
        Browser b = new Browser();
        HttpResponse<String> login = b.login("ops", OPS_PASSWORD);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/ops"));
        HttpResponse<String> ops = b.get("/ops");
        assertThat(ops.statusCode()).isEqualTo(200);
        assertThat(ops.body()).contains("运维控制台").contains("Ops console");
        assertThat(b.get("/dashboard").statusCode()).as("ops may see the dashboard too").isEqualTo(200);
        assertThat(b.get("/ui-api/feeds").statusCode()).isEqualTo(200);
    }

    @Test
    void analystLandsOnTheDashboardAndIsRefusedTheOpsConsoleWithAReadablePage() throws Exception {
        Browser b = new Browser();
        assertThat(b.login("analyst", ANALYST_PASSWORD).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/dashboard"));
        assertThat(b.get("/dashboard").statusCode()).isEqualTo(200);
        HttpResponse<String> ops = b.get("/ops");
        assertThat(ops.statusCode()).isEqualTo(403);
        assertThat(ops.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).contains("text/html"));
        assertThat(ops.body()).contains("无权访问").contains("Access denied").contains("/ops");
        HttpResponse<String> feeds = b.get("/ui-api/feeds");
        assertThat(feeds.statusCode()).isEqualTo(403);
        assertThat(json.readTree(feeds.body()).get("message").asText()).contains("role");
        assertThat(b.get("/ui-api/indicators").statusCode()).isEqualTo(200);
        assertThat(b.get("/ui-api/indicators/REVENUE/values?period=2020&area=ZHIGU").statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongPasswordGoesBackToTheLoginForm() throws Exception {
        HttpResponse<String> login = new Browser().login("ops", "not-" + OPS_PASSWORD);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
    }

    @Test
    void anonymousVisitorsAreSentToTheLoginFormAndScriptsGet401() throws Exception {
        Browser b = new Browser();
        HttpResponse<String> ops = b.get("/ops");
        assertThat(ops.statusCode()).isEqualTo(302);
        assertThat(ops.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        HttpResponse<String> api = b.get("/ui-api/feeds");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(json.readTree(api.body()).get("message").asText()).contains("log in");
        assertThat(b.get("/webjars/chart.js/dist/chart.umd.js").statusCode()).as("assets need no login").isEqualTo(200);
        assertThat(b.get("/assets/hub.css").statusCode()).isEqualTo(200);
    }

    @Test
    void aPostFromThePagesWithoutTheCsrfTokenIsRefused() throws Exception {
        Browser b = new Browser();
        b.login("ops", OPS_PASSWORD);
        HttpResponse<String> refused = b.post("/ui-api/routes/" + ROUTE + "/stop", "", false);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json.readTree(refused.body()).get("message").asText()).contains("CSRF");
        assertThat(camel.getRouteController().getRouteStatus(ROUTE)).isEqualTo(ServiceStatus.Started);

        HttpResponse<String> stopped = b.post("/ui-api/routes/" + ROUTE + "/stop", "", true);
        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(json.readTree(stopped.body()).get("status").asText()).isEqualTo("Stopped");
        assertThat(camel.getRouteController().getRouteStatus(ROUTE)).isEqualTo(ServiceStatus.Stopped);
    }

    @Test
    void theLoginFormItselfNeedsItsCsrfToken() throws Exception {
        Browser b = new Browser();
        b.get("/login");
        HttpResponse<String> login = b.post("/login", "username=ops&password="
                + URLEncoder.encode(OPS_PASSWORD, StandardCharsets.UTF_8), false);
        assertThat(login.statusCode()).isEqualTo(403);
        assertThat(login.body()).contains("页面已过期");
        assertThat(b.get("/ops").statusCode()).as("not logged in").isEqualTo(302);
    }

    @Test
    void theSessionDoesNotOpenTheScriptsApiAndBasicNeedsNoCsrfToken() throws Exception {
        Browser b = new Browser();
        b.login("ops", OPS_PASSWORD);
        assertThat(b.get("/api/feeds").statusCode()).as("the API for scripts is Basic only").isEqualTo(401);
        HttpResponse<String> stop = basic("POST", "/api/routes/" + ROUTE + "/stop", "ops", OPS_PASSWORD);
        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(stop.headers().firstValue("Set-Cookie")).as("no session for Basic calls").isEmpty();
    }

    @Test
    void logoutNeedsTheTokenAndEndsTheSession() throws Exception {
        Browser b = new Browser();
        b.login("ops", OPS_PASSWORD);
        assertThat(b.post("/logout", "", false).statusCode()).isEqualTo(403);
        assertThat(b.get("/ops").statusCode()).isEqualTo(200);
        HttpResponse<String> logout = b.post("/logout", "_csrf=" + b.token(), false);
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(logout.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?logout"));
        assertThat(b.get("/ops").statusCode()).isEqualTo(302);
    }

    @Test
    void hawtioIsForOpsOnlyAndItsJolokiaPostsNeedTheCsrfToken() throws Exception {
        assertThat(new Browser().get("/actuator/hawtio/").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(basic("GET", "/actuator/jolokia/version", "ops", OPS_PASSWORD).statusCode())
                .as("Jolokia only with the login session").isEqualTo(401);
        Browser analyst = new Browser();
        analyst.login("analyst", ANALYST_PASSWORD);
        assertThat(analyst.get("/actuator/hawtio/").statusCode()).isEqualTo(403);
        assertThat(analyst.get("/actuator/jolokia/version").statusCode()).isEqualTo(403);

        Browser ops = new Browser();
        ops.login("ops", OPS_PASSWORD);
        HttpResponse<String> console = ops.get("/actuator/hawtio/");
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("Hawtio");
        String read = "{\"type\":\"read\",\"mbean\":\"org.apache.camel:context=zhigu-hub,type=routes,name=\\\"" + ROUTE
                + "\\\"\",\"attribute\":\"RouteId\"}";
        assertThat(ops.post("/actuator/jolokia", "application/json", read, false).statusCode()).isEqualTo(403);
        HttpResponse<String> state = ops.post("/actuator/jolokia", "application/json", read, true);
        assertThat(state.statusCode()).isEqualTo(200);
        // (the route's id, not its state: the test JVM holds several cached hubs under the one JMX name, the
        // routes of all but the running test's suspended, and Jolokia may answer from any of them)
        assertThat(json.readTree(state.body()).get("value").asText()).isEqualTo(ROUTE);
    }

    /** The other headers of every response: {@code SecurityMatrixTest.everyResponseCarriesTheSecurityHeaders}. */
    @Test
    void theCsrfCookieIsSameSiteStrict() throws Exception {
        HttpResponse<String> login = new Browser().get("/login");
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("XSRF-TOKEN=")
                .contains("SameSite=Strict"));
    }
}
