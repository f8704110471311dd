package cn.zhigu.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** What the routes read in each mode, and a cluster start refused with the missing setting named. */
class ClusterSwitchesTest {

    private static StandardEnvironment environment(String... keyValues) {
        StandardEnvironment env = new StandardEnvironment();
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        env.getPropertySources().addFirst(new MapPropertySource("given", m));
        new ClusterSwitches().postProcessEnvironment(env, null);
        return env;
    }

    @Test
    void aloneTheRoutesReadTodaysValuesAndNoRepository() {
        StandardEnvironment env = environment();
        assertThat(env.getProperty("hub.cluster.pulls-from")).isEmpty();
        assertThat(env.getProperty("hub.cluster.file-read-lock")).isEqualTo("changed");
        assertThat(env.containsProperty("hub.cluster.file-lock-repository")).isFalse();
    }

    @Test
    void inClusterModeThePullsAreMasterRoutesAndFilesLockInTheStore() {
        StandardEnvironment env = environment("hub.cluster.enabled", "true", "hub.cluster.zookeeper", "zk1:2181,zk2:2181",
                "hub.cluster.node-id", "hub-a");
        assertThat(env.getProperty("hub.cluster.pulls-from")).isEqualTo("master:hub-pulls:");
        assertThat(env.getProperty("hub.cluster.file-read-lock")).isEqualTo("idempotent-changed");
        assertThat(env.getProperty("hub.cluster.file-lock-repository")).isEqualTo("#hubFileLocks");
    }

    @Test
    void clusterModeWithoutZookeeperOrAValidNodeIdDoesNotStart() {
        assertThatThrownBy(() -> environment("hub.cluster.enabled", "true", "hub.cluster.node-id", "hub-a"))
                .hasMessageContaining("hub.cluster.zookeeper is not set");
        assertThatThrownBy(() -> environment("hub.cluster.enabled", "true", "hub.cluster.zookeeper", "zk:2181"))
                .hasMessageContaining("hub.cluster.node-id is not set");
        assertThatThrownBy(() -> environment("hub.cluster.enabled", "true", "hub.cluster.zookeeper", "zk:2181",
                "hub.cluster.node-id", "hub a'; DROP")).hasMessageContaining("'hub a'; DROP'");
    }
}
