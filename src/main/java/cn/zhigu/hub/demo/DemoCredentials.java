package cn.zhigu.hub.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The stand-ins' own credentials: the university's bearer token and the CAS feed's Basic-auth user and
 * password, generated at random at every start. Only the user name is ever logged.
 */
@Component
@ConditionalOnProperty(name = "hub.demo.enabled", havingValue = "true")
public class DemoCredentials {

    private static final Logger log = LoggerFactory.getLogger(DemoCredentials.class);

    private final String universityToken;
    private final String casUsername;
    private final String casPassword;

    public DemoCredentials() {
        SecureRandom random = new SecureRandom();
        this.universityToken = randomText(random, 32);
        this.casUsername = "cas-demo-" + HexFormat.of().formatHex(randomBytes(random, 3));
        this.casPassword = randomText(random, 18);
        log.info("Demo stand-ins: CAS feed user '{}'; its password and the university token are generated at"
                + " random and not logged (see DemoEndpoints)", casUsername);
    }

    /** The bearer token the university stand-in accepts. */
    public String universityToken() {
        return universityToken;
    }

    /** The Basic-auth user name the CAS stand-in accepts. */
    public String casUsername() {
        return casUsername;
    }

    /** The Basic-auth password the CAS stand-in accepts. */
    public String casPassword() {
        return casPassword;
    }

    /** Whether the token is the university token (compared in constant time). */
    public boolean isUniversityToken(String token) {
        return token != null && same(token, universityToken);
    }

    /** Whether user and password are the CAS ones (compared in constant time). */
    public boolean isCasUser(String username, String password) {
        if (username == null || password == null) {
            return false;
        }
        return same(username, casUsername) & same(password, casPassword); // both compared, always
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] randomBytes(SecureRandom random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String randomText(SecureRandom random, int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(random, bytes));
    }

    @Override
    public String toString() {
        return "DemoCredentials[casUsername=" + casUsername + ", secrets hidden]";
    }
}
