package cn.zhigu.hub.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import cn.zhigu.hub.HubProperties;
import cn.zhigu.hub.HubProperties.FeedSettings;
import cn.zhigu.hub.HubTestSupport;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Agency credentials, each a distinctive made-up secret, through pulls that fail (refused connection, no
 * driver, refused credentials, an agency failing with 5xx, credentials written into the URL, a URL that is
 * not one) and pulls that succeed: no secret shows in the log, in {@code /api/feeds}, the ledger's sources
 * and reasons, the rejects, the health details, the reason files or the failures' messages and causes.
 */
@ExtendWith(OutputCaptureExtension.class)
class AgencyCredentialsTest extends HubTestSupport {

    @LocalServerPort
    int port;
    @Autowired
    Pulls pulls;
    @Autowired
    HubProperties props;

    final List<String> secrets = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    HttpServer agency;

    String secret(String what) {
        String s = what + "-" + UUID.randomUUID().toString().substring(0, 13);
        secrets.add(s);
        return s;
    }

    @AfterEach
    void configurationBack() {
        for (String feed : Pulls.PULLED) {
            FeedSettings s = props.feed(feed);
            s.setBaseUrl(null);
            s.setJdbcUrl(null);
            s.setToken(null);
            s.setUsername(null);
            s.setPassword(null);
            pulls.breaker(feed).reset();
        }
        if (agency != null) {
            agency.stop(0);
        }
    }

    /** Runs a pull; keeps the failure's message and whole stack trace (as a log would print them). */
    void pull(String feed) {
        pulls.breaker(feed).reset();
        try {
            pulls.syncNow(feed);
        } catch (PullFailure e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            failures.add(trace.toString());
        }
    }

    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** An agency on 127.0.0.1 that answers every call with what the supplier says (status, body). */
    String agency(Supplier<Object[]> answer, List<String> authorizations) throws Exception {
        agency = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        agency.createContext("/", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            Object[] a = answer.get();
            byte[] body = ((String) a[1]).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders((Integer) a[0], body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        agency.start();
        return "http://127.0.0.1:" + agency.getAddress().getPort();
    }

    @Test
    void noCredentialShowsAnywhereAfterPullsThatFailAndSucceed(CapturedOutput output) throws Exception {
        FeedSettings tax = props.feed("tax");
        // 1. a JDBC URL with user and password in it, and a user and password of its own: connection refused
        tax.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort() + "/x?user=" + secret("urluser") + "&password="
                + secret("urlpass"));
        tax.setUsername(secret("taxuser"));
        tax.setPassword(secret("taxpass"));
        pull("tax");
        // 2. a URL no driver takes: DriverManager quotes it whole
        tax.setJdbcUrl("jdbc:nosuchdb://" + secret("dsnuser") + ":" + secret("dsnpass") + "@127.0.0.1/x");
        pull("tax");
        // 3. a pull that succeeds, from an exchange database that needs its user and password
        String exchange = "jdbc:hsqldb:mem:credentials-" + UUID.randomUUID();
        String user = secret("READER").toUpperCase().replace('-', '_');
        String password = secret("exchangepass");
        try (Connection con = DriverManager.getConnection(exchange, user, password)) {
            con.createStatement().execute("CREATE TABLE TAX_ENTERPRISE_MONTHLY (CREDIT_CODE VARCHAR(32) NOT NULL,"
                    + " TAXPAYER_NAME VARCHAR(200), PERIOD CHAR(6) NOT NULL, INDUSTRY_CODE VARCHAR(8),"
                    + " STREET_CODE VARCHAR(12), REVENUE DECIMAL(18,2), TAX_PAID DECIMAL(18,2), RD_EXPENSE DECIMAL(18,2),"
                    + " HIGH_TECH CHAR(1), UPDATED_AT TIMESTAMP NOT NULL, PRIMARY KEY (CREDIT_CODE, PERIOD))");
            tax.setJdbcUrl(exchange);
            tax.setUsername(user);
            tax.setPassword(password);
            pull("tax");
            //    and the same database with a wrong password: the driver's refusal
            tax.setPassword(secret("wrongpass"));
            pull("tax");
        }
        assertThat(jdbc.queryForList("SELECT status FROM batch WHERE feed = 'tax' ORDER BY id", String.class))
                .containsExactly("FAILED", "FAILED", "APPLIED", "FAILED");

        // 4. the university's token: refused (401), an agency failing (503, retried), then accepted
        FeedSettings university = props.feed("university");
        String token = secret("token");
        List<String> seen = new ArrayList<>();
        AtomicInteger status = new AtomicInteger(401);
        university.setBaseUrl(agency(() -> new Object[] {status.get(), status.get() == 200
                ? "{\"page\":0,\"size\":100,\"totalPages\":1,\"items\":[]}" : "refused: " + seen.get(seen.size() - 1)},
                seen));
        university.setToken(token);
        pull("university");
        status.set(503);
        pull("university");
        status.set(200);
        pull("university");
        assertThat(seen).as("the token went to the agency").contains("Bearer " + token);
        assertThat(jdbc.queryForList("SELECT status FROM batch WHERE feed = 'university' ORDER BY id", String.class))
                .containsExactly("FAILED", "FAILED", "APPLIED", "APPLIED");
        // 5. credentials written into the base URL, and a base URL that is not a URL
        String base = university.getBaseUrl();
        university.setBaseUrl(base.replace("//", "//" + secret("infouser") + ":" + secret("infopass") + "@"));
        pull("university");
        university.setBaseUrl(base + "/a b?token=" + secret("querytoken"));
        pull("university");

        // 6. the CAS user and password, refused by the agency (403)
        FeedSettings cas = props.feed("cas");
        status.set(403);
        cas.setBaseUrl(base);
        cas.setUsername(secret("casuser"));
        cas.setPassword(secret("caspass"));
        pull("cas");
        assertThat(seen).contains("Basic " + Base64.getEncoder().encodeToString((cas.getUsername() + ":"
                + cas.getPassword()).getBytes(StandardCharsets.UTF_8)));

        assertThat(failures).hasSize(8);
        List<String> reasons = jdbc.queryForList("SELECT COALESCE(reason, '') || ' ' || source FROM batch", String.class);
        assertThat(String.join("\n", reasons)).contains("Connection to 127.0.0.1", "No suitable driver", "401", "503",
                "carries credentials", "is not a URL", "403", "***");

        List<String> shown = new ArrayList<>(failures);
        shown.addAll(reasons);
        shown.add(output.getAll());
        for (String path : List.of("/api/feeds", "/api/feeds/tax", "/api/batches?limit=1000", "/actuator/health",
                "/api/routes")) {
            shown.add(ops(path));
        }
        for (Long id : jdbc.queryForList("SELECT id FROM batch", Long.class)) {
            shown.add(ops("/api/batches/" + id));
            shown.add(ops("/api/batches/" + id + "/rejects"));
        }
        if (Files.exists(DATA_DIR.resolve("rejected"))) {
            try (var files = Files.walk(DATA_DIR.resolve("rejected"))) {
                for (var f : files.filter(Files::isRegularFile).toList()) {
                    shown.add(Files.readString(f, StandardCharsets.ISO_8859_1));
                }
            }
        }
        assertThat(output.getAll()).as("the log saw the pulls").contains("tax-returns pull").contains("retrying");
        for (String text : shown) {
            for (String s : secrets) {
                assertThat(text).as("no " + s).doesNotContain(s);
            }
        }
    }

    String ops(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("ops:" + OPS_PASSWORD)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
