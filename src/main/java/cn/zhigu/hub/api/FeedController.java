package cn.zhigu.hub.api;

import cn.zhigu.hub.HubProperties;
import cn.zhigu.hub.HubProperties.FeedSettings;
import cn.zhigu.hub.cluster.ClusterLeadership;
import cn.zhigu.hub.feeds.FeedFormats;
import cn.zhigu.hub.feeds.InboundFiles;
import cn.zhigu.hub.feeds.Pulls;
import cn.zhigu.hub.ops.Freshness;
import java.text.ParseException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.quartz.CronExpression;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Per feed: last success, freshness, cursors, next run, circuit and routes; and "sync now". */
@RestController
@RequestMapping({"/api/feeds", UiApi.PATH + "/feeds"})
public class FeedController {

    private final JdbcTemplate jdbc;
    private final HubProperties props;
    private final Pulls pulls;
    private final CamelContext camel;
    private final Freshness freshness;
    private final InboundFiles inbound;
    /** In cluster mode only. */
    private final ClusterLeadership cluster;

    public FeedController(JdbcTemplate jdbc, HubProperties props, Pulls pulls, CamelContext camel,
            Freshness freshness, InboundFiles inbound, ObjectProvider<ClusterLeadership> cluster) {
        this.jdbc = jdbc;
        this.props = props;
        this.pulls = pulls;
        this.camel = camel;
        this.freshness = freshness;
        this.inbound = inbound;
        this.cluster = cluster.getIfAvailable();
    }

    @GetMapping
    public List<Map<String, Object>> feeds() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String feed : FeedFormats.FEEDS) {
            out.add(feed(feed));
        }
        return out;
    }

    @GetMapping("/{feed}")
    public Map<String, Object> one(@PathVariable String feed) {
        known(feed);
        return feed(feed);
    }

    @PostMapping("/{feed}/sync")
    public ResponseEntity<Map<String, Object>> sync(@PathVariable String feed) {
        known(feed);
        if (!Pulls.PULLED.contains(feed)) {
            throw ApiException.badRequest(feed + " has no pull: its ledgers arrive as files in inbound/" + feed);
        }
        if (!pulls.trigger(feed)) {
            throw new ApiException(HttpStatus.CONFLICT, "a sync of " + feed + " is already running");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("feed", feed);
        body.put("message", "sync of " + feed + " started; GET /api/feeds/" + feed + " shows its progress");
        return ResponseEntity.accepted().body(body);
    }

    private static void known(String feed) {
        if (!FeedFormats.FEEDS.contains(feed)) {
            throw ApiException.notFound("unknown feed '" + feed + "'; feeds are " + FeedFormats.FEEDS);
        }
    }

    private Map<String, Object> feed(String feed) {
        FeedSettings s = props.feed(feed);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("feed", feed);
        Freshness.State fresh = freshness.of(feed);
        m.put("lastSuccessAt", fresh.lastSuccess());
        m.put("ageSeconds", fresh.age() == null ? null : fresh.age().toSeconds());
        m.put("maxAge", fresh.maxAge().toString());
        m.put("freshness", fresh.label());
        m.put("lastBatch", jdbc.query("SELECT id, transport, status, finished_at, reason FROM batch WHERE feed = ?"
                + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY", (rs, i) -> {
                    Map<String, Object> b = new LinkedHashMap<>();
                    b.put("id", rs.getLong(1));
                    b.put("transport", rs.getString(2));
                    b.put("status", rs.getString(3));
                    b.put("finishedAt", rs.getObject(4, OffsetDateTime.class));
                    b.put("reason", rs.getString(5));
                    return b;
                }, feed).stream().findFirst().orElse(null));
        Map<String, Object> cursors = new LinkedHashMap<>();
        jdbc.query("SELECT dataset, position, moved_at FROM feed_cursor WHERE feed = ? ORDER BY dataset", rs -> {
            cursors.put(rs.getString(1), Map.of("position", rs.getString(2),
                    "movedAt", rs.getObject(3, OffsetDateTime.class)));
        }, feed);
        m.put("cursors", cursors);
        // files in inbound/ the hub cannot take or move now, and why (a full disk, a read-only folder)
        m.put("waiting", inbound.waiting(feed));
        if (Pulls.PULLED.contains(feed)) {
            m.put("schedule", s.getSchedule());
            m.put("nextRunAt", nextRun(s.getSchedule()));
            m.put("syncRunning", pulls.isRunning(feed));
            m.put("circuit", pulls.breaker(feed).getState().name());
        }
        List<Map<String, Object>> routes = new ArrayList<>();
        for (String id : List.of(feed + "-inbound-files", feed + "-pull")) {
            if (camel.getRoute(id) != null) {
                ServiceStatus st = camel.getRouteController().getRouteStatus(id);
                routes.add(Map.of("id", id, "status", st == null ? "UNKNOWN" : st.name()));
            }
        }
        m.put("routes", routes);
        if (cluster != null) {
            // cluster mode: which node answers, and which one runs the scheduled pulls
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("node", cluster.node());
            c.put("leader", cluster.leader().orElse(null));
            c.put("schedulesRunHere", cluster.leads());
            c.put("members", cluster.members());
            m.put("cluster", c);
        }
        return m;
    }

    /**
     * The next time the pull's Quartz cron fires, read by Quartz itself as the scheduler reads it (seconds
     * to an optional year, 1 = Sunday); null when there is none or it never fires again.
     */
    static ZonedDateTime nextRun(String cron) {
        if (cron == null || cron.isBlank()) {
            return null;
        }
        try {
            CronExpression quartz = new CronExpression(cron);
            quartz.setTimeZone(TimeZone.getDefault());
            Date next = quartz.getNextValidTimeAfter(new Date());
            return next == null ? null : next.toInstant().atZone(ZoneId.systemDefault());
        } catch (ParseException e) {
            return null;
        }
    }
}
