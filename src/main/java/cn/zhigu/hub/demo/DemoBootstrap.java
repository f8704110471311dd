package cn.zhigu.hub.demo;

import cn.zhigu.hub.HubProperties;
import cn.zhigu.hub.feeds.Pulls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * So that a fresh checkout shows every feed working within a minute: once the hub is up, the street
 * offices' sample ledgers are dropped into inbound/street (only while the store has no street batch)
 * and the three pulls run once against the stand-ins, without waiting for their schedules.
 */
@Component
@ConditionalOnProperty(name = {"hub.demo.enabled", "hub.demo.bootstrap"}, havingValue = "true", matchIfMissing = false)
public class DemoBootstrap {

    private static final Logger log = LoggerFactory.getLogger(DemoBootstrap.class);

    private final HubProperties props;
    private final Pulls pulls;
    private final JdbcTemplate jdbc;
    private final Path samples;

    public DemoBootstrap(HubProperties props, Pulls pulls, JdbcTemplate jdbc,
            @Value("${hub.demo.sample-feeds:./sample-feeds}") Path samples) {
        this.props = props;
        this.pulls = pulls;
        this.jdbc = jdbc;
        this.samples = samples;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() throws IOException {
        Integer streetBatches = jdbc.queryForObject("SELECT COUNT(*) FROM batch WHERE feed = 'street'", Integer.class);
        Path from = samples.resolve("street");
        if (streetBatches != null && streetBatches == 0 && Files.isDirectory(from)) {
            Path inbound = props.inbound("street");
            Files.createDirectories(inbound);
            try (Stream<Path> files = Files.list(from)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Path tmp = inbound.resolve("." + f.getFileName() + ".tmp");
                    Files.copy(f, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, inbound.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            log.info("demo: dropped the sample street ledgers into {}", inbound);
        }
        for (String feed : Pulls.PULLED) {
            pulls.trigger(feed);
        }
        log.info("demo: first syncs of {} started against the stand-ins", Pulls.PULLED);
    }
}
