package cn.zhigu.hub.feeds;

import cn.zhigu.hub.PostgresStore;

/** {@link TaxFileRouteTest} on a PostgreSQL store: the ledger, duplicates, rejects and a correction's new revision. */
@PostgresStore
class TaxFileRouteOnPostgresTest extends TaxFileRouteTest {
}
