package cn.zhigu.hub;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
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
 * config/application-postgres.yaml) apply. Classes with the same configuration share one such context
 * and database, as the HSQLDB ones share theirs. Without a reachable server the class is skipped with a
 * message saying how to enable it (an error under {@code CI=true}); each test checks that its store
 * really is PostgreSQL.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@ExtendWith({TestPostgres.Required.class, PostgresStore.StoreIsPostgres.class})
@ContextConfiguration(initializers = PostgresStore.Database.class)
@ActiveProfiles("postgres")
public @interface PostgresStore {

    /** Each test's store is PostgreSQL (should a later property source ever win over the one below). */
    final class StoreIsPostgres implements BeforeEachCallback {
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
        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;  // after the dynamic test properties, so that these come first
        }

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            String name = TestPostgres.createDatabase();
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("postgresTestStore", Map.of(
                    "spring.datasource.url", TestPostgres.urlOf(name),
                    "spring.datasource.username", TestPostgres.USER,
                    "spring.datasource.password", TestPostgres.PASSWORD,
                    // several contexts stay cached side by side on a server that other builds use too
                    "spring.datasource.hikari.maximum-pool-size", "5",
                    "spring.datasource.hikari.minimum-idle", "1")));
            // registered before every bean of the context, so destroyed after all of them (the pool included)
            ((DefaultListableBeanFactory) context.getBeanFactory()).registerDisposableBean("postgresTestStoreDrop",
                    () -> TestPostgres.dropDatabase(name));
        }
    }
}
