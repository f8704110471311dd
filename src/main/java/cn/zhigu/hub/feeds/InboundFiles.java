package cn.zhigu.hub.feeds;

import cn.zhigu.hub.HubProperties;
import cn.zhigu.hub.feeds.IngestService.Outcome;
import cn.zhigu.hub.store.BatchLedger.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Called by the inbound file routes: applies the file and tells the file consumer where to move it
 * (archive/ when applied wholly or in part or already seen; rejected/ with a reason file when
 * rejected whole). The move itself is the file component's, done after the batch has committed.
 */
@Component("inboundFiles")
public class InboundFiles implements org.apache.camel.component.file.GenericFileFilter<Object> {

    /** Exchange property the routes' {@code move} option reads. */
    public static final String TARGET = "hubTarget";

    private final IngestService ingest;
    private final HubProperties props;
    private final InboundWaits waits = new InboundWaits(java.time.Clock.systemDefaultZone());

    public InboundFiles(IngestService ingest, HubProperties props) {
        this.ingest = ingest;
        this.props = props;
    }

    /**
     * The inbound routes' file filter: a file whose archive or rejected folder cannot take it now is left
     * where it is for this poll, without an exchange (so without a batch, a rollback or a log line at
     * every poll); it is remembered as waiting, and logged once.
     */
    @Override
    public boolean accept(org.apache.camel.component.file.GenericFile<Object> candidate) {
        if (candidate.isDirectory()) {
            return true;
        }
        Path file = Path.of(candidate.getAbsoluteFilePath()).toAbsolutePath();
        String feed = file.getParent().getFileName().toString();
        if (!FeedFormats.FEEDS.contains(feed)) {
            return true;
        }
        try {
            requireUsable(feed, file, props.archive(feed));
            requireUsable(feed, file, props.rejected(feed));
            return true;
        } catch (InboundWaits.FileWaits e) {  // remembered and logged by InboundWaits
            return false;
        }
    }

    /** The files of the feed that wait in its inbound folder now, and why. */
    public java.util.List<InboundWaits.Waiting> waiting(String feed) {
        return waits.of(feed);
    }

