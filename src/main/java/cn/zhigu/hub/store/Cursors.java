package cn.zhigu.hub.store;

import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Sync cursors of the pulled datasets. Writes join the caller's transaction. */
@Repository
public class Cursors {

    private final JdbcTemplate jdbc;

    public Cursors(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> get(String feed, String dataset) {
        return jdbc.queryForList("SELECT position FROM feed_cursor WHERE feed = ? AND dataset = ?", String.class,
                feed, dataset).stream().findFirst();
    }

    public void save(String feed, String dataset, String position, long batchId) {
        int n = jdbc.update("UPDATE feed_cursor SET position = ?, batch_id = ?, moved_at = ? WHERE feed = ? AND dataset = ?",
                position, batchId, Sql.timestamp(Instant.now()), feed, dataset);
        if (n == 0) {
            jdbc.update("INSERT INTO feed_cursor (feed, dataset, position, batch_id, moved_at) VALUES (?, ?, ?, ?, ?)",
                    feed, dataset, position, batchId, Sql.timestamp(Instant.now()));
        }
    }
}
