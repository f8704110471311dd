package cn.zhigu.hub.feeds;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files that wait in an inbound folder because the hub cannot take or move them now (their archive
 * or rejected folder cannot take them: a full disk, a folder made read-only), with why and since when:
 * what the ops console and {@code /api/feeds} show. A file that waits is logged once at ERROR, again at
 * WARN every {@link #REMINDER} while it still waits, and once at INFO when it is taken at last; the polls
 * in between log nothing above DEBUG.
 */
public final class InboundWaits {

    /** A file waiting in inbound/{@code feed}/. */
    public record Waiting(String feed, String file, String reason, OffsetDateTime since, OffsetDateTime lastTry) {}

    /** The exception that fails the exchange of a file that waits, so that the file stays where it is. */
    public static final class FileWaits extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        FileWaits(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final Duration REMINDER = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(InboundFiles.class);

    private record Entry(Waiting waiting, Instant lastLogged) {}

    private final Map<Path, Entry> waiting = new ConcurrentHashMap<>();
    private final Clock clock;

    InboundWaits(Clock clock) {
        this.clock = clock;
    }

    /** The file waits for that reason: remembered, logged as the rule above says, and thrown. */
    FileWaits waits(String feed, Path file, String reason, Throwable cause) {
        Instant now = clock.instant();
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneId.systemDefault());
        Entry before = waiting.get(file);
        boolean same = before != null && before.waiting().reason().equals(reason);
        Waiting w = new Waiting(feed, file.getFileName().toString(), reason, same ? before.waiting().since() : at, at);
        if (!same) {
            log.error(reason);
            waiting.put(file, new Entry(w, now));
        } else if (Duration.between(before.lastLogged(), now).compareTo(REMINDER) >= 0) {
            log.warn("still waiting since {}: {}", w.since(), reason);
            waiting.put(file, new Entry(w, now));
        } else {
            log.debug(reason);
            waiting.put(file, new Entry(w, before.lastLogged()));
        }
        return new FileWaits(reason, cause);
    }

    /** The file was taken (or moved): it waits no more. */
    void taken(Path file) {
        Entry e = waiting.remove(file);
        if (e != null) {
            log.info("{} file {} is taken after waiting since {}", e.waiting().feed(), e.waiting().file(), e.waiting().since());
        }
    }

    /** The files of the feed that wait now, oldest first (a file since removed from inbound/ waits no more). */
    public List<Waiting> of(String feed) {
        waiting.keySet().removeIf(p -> !Files.exists(p, LinkOption.NOFOLLOW_LINKS));
        return waiting.values().stream().map(Entry::waiting).filter(w -> w.feed().equals(feed))
                .sorted(Comparator.comparing(Waiting::since).thenComparing(Waiting::file)).toList();
    }
}
