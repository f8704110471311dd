package cn.zhigu.hub.ops;

import cn.zhigu.hub.PostgresStore;

/** {@link HealthAndMetricsTest} on a PostgreSQL store: the store in health, freshness from the ledger. */
@PostgresStore
class HealthAndMetricsOnPostgresTest extends HealthAndMetricsTest {
}
