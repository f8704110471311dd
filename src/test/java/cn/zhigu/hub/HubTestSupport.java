package cn.zhigu.hub;

import static org.awaitility.Awaitility.await;

import cn.zhigu.hub.normalise.CreditCode;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The whole hub on a temporary data folder and an in-memory HSQLDB store, with fast polling. Test
 * classes extending it share one application context; each test starts from an empty store. Every
 * context polls the same folders and uses the same in-memory store, so a class that needs a context
 * of its own (other properties, a spy) must close it with {@code @DirtiesContext}; and while it runs,
 * the inbound routes of a context still cached are suspended, so that only the hub of the running test
 * takes files ({@link #onlyThisHubPolls}). The demo stand-ins are off; a subclass turns them on with {@code @TestPropertySource(properties =
 * "hub.demo.enabled=true")} (a test property source, not a dynamic one, so that a subclass can override it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "hub.demo.enabled=false")
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
public abstract class HubTestSupport {

    protected static final Path DATA_DIR;
    /** Passwords of the built-in users, made up for this test run. */
    protected static final String OPS_PASSWORD = java.util.UUID.randomUUID().toString();
    protected static final String ANALYST_PASSWORD = java.util.UUID.randomUUID().toString();

    static {
        try {
            DATA_DIR = Files.createTempDirectory("hub-test-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        registry.add("hub.data-dir", DATA_DIR::toString);
        registry.add("spring.datasource.url", () -> "jdbc:hsqldb:mem:hubtest;hsqldb.tx=mvcc");
        registry.add("hub.inbound.read-lock-min-age", () -> "300");
        registry.add("hub.inbound.poll-delay", () -> "200");
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("hub.demo.bootstrap", () -> "false");
        for (String feed : List.of("university", "cas", "tax")) {
            // tests start pulls themselves; the schedules never fire during a run
            registry.add("hub.feeds." + feed + ".schedule", () -> "0 0 0 1 1 ? 2099");
            registry.add("hub.feeds." + feed + ".initial-backoff", () -> "50ms");
            registry.add("hub.feeds." + feed + ".read-timeout", () -> "3s");
        }
        registry.add("HUB_OPS_PASSWORD", () -> OPS_PASSWORD);
        registry.add("HUB_ANALYST_PASSWORD", () -> ANALYST_PASSWORD);
    }

    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    private org.apache.camel.CamelContext camel;

    /** The hub whose inbound routes poll the shared folders now; the Spring test cache keeps others alive. */
    private static org.apache.camel.CamelContext pollingHub;

    /**
     * Only the hub of the running test takes files: the inbound routes of the hub that polled before
     * (a context still in Spring's cache) are suspended, this hub's resumed.
     */
    @BeforeEach
    void onlyThisHubPolls() throws Exception {
        synchronized (HubTestSupport.class) {
            if (pollingHub == camel) {
                return;
            }
            if (pollingHub != null && pollingHub.isStarted()) {
                for (org.apache.camel.Route r : pollingHub.getRoutes()) {
                    if (r.getId().endsWith("-inbound-files")) {
                        pollingHub.getRouteController().suspendRoute(r.getId());
                    }
                }
            }
            for (org.apache.camel.Route r : camel.getRoutes()) {
                if (r.getId().endsWith("-inbound-files")
                        && camel.getRouteController().getRouteStatus(r.getId()).isSuspended()) {
                    camel.getRouteController().resumeRoute(r.getId());
                }
            }
            pollingHub = camel;
        }
    }

    @BeforeEach
    void emptyStore() throws IOException {
        for (String table : List.of("batch_reject", "delivery_seen", "feed_cursor", "indicator_revision", "indicator_value", "tax_cell",
                "tax_return", "tt_contract", "fund_investment", "settlement", "carrier", "batch")) {
            jdbc.update("DELETE FROM " + table);
        }
        for (String dir : List.of("archive", "rejected")) {
            Path p = DATA_DIR.resolve(dir);
            if (Files.exists(p)) {
                try (var walk = Files.walk(p)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).filter(f -> !f.equals(p)).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    /** A valid credit code: the 17 given characters and their GB 32100 check character. */
    protected static String code(String first17) {
        return first17 + CreditCode.checkCharacter(first17);
    }

    /** Drops a file into a feed's inbound folder the way an agency would (written elsewhere, then moved in). */
    protected static Path drop(String feed, String name, String content, Charset charset) throws IOException {
        return drop(feed, name, content.getBytes(charset));
    }

    protected static Path drop(String feed, String name, byte[] content) throws IOException {
        Path inbound = DATA_DIR.resolve("inbound").resolve(feed);
        Files.createDirectories(inbound);
        Path tmp = Files.createTempFile(DATA_DIR, "upload", ".tmp");
        Files.write(tmp, content);
        return Files.move(tmp, inbound.resolve(name));
    }

    /** Waits until the file has left inbound and the ledger has its batch; returns that batch. */
    protected Map<String, Object> awaitBatch(String feed, String name) {
        return awaitBatch(feed, name, Duration.ofSeconds(30));
    }

    protected Map<String, Object> awaitBatch(String feed, String name, Duration atMost) {
        Path inbound = DATA_DIR.resolve("inbound").resolve(feed).resolve(name);
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> !Files.exists(inbound)
                && jdbc.queryForObject("SELECT COUNT(*) FROM batch WHERE feed = ? AND source = ? AND status <> 'RUNNING'",
                        Integer.class, feed, name) > 0);
        return jdbc.queryForMap("SELECT * FROM batch WHERE feed = ? AND source = ? ORDER BY id DESC FETCH FIRST 1 ROWS ONLY",
                feed, name);
    }

    protected static Path archived(String feed, String name) {
        return DATA_DIR.resolve("archive").resolve(feed).resolve(name);
    }

    protected static Path rejected(String feed, String name) {
        return DATA_DIR.resolve("rejected").resolve(feed).resolve(name);
    }

    /** The published value of an indicator, or null when there is none. */
    protected java.math.BigDecimal indicator(String code, String period, String area, String industry) {
        List<java.math.BigDecimal> v = jdbc.queryForList("SELECT val FROM indicator_value WHERE code = ? AND period = ?"
                + " AND area = ? AND industry = ?", java.math.BigDecimal.class, code, period, area, industry);
        return v.isEmpty() ? null : v.get(0);
    }
}
