package cn.zhigu.hub.feeds;

import cn.zhigu.hub.HubProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Puts a file rejected whole back into its inbound folder once the agency has fixed it (in rejected/),
 * so that the inbound route takes it again as a new batch. The file is found by its reason file, which
 * names the batch ({@code batch: N}), since a second rejected delivery of one name is kept as name.1.
 */
@Component
public class Requeue {

    private static final Logger log = LoggerFactory.getLogger(Requeue.class);
    private static final String REASON = ".reason.txt";

    public enum Result { REQUEUED, GONE, TAKEN }

    private final HubProperties props;

    public Requeue(HubProperties props) {
        this.props = props;
    }

    /**
     * Moves the file of this batch from rejected/feed/ to inbound/feed/source: first to a hidden
     * temporary name (never taken by the route), then renamed, so the route never sees half a file.
     * The reason file is deleted (the ledger keeps the batch and its reason).
     *
     * @return GONE when the file is no longer in rejected/, TAKEN when inbound already has a file of that name
     */
    public synchronized Result requeue(String feed, long batchId, String source, String by) {
        Optional<Path> found = rejectedFile(feed, batchId);
        if (found.isEmpty()) {
            return Result.GONE;
        }
        Path file = found.get();
        Path inbound = props.inbound(feed);
        Path target = inbound.resolve(source);
        if (Files.exists(target)) {
            return Result.TAKEN;
        }
        Path tmp = inbound.resolve("." + source + ".tmp");
        try {
            Files.createDirectories(inbound);
            Files.move(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(tmp, target);  // no REPLACE_EXISTING: fails rather than overwrite a newer delivery
            } catch (FileAlreadyExistsException e) {
                Files.move(tmp, file);
                return Result.TAKEN;
            }
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + REASON));
        } catch (NoSuchFileException e) {
            return Result.GONE;  // moved away meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.info("{} re-queued {} (rejected as batch {}) into inbound/{}", by, file.getFileName(), batchId, feed);
        return Result.REQUEUED;
    }

    /** The file in rejected/feed/ whose reason file names this batch. */
    Optional<Path> rejectedFile(String feed, long batchId) {
        Path dir = props.rejected(feed);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        String line = "batch: " + batchId;
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(REASON))
                    .filter(p -> names(p, line))
                    .map(p -> p.resolveSibling(p.getFileName().toString().substring(0,
                            p.getFileName().toString().length() - REASON.length())))
                    .filter(Files::isRegularFile)
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean names(Path reasonFile, String line) {
        try (Stream<String> lines = Files.lines(reasonFile, StandardCharsets.UTF_8)) {
            return lines.anyMatch(line::equals);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }
}
