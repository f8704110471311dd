package cn.zhigu.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.boot.test.context.SpringBootTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A hub started without HUB_OPS_PASSWORD and HUB_ANALYST_PASSWORD, its log captured from the start and
 * the security loggers at DEBUG: each generated password is logged on exactly one line, works, and
 * never shows again, whatever happens after (logins that fail and succeed, forms, Basic, refusals);
 * the users hold only BCrypt hashes.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {"hub.demo.enabled=false", "hub.demo.bootstrap=false", "server.address=127.0.0.1",
    "spring.datasource.url=jdbc:hsqldb:mem:generated-passwords;hsqldb.tx=mvcc",
    "hub.feeds.university.schedule=0 0 0 1 1 ? 2099", "hub.feeds.cas.schedule=0 0 0 1 1 ? 2099",
    "hub.feeds.tax.schedule=0 0 0 1 1 ? 2099",
    "logging.level.org.springframework.security=DEBUG", "logging.level.cn.zhigu.hub=DEBUG"})
@DirtiesContext
class GeneratedPasswordTest {

    /**
     * Not a {@link cn.zhigu.hub.HubTestSupport}: that one sets both passwords. This hub has a data folder
     * of its own (so it polls no other test's folders) and neither variable.
     */
    @DynamicPropertySource
    static void noPasswords(DynamicPropertyRegistry registry) throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("hub-generated-passwords-");
        registry.add("hub.data-dir", dir::toString);
        registry.add("HUB_OPS_PASSWORD", () -> "");
        registry.add("HUB_ANALYST_PASSWORD", () -> "");
    }

    static final Pattern LINE = Pattern.compile("(HUB_\\w+_PASSWORD) is not set: generated password for user '(\\w+)': (\\S+)");

    @LocalServerPort
    int port;
    @Autowired
    UserDetailsService users;
    @Autowired
    PasswordEncoder encoder;

    @Test
    void eachGeneratedPasswordIsLoggedOnceWorksAndIsKeptOnlyAsAHash(CapturedOutput output) throws Exception {
        Matcher m = LINE.matcher(output.getAll());
        java.util.Map<String, String> generated = new java.util.HashMap<>();
        while (m.find()) {
            assertThat(generated.put(m.group(2), m.group(3))).as("one line per user").isNull();
        }
        assertThat(generated).containsOnlyKeys("ops", "analyst");
        String ops = generated.get("ops");
        String analyst = generated.get("analyst");
        assertThat(ops).hasSizeGreaterThanOrEqualTo(20).isNotEqualTo(analyst);
        assertThat(output.getAll()).doesNotContain("Using generated security password");

        HubHttp hub = new HubHttp(port);
        // the generated passwords work, with Basic and with the form
        assertThat(hub.basic("GET", "/api/feeds", "ops", ops).statusCode()).isEqualTo(200);
        assertThat(hub.basic("GET", "/api/indicators", "analyst", analyst).statusCode()).isEqualTo(200);
        hub.browser().loggedIn("ops", ops).get("/ops");
        hub.browser().loggedIn("analyst", analyst).get("/dashboard");
        // failed logins: a wrong password, the other user's password, a refused role, a wrong form login
        assertThat(hub.basic("GET", "/api/feeds", "ops", ops + "x").statusCode()).isEqualTo(401);
        assertThat(hub.basic("GET", "/api/feeds", "ops", analyst).statusCode()).isEqualTo(401);
        assertThat(hub.basic("GET", "/api/feeds", "analyst", analyst).statusCode()).isEqualTo(403);
        HttpResponse<String> wrongForm = hub.browser().login("analyst", ops);
        assertThat(wrongForm.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));

        String log = output.getAll();
        for (String password : List.of(ops, analyst)) {
            assertThat(count(log, password)).as("the password is in the log exactly once").isEqualTo(1);
        }
        assertThat(log).as("the security loggers were at DEBUG").contains("DEBUG");

        for (var user : List.of(List.of("ops", ops), List.of("analyst", analyst))) {
            String stored = users.loadUserByUsername(user.get(0)).getPassword();
            assertThat(stored).as("a BCrypt hash").matches("\\{bcrypt}\\$2[aby]\\$1[0-9]\\$[./A-Za-z0-9]{53}")
                    .doesNotContain(user.get(1));
            assertThat(encoder.matches(user.get(1), stored)).isTrue();
        }
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
