package cn.zhigu.hub.feeds;

import cn.zhigu.hub.PostgresStore;
import org.springframework.test.context.TestPropertySource;

/** {@link PullsTest} on a PostgreSQL store: pulled records and their cursor committed together. */
@PostgresStore
@TestPropertySource(properties = "hub.demo.exchange-url=jdbc:hsqldb:mem:tax-exchange-pulls-pg")
class PullsOnPostgresTest extends PullsTest {
}
