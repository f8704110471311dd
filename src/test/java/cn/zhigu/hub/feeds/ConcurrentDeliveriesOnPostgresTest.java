package cn.zhigu.hub.feeds;

import cn.zhigu.hub.PostgresStore;

/** {@link ConcurrentDeliveriesTest} on a PostgreSQL store: batches one at a time in taking order, readers never see half a batch. */
@PostgresStore
class ConcurrentDeliveriesOnPostgresTest extends ConcurrentDeliveriesTest {
}
