package cn.zhigu.hub.api;

import cn.zhigu.hub.feeds.FeedFormats;
import cn.zhigu.hub.feeds.IngestService;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The batch ledger and each batch's rejected records. */
@RestController
@RequestMapping("/api/batches")
public class BatchController {

    static final int MAX_LIMIT = 1000;

    public record Batch(long id, String feed, String dataset, String transport, String source,
            OffsetDateTime receivedAt, OffsetDateTime finishedAt, String status, int recordsRead, int accepted,
            int rejected, String reason) {}

    public record Reject(int seq, String position, String rawText, String reason) {}

    private final JdbcTemplate jdbc;
    private final IngestService ingest;

    public BatchController(JdbcTemplate jdbc, IngestService ingest) {
        this.jdbc = jdbc;
        this.ingest = ingest;
    }

    @GetMapping
    public List<Batch> batches(@RequestParam(required = false) String feed,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        if (feed != null && !FeedFormats.FEEDS.contains(feed)) {
            throw ApiException.badRequest("unknown feed '" + feed + "'; feeds are " + FeedFormats.FEEDS);
        }
        String sql = "SELECT id, feed, dataset, transport, source, received_at, finished_at, status, records_read,"
                + " records_accepted, records_rejected, reason FROM batch"
                + (feed == null ? "" : " WHERE feed = ?") + " ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY";
        Object[] args = feed == null ? new Object[0] : new Object[] {feed};
        return jdbc.query(sql, (rs, i) -> new Batch(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class),
                rs.getString(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getString(12)), args);
    }

    /** Batches being applied right now, with the records read so far. */
    @GetMapping("/running")
    public List<IngestService.Running> running() {
        return ingest.running();
    }

    @GetMapping("/{id}/rejects")
    public List<Reject> rejects(@PathVariable long id) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM batch WHERE id = ?", Integer.class, id);
        if (n == null || n == 0) {
            throw ApiException.notFound("no batch " + id);
        }
        return jdbc.query("SELECT seq, position, raw_text, reason FROM batch_reject WHERE batch_id = ? ORDER BY seq",
                (rs, i) -> new Reject(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)), id);
    }
}
