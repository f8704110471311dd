package cn.zhigu.hub.ops;

import cn.zhigu.hub.HubProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** How fresh a feed is: its last successful sync or file, against {@code hub.feeds.<feed>.max-age}. */
@Component
public class Freshness {

    /** A feed's last success and age; {@code lastSuccess} null when it never delivered. */
    public record State(String feed, OffsetDateTime lastSuccess, Duration age, Duration maxAge, boolean fresh) {
        public String label() {
            return fresh ? "OK" : "STALE";
        }
    }

    private final JdbcTemplate jdbc;
    private final HubProperties props;

    public Freshness(JdbcTemplate jdbc, HubProperties props) {
        this.jdbc = jdbc;
        this.props = props;
    }

    public State of(String feed) {
        OffsetDateTime last = jdbc.queryForObject("SELECT MAX(finished_at) FROM batch WHERE feed = ?"
                + " AND status IN ('APPLIED', 'PARTIAL', 'DUPLICATE')", OffsetDateTime.class, feed);
        Duration maxAge = props.feed(feed).getMaxAge();
        Duration age = last == null ? null : Duration.between(last.toInstant(), Instant.now());
        return new State(feed, last, age, maxAge, age != null && age.compareTo(maxAge) <= 0);
    }
}
