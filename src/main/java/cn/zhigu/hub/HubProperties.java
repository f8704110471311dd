package cn.zhigu.hub;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The hub's own settings (prefix {@code hub}); see config/application.yaml. */
@ConfigurationProperties(prefix = "hub")
public class HubProperties {

    /** Root of inbound/, archive/, rejected/ and the embedded store. */
    private Path dataDir = Path.of("./data");
    /** The street code list with Zhigu membership. */
    private Path streetsFile = Path.of("./config/streets.csv");
    /** A batch whose rejected share is above this fraction is rejected whole. */
    private double rejectThreshold = 0.5;
    /**
     * Longest record, in characters, a reader keeps (a CSV line, a JSON item, an XML transfer element):
     * a longer one rejects its file instead of being buffered, whatever its size.
     */
    private int maxRecordLength = cn.zhigu.hub.feeds.read.RecordReader.DEFAULT_MAX_RECORD;
    /**
     * A tax file commits its rows every this many records, so that memory stays flat whatever the size
     * of the file; its batch still counts whole or not at all (undone from the rows' before-images).
     */
    private int commitRecords = 20_000;
    private List<Target> targets = new ArrayList<>();
    /** Cluster mode: several hubs on one PostgreSQL store and one shared data folder (docs/cluster.md). */
    private Cluster cluster = new Cluster();
    /** Per feed: where and how to pull it, and how old its data may get. */
    private Map<String, FeedSettings> feeds = new LinkedHashMap<>();

    /** {@code hub.feeds.<feed>.*}. Credentials come from configuration or the environment only. */
    public static class FeedSettings {
        private String baseUrl;
        private String token;
        private String username;
        private String password;
        private String jdbcUrl;
        private String schedule;
        private Duration maxAge = Duration.ofDays(2);
        private int pageSize = 100;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(30);
        /** Attempts per request for transient failures (5xx, timeouts, refused connections). */
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofSeconds(1);
        /** A dead agency's circuit stays open this long before the hub tries it again. */
        private Duration circuitOpenFor = Duration.ofMinutes(5);

        public String getBaseUrl() { return baseUrl; }
        public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl; }
        public String getToken() { return token; }
        public void setToken(String token) { this.token = token; }
        public String getUsername() { return username; }
        public void setUsername(String username) { this.username = username; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public String getJdbcUrl() { return jdbcUrl; }
        public void setJdbcUrl(String jdbcUrl) { this.jdbcUrl = jdbcUrl; }
        public String getSchedule() { return schedule; }
        public void setSchedule(String schedule) { this.schedule = schedule; }
        public Duration getMaxAge() { return maxAge; }
        public void setMaxAge(Duration maxAge) { this.maxAge = maxAge; }
        public int getPageSize() { return pageSize; }
        public void setPageSize(int pageSize) { this.pageSize = pageSize; }
        public Duration getConnectTimeout() { return connectTimeout; }
        public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
        public Duration getReadTimeout() { return readTimeout; }
        public void setReadTimeout(Duration readTimeout) { this.readTimeout = readTimeout; }
        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
        public Duration getInitialBackoff() { return initialBackoff; }
        public void setInitialBackoff(Duration initialBackoff) { this.initialBackoff = initialBackoff; }
        public Duration getCircuitOpenFor() { return circuitOpenFor; }
        public void setCircuitOpenFor(Duration circuitOpenFor) { this.circuitOpenFor = circuitOpenFor; }
    }

    /** {@code hub.cluster.*}: off by default; see docs/cluster.md. */
    public static class Cluster {
        private boolean enabled;
        /** ZooKeeper {@code host:port[,host:port]}: elects the node that runs the scheduled pulls. */
        private String zookeeper;
        /** This node's name, unique in the cluster: on its ledger entries, in health and /api/feeds. */
        private String nodeId;
        /**
         * A file's read lock (a row of the shared idempotent repository) is kept alive by its node; one not
         * renewed for this long is an orphan of a dead node, and another node takes the file.
         */
        private Duration fileLockMaxAge = Duration.ofSeconds(20);
        private Duration fileLockKeepAlive = Duration.ofSeconds(4);

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getZookeeper() { return zookeeper; }
        public void setZookeeper(String zookeeper) { this.zookeeper = zookeeper; }
        public String getNodeId() { return nodeId; }
        public void setNodeId(String nodeId) { this.nodeId = nodeId; }
        public Duration getFileLockMaxAge() { return fileLockMaxAge; }
        public void setFileLockMaxAge(Duration fileLockMaxAge) { this.fileLockMaxAge = fileLockMaxAge; }
        public Duration getFileLockKeepAlive() { return fileLockKeepAlive; }
        public void setFileLockKeepAlive(Duration fileLockKeepAlive) { this.fileLockKeepAlive = fileLockKeepAlive; }

        /** This node's id on ledger entries: null when cluster mode is off. */
        public String node() { return enabled ? nodeId : null; }
    }

    public record Target(String code, String area, int year, BigDecimal value) {}

    public Path getDataDir() { return dataDir; }
    public void setDataDir(Path dataDir) { this.dataDir = dataDir; }
    public Path getStreetsFile() { return streetsFile; }
    public void setStreetsFile(Path streetsFile) { this.streetsFile = streetsFile; }
    public double getRejectThreshold() { return rejectThreshold; }
    public void setRejectThreshold(double rejectThreshold) { this.rejectThreshold = rejectThreshold; }
    public int getMaxRecordLength() { return maxRecordLength; }
    public void setMaxRecordLength(int maxRecordLength) { this.maxRecordLength = maxRecordLength; }
    public int getCommitRecords() { return commitRecords; }
    public void setCommitRecords(int commitRecords) { this.commitRecords = commitRecords; }
    public List<Target> getTargets() { return targets; }
    public void setTargets(List<Target> targets) { this.targets = targets; }

    public Cluster getCluster() { return cluster; }
    public void setCluster(Cluster cluster) { this.cluster = cluster; }

    public Map<String, FeedSettings> getFeeds() { return feeds; }
    public void setFeeds(Map<String, FeedSettings> feeds) { this.feeds = feeds; }

    public FeedSettings feed(String feed) {
        return feeds.computeIfAbsent(feed, f -> new FeedSettings());
    }

    public Path inbound(String feed) { return dataDir.resolve("inbound").resolve(feed); }
    public Path archive(String feed) { return dataDir.resolve("archive").resolve(feed); }
    public Path rejected(String feed) { return dataDir.resolve("rejected").resolve(feed); }
}
