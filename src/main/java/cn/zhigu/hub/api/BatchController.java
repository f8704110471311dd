package cn.zhigu.hub.api;

import cn.zhigu.hub.feeds.FeedFormats;
import cn.zhigu.hub.feeds.IngestService;
import cn.zhigu.hub.feeds.Requeue;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The batch ledger, each batch's rejected records, and the re-queue of a file rejected whole. */
@RestController
@RequestMapping({"/api/batches", UiApi.PATH + "/batches"})
public class BatchController {

    static final int MAX_LIMIT = 1000;

    public record Batch(long id, String feed, String dataset, String transport, String source,
            OffsetDateTime receivedAt, OffsetDateTime finishedAt, String status, int recordsRead, int accepted,
            int rejected, String reason) {}

    public record Reject(int seq, String position, String rawText, String reason) {}

    private final JdbcTemplate jdbc;
    private final IngestService ingest;
    private final Requeue requeue;

    public BatchController(JdbcTemplate jdbc, IngestService ingest, Requeue requeue) {
        this.jdbc = jdbc;
        this.ingest = ingest;
        this.requeue = requeue;
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
        String sql = SELECT + (feed == null ? "" : " WHERE feed = ?") + " ORDER BY id DESC FETCH FIRST ? ROWS ONLY";
        Object[] args = feed == null ? new Object[] {limit} : new Object[] {feed, limit};
        return jdbc.query(sql, BatchController::batch, args);
    }

    private static final String SELECT = "SELECT id, feed, dataset, transport, source, received_at, finished_at,"
            + " status, records_read, records_accepted, records_rejected, reason FROM batch";

    private static Batch batch(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new Batch(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class), rs.getString(8),
                rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getString(12));
    }

    @GetMapping("/{id}")
    public Batch one(@PathVariable long id) {
        return jdbc.query(SELECT + " WHERE id = ?", BatchController::batch, id).stream().findFirst()
                .orElseThrow(() -> ApiException.notFound("no batch " + id));
    }

    /**
     * Puts the file of a batch rejected whole (REJECTED or FAILED) back into inbound/, where it is taken
     * again as a new batch: 202; 404 when the file is no longer in rejected/; 409 when inbound/ already
     * holds a file of that name, or the batch is not a rejected file.
     */
    @PostMapping("/{id}/requeue")
    public ResponseEntity<Map<String, Object>> requeue(@PathVariable long id, Principal user) {
        Batch b = one(id);
        if (!b.transport().equals("FILE")) {
            throw new ApiException(HttpStatus.CONFLICT, "batch " + id + " is a " + b.transport()
                    + " pull, not a file: start the pull again with POST /api/feeds/" + b.feed() + "/sync");
        }
        if (!b.status().equals("REJECTED") && !b.status().equals("FAILED")) {
            throw new ApiException(HttpStatus.CONFLICT, "batch " + id + " is " + b.status()
                    + "; only a file rejected whole (REJECTED or FAILED) can be re-queued");
        }
        switch (requeue.requeue(b.feed(), id, b.source(), user == null ? "someone" : user.getName())) {
            case GONE -> throw ApiException.notFound("the file of batch " + id + " (" + b.source()
                    + ") is no longer in rejected/" + b.feed() + "/");
            case TAKEN -> throw new ApiException(HttpStatus.CONFLICT, "inbound/" + b.feed() + "/ already holds a file "
                    + b.source() + "; wait until it is taken, then re-queue again");
            case REQUEUED -> { }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("batch", id);
        body.put("feed", b.feed());
        body.put("source", b.source());
        body.put("message", b.source() + " is back in inbound/" + b.feed() + "/ and will be taken as a new batch");
        return ResponseEntity.accepted().body(body);
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

    /**
     * A batch's refused records as a spreadsheet file (UTF-8 with BOM), for the agency that fixes its
     * delivery: its raw text as delivered, each text cell neutralised where a spreadsheet would take it
     * for a formula.
     */
    @GetMapping("/{id}/rejects.csv")
    public ResponseEntity<byte[]> rejectsCsv(@PathVariable long id) {
        Batch b = one(id);
        StringBuilder csv = new StringBuilder("\uFEFF");
        csv.append("batch,feed,source,seq,position,reason,raw_text\r\n");
        for (Reject r : rejects(id)) {
            csv.append(String.join(",", String.valueOf(id), CsvCells.text(b.feed()), CsvCells.text(b.source()),
                    String.valueOf(r.seq()), CsvCells.text(r.position()), CsvCells.text(r.reason()),
                    CsvCells.text(r.rawText()))).append("\r\n");
        }
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"batch-" + id + "-rejects.csv\"")
                .body(csv.toString().getBytes(StandardCharsets.UTF_8));
    }
}
