package cn.zhigu.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import cn.zhigu.hub.TestPostgres;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link PullCrashIT} with the hub's store on PostgreSQL (the production profile's store settings): the
 * kill leaves the server holding an open transaction of the killed hub, which it rolls back; the pages
 * committed before stay and the restarted hub marks the interrupted batch FAILED.
 */
@ExtendWith(TestPostgres.Required.class)
class PullCrashOnPostgresIT extends PullCrashIT {

    private String database;

    @BeforeEach
    void database() {
        database = TestPostgres.createDatabase();
    }

    @AfterEach
    void dropDatabase() {
        TestPostgres.dropDatabase(database);
    }

    @Override
    String[] storeArgs() {
        return new String[] {"--spring.profiles.active=postgres", "--spring.datasource.url=" + TestPostgres.urlOf(database),
            "--spring.datasource.username=" + TestPostgres.USER, "--spring.datasource.password=" + TestPostgres.PASSWORD};
    }

    @Override
    void assertStoreWhereExpected() {
        assertThat(Files.exists(dataDir.resolve("store"))).as("no HSQLDB store: the hubs used PostgreSQL").isFalse();
    }
}