    public Outcome apply(Exchange exchange) {
        String feed = exchange.getMessage().getHeader("hubFeed", String.class);
        Path file = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class)).toAbsolutePath();
        // the route's filter ({@link #accept}) took the file only if both folders it may move to could take it
        waits.taken(file);
        Outcome outcome = Files.isSymbolicLink(file)
                ? ingest.refuseFile(feed, file, "a symbolic link: the hub reads only regular files delivered into"
                        + " inbound/" + feed + "/ and never follows a link; the link (not what it points to) is moved"
                        + " to rejected/" + feed + "/")
                : ingest.ingestFile(feed, file);
        boolean rejected = outcome.status() == Status.REJECTED || outcome.status() == Status.FAILED;
        Path dir = (rejected ? props.rejected(feed) : props.archive(feed)).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            requireRoom(file, dir);
            Path target = freeName(dir, file.getFileName().toString());
            if (rejected) {
                Files.writeString(dir.resolve(target.getFileName() + REASON), reasonText(feed, file, outcome),
                        StandardCharsets.UTF_8);
            }
            exchange.setProperty(TARGET, target.toString());
        } catch (IOException | RuntimeException e) {
            // The batch has committed; the file stays in inbound/ and is taken again later: a batch applied
            // is then a DUPLICATE of itself (applied once), a rejected one is rejected again.
            String message = feed + " file " + file.getFileName() + ": batch " + outcome.batchId() + " is "
                    + outcome.status() + ", but the file cannot be moved to " + dir + " (" + e
                    + "); it stays in inbound/" + feed + "/ and is taken again until it can be moved (disk full?)";
            throw waits.waits(feed, file, message, e);
        }
        exchange.getMessage().setBody(outcome);
        return outcome;
    }

    /**
     * A file is taken only when both folders it may move to can take it: otherwise (a full disk, a folder
     * made read-only) it stays in inbound/, nothing of it is applied and no ledger entry is written until
     * they can; {@link InboundWaits} says why, once.
     */
    private void requireUsable(String feed, Path file, Path dir) {
        try {
            Files.createDirectories(dir);
            if (!Files.isWritable(dir)) {
                throw new IOException("not writable");
            }
            requireRoom(file, dir);
        } catch (IOException | RuntimeException e) {
            throw waits.waits(feed, file, feed + " file " + file.getFileName() + " is not taken: " + dir.toAbsolutePath()
                    + " cannot take files (" + e + "); it stays in inbound/" + feed + "/ until it can (disk full?)", e);
        }
    }

    /** Room kept beyond the file itself on the disk it moves to: the reason file and the file system's own. */
    static final long ROOM_BEYOND_THE_FILE = 1024 * 1024;

    /**
     * The folder's disk must have room: for the file itself when it is another disk than inbound/'s (a
     * move there copies the file; within one disk a move is a rename), and {@link #ROOM_BEYOND_THE_FILE}
     * in any case (the reason file beside a rejected file). A copy cut short by a full disk leaves nothing
     * behind and the file in inbound/; this keeps the hub from taking the file again and again meanwhile.
     */
    static void requireRoom(Path file, Path dir) throws IOException {
        java.nio.file.FileStore there = Files.getFileStore(dir);
        boolean copied = !there.equals(Files.getFileStore(file.getParent()));
        long size = copied ? Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).size() : 0;
        long free = there.getUsableSpace();
        if (free < size + ROOM_BEYOND_THE_FILE) {
            throw new IOException("its disk has " + free + " bytes free, "
                    + (copied ? "the file needs " + size + " and " : "") + ROOM_BEYOND_THE_FILE + " more are kept");
        }
    }

    private static final String REASON = ".reason.txt";
    /** Longest file name most file systems (ext4, xfs, btrfs, tmpfs) allow, in bytes. */
    static final int MAX_NAME_BYTES = 255;
    /** Room kept for a numbering (".12") and the reason file's suffix beside a moved file. */
    static final int NAME_ROOM = 4 + REASON.length();

    /**
     * The name itself, or name.1, name.2 … when an earlier delivery of the same name is already there;
     * a name too long to take a number and the reason file's suffix is shortened first ({@link #fit}).
     */
    static Path freeName(Path dir, String name) {
        String fitted = fit(name, MAX_NAME_BYTES - NAME_ROOM);
        Path p = dir.resolve(fitted);
        for (int i = 1; Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.exists(dir.resolve(p.getFileName() + REASON),
                LinkOption.NOFOLLOW_LINKS); i++) {
            int dot = fitted.lastIndexOf('.');
            p = dir.resolve(dot > 0 ? fitted.substring(0, dot) + "." + i + fitted.substring(dot) : fitted + "." + i);
        }
        return p;
    }

    /**
     * The name if its UTF-8 form has at most {@code maxBytes} bytes; otherwise its beginning (whole
     * characters), "…" and its extension, within {@code maxBytes}. The ledger and the reason file keep the
     * full name.
     */
    static String fit(String name, int maxBytes) {
        if (utf8Length(name) <= maxBytes) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 && utf8Length(name.substring(dot)) <= 16 ? name.substring(dot) : "";
        String mark = "…";
        int budget = maxBytes - utf8Length(ext) - utf8Length(mark);
        StringBuilder stem = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < name.length() - ext.length(); ) {
            int cp = name.codePointAt(i);
            int n = utf8Length(new String(Character.toChars(cp)));
            if (bytes + n > budget) {
                break;
            }
            stem.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return stem + mark + ext;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String reasonText(String feed, Path file, Outcome o) {
        return "file: " + file.getFileName() + "\n"
                + "feed: " + feed + "\n"
                + "batch: " + o.batchId() + "\n"
                + "status: " + o.status() + "\n"
                + "records read: " + o.read() + ", rejected: " + o.rejected() + "\n"
                + "reason: " + o.reason() + "\n";
    }
}
