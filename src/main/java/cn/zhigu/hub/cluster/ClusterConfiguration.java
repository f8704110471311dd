package cn.zhigu.hub.cluster;

import cn.zhigu.hub.HubProperties;
import cn.zhigu.hub.feeds.Pulls;
import cn.zhigu.hub.indicators.IndicatorRecompute;
import cn.zhigu.hub.store.ReferenceData;
import cn.zhigu.hub.store.StoreLock;
import javax.sql.DataSource;
import org.apache.camel.cluster.CamelClusterService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** What cluster mode adds (hub.cluster.enabled=true); nothing of it exists alone. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "hub.cluster", name = "enabled", havingValue = "true")
public class ClusterConfiguration {

    /** The processor name of the inbound files' read locks in CAMEL_MESSAGEPROCESSED. */
    static final String FILE_LOCKS = "hub-inbound";

    /**
     * The inbound files' shared read locks (the file routes' idempotentRepository in cluster mode): a
     * row per file being taken, its key unique in the store, so one node adds it and the others skip the
     * file; the holder renews it while it works, and one left by a dead node is taken over once older
     * than hub.cluster.file-lock-max-age ({@link FileReadLocks}).
     */
    @Bean(name = "hubFileLocks", initMethod = "start", destroyMethod = "stop")
    FileReadLocks hubFileLocks(DataSource dataSource, HubProperties props) {
        return new FileReadLocks(dataSource, FILE_LOCKS, props.getCluster().getFileLockMaxAge(),
                props.getCluster().getFileLockKeepAlive());
    }

    @Bean
    ClusterLeadership clusterLeadership(CamelClusterService service, JdbcTemplate jdbc, TransactionTemplate tx,
            StoreLock storeLock, ReferenceData reference, IndicatorRecompute indicators, Pulls pulls,
            FileReadLocks hubFileLocks, HubProperties props) {
        return new ClusterLeadership(service, jdbc, tx, storeLock, reference, indicators, pulls, hubFileLocks, props);
    }
}
