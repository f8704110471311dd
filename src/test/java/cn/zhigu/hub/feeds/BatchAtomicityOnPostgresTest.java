package cn.zhigu.hub.feeds;

import cn.zhigu.hub.PostgresStore;

/** {@link BatchAtomicityTest} on a PostgreSQL store: a batch commits whole or not at all. */
@PostgresStore
class BatchAtomicityOnPostgresTest extends BatchAtomicityTest {
}
