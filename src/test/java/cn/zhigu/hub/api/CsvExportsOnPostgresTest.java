package cn.zhigu.hub.api;

import cn.zhigu.hub.PostgresStore;

/** {@link CsvExportsTest} on a PostgreSQL store: hostile names through the store into no CSV cell. */
@PostgresStore
class CsvExportsOnPostgresTest extends CsvExportsTest {
}
