package cn.zhigu.hub.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CredentialMaskTest {

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("jdbc:postgresql://127.0.0.1:1/x?user=u&password=SECRET", List.of(),
                        "jdbc:postgresql://127.0.0.1:1/x?user=***&password=***"),
                Arguments.of("jdbc:hsqldb:hsql://db/x;user=SA;password=SECRET;ifexists=true", List.of(),
                        "jdbc:hsqldb:hsql://db/x;user=***;password=***;ifexists=true"),
                Arguments.of("jdbc:mysql://reader:SECRET@db:3306/x", List.of(), "jdbc:mysql://***@db:3306/x"),
                Arguments.of("http://agent:SECRET@whu.example/api", List.of(), "http://***@whu.example/api"),
                Arguments.of("jdbc:oracle:thin:reader/SECRET@db:1521/x", List.of(), "jdbc:oracle:thin:***@db:1521/x"),
                Arguments.of("https://x.example/feed?access_token=SECRET&page=1", List.of(),
                        "https://x.example/feed?access_token=***&page=1"),
                // a known secret anywhere, however the driver quotes it
                Arguments.of("FATAL: password authentication failed for user \"tax_reader\" (pw 'Zx9-SECRET')",
                        List.of("tax_reader", "Zx9-SECRET"),
                        "FATAL: password authentication failed for user \"***\" (pw '***')"),
                Arguments.of("token abcdefgh and abcdefghij", List.of("abcdefgh", "abcdefghij"), "token *** and ***"),
                // too short to be masked by value (it would blank out words), still masked by the patterns
                Arguments.of("user SA: SAVE", List.of("SA"), "user SA: SAVE"),
                Arguments.of("http://127.0.0.1:8080/demo/cas/feeds/transfers.xml", List.of(),
                        "http://127.0.0.1:8080/demo/cas/feeds/transfers.xml"),
                Arguments.of("no credentials here: 2021-04-06T10:00:00+08:00", List.of(),
                        "no credentials here: 2021-04-06T10:00:00+08:00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void credentialsAreMasked(String text, List<String> secrets, String masked) {
        assertThat(CredentialMask.mask(text, secrets)).isEqualTo(masked);
    }

    @Test
    void theSecretsOfAUrlAreFoundDecodedToo() {
        assertThat(CredentialMask.secretsOf("jdbc:postgresql://db/x?user=u1&password=p%40ss")).contains("u1", "p%40ss",
                "p@ss");
        assertThat(CredentialMask.secretsOf("http://agent:pw@host/")).contains("agent", "pw");
        assertThat(CredentialMask.secretsOf(null)).isEmpty();
    }

    @Test
    void aScrubbedChainKeepsItsClassesAndStackButNoSecret() {
        SQLException cause = new SQLException("No suitable driver found for jdbc:x://u:TOPSECRET@h/db", "08001");
        Throwable scrubbed = CredentialMask.scrub(new RuntimeException("wrapped TOPSECRET", cause), List.of("TOPSECRET"));
        StringWriter trace = new StringWriter();
        scrubbed.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain("TOPSECRET").contains("java.lang.RuntimeException: wrapped ***")
                .contains("Caused by: java.sql.SQLException: No suitable driver found for jdbc:x://***@h/db")
                .contains("CredentialMaskTest");
    }
}
