package cn.zhigu.hub.ops;

import cn.zhigu.hub.cluster.ClusterLeadership;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Cluster mode only: the health component {@code cluster} tells this node, the node that leads (runs
 * the scheduled pulls) and the members ZooKeeper knows. DOWN when no node leads, or this node is not
 * in the cluster (ZooKeeper unreachable): then no scheduled pull runs, or none here. Not part of the
 * liveness group: restarting the hub does not bring ZooKeeper back.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "hub.cluster", name = "enabled", havingValue = "true")
public class ClusterHealth {

    @Bean
    HealthIndicator cluster(ClusterLeadership cluster) {
        return () -> {
            Optional<String> leader = cluster.leader();
            List<String> members = cluster.members();
            boolean in = members.contains(cluster.node());
            Health.Builder h = leader.isPresent() && in ? Health.up() : Health.down();
            h.withDetail("node", cluster.node())
                    .withDetail("leader", leader.orElse("none"))
                    .withDetail("schedulesRunHere", cluster.leads())
                    .withDetail("members", members);
            if (cluster.leadingSince() != null) {
                h.withDetail("leadingSince", cluster.leadingSince().toString());
            }
            if (!in) {
                h.withDetail("problem", "this node is not in the cluster: ZooKeeper cannot be reached or its session"
                        + " expired; the scheduled pulls run on another node, if any");
            } else if (leader.isEmpty()) {
                h.withDetail("problem", "no node leads: no scheduled pull runs until one does");
            }
            return h.build();
        };
    }
}
