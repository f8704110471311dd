package cn.zhigu.hub.feeds;

import cn.zhigu.hub.PostgresStore;

/** {@link AgencyFileRoutesTest} on a PostgreSQL store: later updates replace, stale ones are ignored, stocks at period end. */
@PostgresStore
class AgencyFileRoutesOnPostgresTest extends AgencyFileRoutesTest {
}
