package cn.zhigu.hub;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A {@link HubTestSupport} test class run on a PostgreSQL store instead of HSQLDB: put on a subclass of
 * the HSQLDB test, so that both run the same tests. The hub's context gets a database of its own on the
 * server of {@link TestPostgres}, created empty (the hub's Flyway migrations build it) and dropped when
 * the context closes; the store settings of production (the {@code postgres} profile,
 * config/application-postgres.yaml) apply. Classes with the same configuration share one such context and database, as the
 * HSQLDB ones share theirs. Without a reachable server the class is skipped with a message saying how to
 * enable it (an error under {@code CI=true}); each test checks that its store really is PostgreSQL.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@ExtendWith(PostgresStore.ServerRequired.class)
@ContextConfiguration(initializers = PostgresStore.Database.class)
@ActiveProfiles("postgres")
public @interface PostgresStore {

    /** Skips (or, under CI, fails) the class when the server is not there; checks each test's store. */
    final class ServerRequired implements ExecutionCondition, BeforeEachCallback {
        /** Skips the class, with the reason as its one message (a class aborted in beforeAll would not show). */
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (context.getTestMethod().isPresent()) {
                return ConditionEvaluationResult.enabled("decided for the class");
            }
            try (Connection c = TestPostgres.connect()) {
                c.isValid(5);
                return ConditionEvaluationResult.enabled("PostgreSQL reachable at " + TestPostgres.URL);
            } catch (SQLException e) {
                String reason = TestPostgres.unreachable("the store's tests on PostgreSQL", e);
                if (!TOLD.getAndSet(true)) {
                    // once in the build's output; each skipped class carries it in its report
                    System.err.println("SKIPPED " + reason);
                }
                return ConditionEvaluationResult.disabled(reason);
            }
        }

        private static final java.util.concurrent.atomic.AtomicBoolean TOLD = new java.util.concurrent.atomic.AtomicBoolean();

        @Override
        public void beforeEach(ExtensionContext context) throws SQLException {
            DataSource store = SpringExtension.getApplicationContext(context).getBean(DataSource.class);
            try (Connection c = store.getConnection()) {
                String product = c.getMetaData().getDatabaseProductName();
                if (!"PostgreSQL".equals(product)) {
                    throw new IllegalStateException("a @PostgresStore test runs on " + product);
                }
            }
        }
    }

    /** Creates the context's database and points spring.datasource at it, ahead of every other source. */
    final class Database implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {
        private static final Logger log = LoggerFactory.getLogger(PostgresStore.class);
        private static final SecureRandom RANDOM = new SecureRandom();

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;  // after the dynamic test properties, so that these come first
        }

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            byte[] suffix = new byte[6];
            RANDOM.nextBytes(suffix);
            String name = "hubtest_" + System.currentTimeMillis() / 1000 + "_" + HexFormat.of().formatHex(suffix);
            try (Connection c = TestPostgres.connect(); Statement st = c.createStatement()) {
                dropLeftovers(st);
                st.execute("CREATE DATABASE " + name + " ENCODING 'UTF8'");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create the test database " + name + " at " + TestPostgres.URL, e);
            }
            log.info("PostgreSQL store of this test context: database {} at {}", name, TestPostgres.URL);
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("postgresTestStore", Map.of(
                    "spring.datasource.url", TestPostgres.urlOf(name),
                    "spring.datasource.username", TestPostgres.USER,
                    "spring.datasource.password", TestPostgres.PASSWORD,
                    // several contexts stay cached side by side on a server that other builds use too
                    "spring.datasource.hikari.maximum-pool-size", "5",
                    "spring.datasource.hikari.minimum-idle", "1")));
            // registered before every bean of the context, so destroyed after all of them (the pool included)
            ((DefaultListableBeanFactory) context.getBeanFactory()).registerDisposableBean("postgresTestStoreDrop",
                    () -> drop(name));
        }

        /** Databases of test JVMs that were killed before they could drop theirs: those a day old. */
        private static void dropLeftovers(Statement st) throws SQLException {
            long dayAgo = System.currentTimeMillis() / 1000 - 86_400;
            java.util.List<String> old = new java.util.ArrayList<>();
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

        private static void drop(String name) {
            try (Connection c = TestPostgres.connect(); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                log.warn("could not drop the test database {}: {}", name, e.getMessage());
            }
        }
    }
}
