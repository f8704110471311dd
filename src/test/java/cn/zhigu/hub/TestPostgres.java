package cn.zhigu.hub;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

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
     * the caller skips with it (a JUnit assumption).
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
}
