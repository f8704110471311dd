package cn.zhigu.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * Real HTTP on 127.0.0.1 to the hub as its three kinds of caller see it: a script with HTTP Basic (or
 * none), and a browser with the login form, its session and its XSRF-TOKEN cookie. Never follows
 * redirects, so that they can be checked.
 */
final class HubHttp {

    final int port;

    HubHttp(int port) {
        this.port = port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A script's call: Basic as user/password, or anonymous when user is null. */
    HttpResponse<String> basic(String method, String path, String user, String password) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            req.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A browser: keeps its cookies (session, XSRF-TOKEN). */
    final class Browser {
        final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String path) throws Exception {
            return send("GET", path, null, null, false);
        }

        /** A call of the pages' script: POSTs carry the token as X-XSRF-TOKEN when withToken. */
        HttpResponse<String> send(String method, String path, String contentType, String body, boolean withToken)
                throws Exception {
            HttpRequest.Builder req = HttpRequest.newBuilder(uri(path)).method(method,
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (contentType != null) {
                req.header("Content-Type", contentType);
            }
            if (withToken) {
                req.header("X-XSRF-TOKEN", token());
            }
            return http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }

        String token() {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                    .map(HttpCookie::getValue).findFirst().orElse("");
        }

        boolean hasSession() {
            return cookies.getCookieStore().getCookies().stream().anyMatch(c -> c.getName().equals("JSESSIONID"));
        }

        /** Logs in with the form (and its CSRF field); returns the answer to the form's POST. */
        HttpResponse<String> login(String user, String password) throws Exception {
            assertThat(get("/login").statusCode()).isEqualTo(200);
            return send("POST", "/login", "application/x-www-form-urlencoded", "username=" + user + "&password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + token(), false);
        }

        Browser loggedIn(String user, String password) throws Exception {
            HttpResponse<String> res = login(user, password);
            assertThat(res.statusCode()).as("login of " + user).isEqualTo(302);
            assertThat(res.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
            return this;
        }
    }

    Browser browser() {
        return new Browser();
    }
}
