package cn.zhigu.hub.feeds;

import cn.zhigu.hub.HubProperties;
import cn.zhigu.hub.feeds.IngestService.Outcome;
import cn.zhigu.hub.store.BatchLedger.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Called by the inbound file routes: applies the file and tells the file consumer where to move it
 * (archive/ when applied wholly or in part or already seen; rejected/ with a reason file when
 * rejected whole). The move itself is the file component's, done after the batch has committed.
 */
@Component("inboundFiles")
public class InboundFiles {

    /** Exchange property the routes' {@code move} option reads. */
    public static final String TARGET = "hubTarget";

    private final IngestService ingest;
    private final HubProperties props;

    public InboundFiles(IngestService ingest, HubProperties props) {
        this.ingest = ingest;
        this.props = props;
    }

    public Outcome apply(Exchange exchange) throws IOException {
        String feed = exchange.getMessage().getHeader("hubFeed", String.class);
        Path file = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class)).toAbsolutePath();
        Outcome outcome = ingest.ingestFile(feed, file);
        boolean rejected = outcome.status() == Status.REJECTED || outcome.status() == Status.FAILED;
        Path dir = (rejected ? props.rejected(feed) : props.archive(feed)).toAbsolutePath();
        Files.createDirectories(dir);
        Path target = freeName(dir, file.getFileName().toString());
        if (rejected) {
            Files.writeString(dir.resolve(target.getFileName() + ".reason.txt"), reasonText(feed, file, outcome),
                    StandardCharsets.UTF_8);
        }
        exchange.setProperty(TARGET, target.toString());
        exchange.getMessage().setBody(outcome);
        return outcome;
    }

    /** The name itself, or name.1, name.2 … when an earlier delivery of the same name is already there. */
    static Path freeName(Path dir, String name) {
        Path p = dir.resolve(name);
        for (int i = 1; Files.exists(p) || Files.exists(dir.resolve(p.getFileName() + ".reason.txt")); i++) {
            int dot = name.lastIndexOf('.');
            p = dir.resolve(dot > 0 ? name.substring(0, dot) + "." + i + name.substring(dot) : name + "." + i);
        }
        return p;
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
