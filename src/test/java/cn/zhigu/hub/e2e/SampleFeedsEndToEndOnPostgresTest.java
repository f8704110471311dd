package cn.zhigu.hub.e2e;

import cn.zhigu.hub.PostgresStore;

/** {@link SampleFeedsEndToEndTest} on a PostgreSQL store: every sample file, every figure of EXPECTED.md. */
@PostgresStore
class SampleFeedsEndToEndOnPostgresTest extends SampleFeedsEndToEndTest {
}
