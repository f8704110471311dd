package cn.zhigu.hub.indicators;

import cn.zhigu.hub.PostgresStore;

/** {@link IncrementalTaxIndicatorsTest} on a PostgreSQL store: random tax batches, each checked against a full recompute. */
@PostgresStore
class IncrementalTaxIndicatorsOnPostgresTest extends IncrementalTaxIndicatorsTest {
}
