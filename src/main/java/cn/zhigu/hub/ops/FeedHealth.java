package cn.zhigu.hub.ops;

import cn.zhigu.hub.feeds.FeedFormats;
import cn.zhigu.hub.feeds.InboundFiles;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One health contributor per feed under {@code feeds}: UP while fresh, DOWN (freshness STALE, with
 * the age) once its last success is older than {@code hub.feeds.<feed>.max-age} or it never delivered.
 * Not part of the liveness group: stale data is no reason to restart the hub.
 */
@Configuration(proxyBeanMethods = false)
public class FeedHealth {

    @Bean
    CompositeHealthContributor feeds(Freshness freshness, InboundFiles inbound) {
        Map<String, HealthContributor> perFeed = new LinkedHashMap<>();
        for (String feed : FeedFormats.FEEDS) {
            perFeed.put(feed, (HealthIndicator) () -> {
                Freshness.State s = freshness.of(feed);
                Health.Builder h = s.fresh() ? Health.up() : Health.down();
                h.withDetail("freshness", s.label()).withDetail("maxAge", s.maxAge().toString());
                if (s.lastSuccess() == null) {
                    h.withDetail("lastSuccess", "never");
                } else {
                    h.withDetail("lastSuccess", s.lastSuccess().toString()).withDetail("ageSeconds", s.age().toSeconds());
                }
                var waiting = inbound.waiting(feed);
                if (!waiting.isEmpty()) {  // files the hub cannot take or move now: see /api/feeds
                    h.withDetail("waitingFiles", waiting.size());
                }
                return h.build();
            });
        }
        return CompositeHealthContributor.fromMap(perFeed);
    }
}
