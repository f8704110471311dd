package cn.zhigu.hub.api;

import cn.zhigu.hub.PostgresStore;

/** {@link ApiTest} on a PostgreSQL store: the API's reads, bad and hostile parameters. */
@PostgresStore
class ApiOnPostgresTest extends ApiTest {
}
