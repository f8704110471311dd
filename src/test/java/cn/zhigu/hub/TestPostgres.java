package cn.zhigu.hub;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server the tests use, in one place: {@code HUB_TEST_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}, a database the tests may connect to and create
 * databases from), {@code HUB_TEST_PG_USER} (default {@code postgres}) and {@code HUB_TEST_PG_PASSWORD}
 * (default empty), from the environment or as system properties of the same names. {@code .ci/run}
 * makes sure the server is there and sets {@code HUB_TEST_PG_URL}; with {@code CI=true} a server that is
 * not reachable fails the run instead of skipping ({@link #unreachable}).
 */
public final class TestPostgres {
    private TestPostgres() {}

    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    public static final String URL = setting("HUB_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = setting("HUB_TEST_PG_USER", "postgres");
    public static final String PASSWORD = setting("HUB_TEST_PG_PASSWORD", "");

    public static String setting(String name, String fallback) {
        String v = System.getProperty(name);
        if (v == null || v.isEmpty()) {
            v = System.getenv(name);
        }
        return v == null || v.isEmpty() ? fallback : v;
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, USER, PASSWORD);
    }

    /** The same server's URL for another database (the path of the JDBC URL replaced, its parameters kept). */
    public static String urlOf(String database) {
        String prefix = "jdbc:postgresql://";
        if (!URL.startsWith(prefix)) {
            throw new IllegalStateException("HUB_TEST_PG_URL is not a jdbc:postgresql:// URL: " + URL);
        }
        int slash = URL.indexOf('/', prefix.length());
        int query = URL.indexOf('?', prefix.length());
        String host = URL.substring(0, slash >= 0 ? slash : query >= 0 ? query : URL.length());
        return host + "/" + database + (query >= 0 ? URL.substring(query) : "");
    }

    /**
     * What to do when the server cannot be reached: the message says where it was looked for and how to
     * enable the run. Under CI ({@code CI=true}) the run must not skip, so this is an error there; else
     * the caller skips with it.
     */
    public static String unreachable(String what, SQLException e) {
        String message = what + ": no PostgreSQL reachable at " + URL + " as " + USER + " (" + e.getMessage()
                + "). Start one on 127.0.0.1:5432 (trust auth) or set HUB_TEST_PG_URL / HUB_TEST_PG_USER /"
                + " HUB_TEST_PG_PASSWORD to run it; .ci/run does both.";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true, so PostgreSQL must be there: " + message, e);
        }
        return message;
    }

    /** A new, empty database of its own (UTF-8), named {@code hubtest_<epoch seconds>_<random>}. */
    public static String createDatabase() {
        byte[] suffix = new byte[6];
        RANDOM.nextBytes(suffix);
        String name = "hubtest_" + System.currentTimeMillis() / 1000 + "_" + HexFormat.of().formatHex(suffix);
        try (Connection c = connect(); Statement st = c.createStatement()) {
            dropLeftovers(st);
            st.execute("CREATE DATABASE " + name + " ENCODING 'UTF8'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name + " at " + URL, e);
        }
        log.info("test database {} created at {}", name, URL);
        return name;
    }

    /** Drops a database {@link #createDatabase} made, with any connection still open to it. */
    public static void dropDatabase(String name) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            log.warn("could not drop the test database {}: {}", name, e.getMessage());
        }
    }

    /** Databases of test JVMs that were killed before they could drop theirs: those a day old. */
    private static void dropLeftovers(Statement st) throws SQLException {
        long dayAgo = System.currentTimeMillis() / 1000 - 86_400;
        List<String> old = new ArrayList<>();
        try (var rs = st.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'hubtest\\_%'")) {
            while (rs.next()) {
                String[] parts = rs.getString(1).split("_");
                if (parts.length == 3 && parts[1].matches("\\d{1,12}") && Long.parseLong(parts[1]) < dayAgo) {
                    old.add(rs.getString(1));
                }
            }
        }
        for (String db : old) {
            log.info("dropping the test database {} left by an earlier run", db);
            st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }

    /**
     * On a test class: skipped when the server is not reachable, with the reason in its report and once
     * in the build's output (an error under {@code CI=true}).
     */
    public static final class Required implements ExecutionCondition {
        private static final AtomicBoolean TOLD = new AtomicBoolean();

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (context.getTestMethod().isPresent()) {
                return ConditionEvaluationResult.enabled("decided for the class");
            }
            try (Connection c = connect()) {
                c.isValid(5);
                return ConditionEvaluationResult.enabled("PostgreSQL reachable at " + URL);
            } catch (SQLException e) {
                String reason = unreachable("the tests on PostgreSQL", e);
                if (!TOLD.getAndSet(true)) {
                    System.err.println("SKIPPED " + reason);
                }
                return ConditionEvaluationResult.disabled(reason);
            }
        }
    }
}
