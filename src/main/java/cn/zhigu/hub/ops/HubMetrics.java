package cn.zhigu.hub.ops;

import cn.zhigu.hub.feeds.FeedFormats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The hub's own metrics (Micrometer, scraped at /actuator/prometheus): records accepted and rejected
 * per feed and dataset, batch durations as histograms, and each feed's age.
 */
@Component
public class HubMetrics {

    private final MeterRegistry registry;

    public HubMetrics(MeterRegistry registry, Freshness freshness) {
        this.registry = registry;
        for (String feed : FeedFormats.FEEDS) {
            Gauge.builder("hub.feed.age", freshness, f -> {
                        Duration age = f.of(feed).age();
                        return age == null ? Double.NaN : age.toSeconds();
                    })
                    .description("seconds since the feed's last successful sync or file").baseUnit("seconds")
                    .tag("feed", feed).register(registry);
        }
    }

    /** Called once a batch has committed (or been rejected or failed). */
    public void batch(String feed, String dataset, String transport, String status, int accepted, int rejected,
            Duration took) {
        String ds = dataset == null ? "unknown" : dataset;
        Counter.builder("hub.records.accepted").description("records applied to the store").tag("feed", feed)
                .tag("dataset", ds).register(registry).increment(accepted);
        Counter.builder("hub.records.rejected").description("records refused, kept with their reason").tag("feed", feed)
                .tag("dataset", ds).register(registry).increment(rejected);
        Timer.builder("hub.batch.duration").description("time from a batch's start to its end")
                .tag("feed", feed).tag("transport", transport).tag("status", status)
                .register(registry).record(took);
    }
}
