package cn.zhigu.hub.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Derives from {@code hub.cluster.enabled} the few values the routes read, so that the routes stay one
 * map for both modes:
 * <ul>
 * <li>{@code hub.cluster.pulls-from}: what the scheduled pull routes' {@code from} starts with; nothing
 * alone, {@code master:hub-pulls:} in cluster mode (camel-master: only the node ZooKeeper elects runs
 * the schedules);</li>
 * <li>{@code hub.cluster.file-read-lock}: {@code changed} alone (as ever), {@code idempotent-changed} in
 * cluster mode (a file is taken by the one node that adds it to the shared JDBC idempotent repository,
 * and only once it has stopped changing);</li>
 * <li>{@code hub.cluster.file-lock-repository}: {@code #hubFileLocks} in cluster mode, absent alone (the
 * routes' optional placeholder then leaves the option out).</li>
 * </ul>
 * Cluster mode without {@code hub.cluster.zookeeper} or a valid {@code hub.cluster.node-id} stops the
 * start with a message saying so.
 */
public class ClusterSwitches implements EnvironmentPostProcessor, Ordered {

    /** A node id: letters, digits, '.', '_' and '-', up to 64. */
    static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** The master namespace of the scheduled pulls: one leader runs all of them. */
    public static final String PULLS_NAMESPACE = "hub-pulls";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        boolean cluster = env.getProperty("hub.cluster.enabled", Boolean.class, false);
        Map<String, Object> switches = new LinkedHashMap<>();
        if (cluster) {
            String zookeeper = env.getProperty("hub.cluster.zookeeper");
            String node = env.getProperty("hub.cluster.node-id");
            if (zookeeper == null || zookeeper.isBlank()) {
                throw new IllegalStateException("hub.cluster.enabled is true but hub.cluster.zookeeper is not set:"
                        + " give the ZooKeeper ensemble as host:port[,host:port] (docs/cluster.md)");
            }
            if (node == null || !NODE_ID.matcher(node).matches()) {
                throw new IllegalStateException("hub.cluster.enabled is true but hub.cluster.node-id is "
                        + (node == null || node.isBlank() ? "not set" : "'" + node + "'") + ": give each node a name"
                        + " unique in the cluster, of letters, digits, '.', '_' and '-' (up to 64)");
            }
            switches.put("hub.cluster.pulls-from", "master:" + PULLS_NAMESPACE + ":");
            switches.put("hub.cluster.file-read-lock", "idempotent-changed");
            switches.put("hub.cluster.file-lock-repository", "#hubFileLocks");
        } else {
            switches.put("hub.cluster.pulls-from", "");
            switches.put("hub.cluster.file-read-lock", "changed");
        }
        env.getPropertySources().addFirst(new MapPropertySource("hubClusterSwitches", switches));
    }

    @Override
    public int getOrder() {
        // after the configuration files and the command line have been read
        return Ordered.LOWEST_PRECEDENCE;
    }
}
