package cn.zhigu.hub.feeds.cas;

import cn.zhigu.hub.HubProperties;
import cn.zhigu.hub.HubProperties.FeedSettings;
import cn.zhigu.hub.demo.DemoEndpoints;
import cn.zhigu.hub.feeds.AgencyHttp;
import cn.zhigu.hub.feeds.IngestService;
import cn.zhigu.hub.feeds.PullFailure;
import cn.zhigu.hub.feeds.IngestService.Outcome;
import cn.zhigu.hub.feeds.TransferContract;
import cn.zhigu.hub.feeds.read.XmlTransferReader;
import cn.zhigu.hub.store.Cursors;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * F2 pull: {@code /feeds/transfers.xml?since=cursor} with HTTP Basic, parsed by the hardened
 * streaming reader (no DTD, no external entities); the document applies in one transaction with the
 * cursor moved to the highest {@code updated} applied.
 */
@Component
public class CasPull {

    public static final String FEED = "cas";

    private final HubProperties props;
    private final AgencyHttp http;
    private final IngestService ingest;
    private final Cursors cursors;
    private final ObjectProvider<DemoEndpoints> demo;
    private final CasTransfers dataset = new CasTransfers();
    private final XmlTransferReader reader;

    public CasPull(HubProperties props, AgencyHttp http, IngestService ingest, Cursors cursors,
            ObjectProvider<DemoEndpoints> demo) {
        this.props = props;
        this.http = http;
        this.ingest = ingest;
        this.cursors = cursors;
        this.demo = demo;
        this.reader = new XmlTransferReader(props.getMaxRecordLength());
    }

    public Outcome sync() {
        FeedSettings s = props.feed(FEED);
        boolean useDemo = s.getBaseUrl() == null || s.getBaseUrl().isBlank();
        String base = useDemo ? demo().casBaseUrl() : s.getBaseUrl();
        String user = useDemo ? demo().casUsername() : s.getUsername();
        String password = useDemo ? demo().casPassword() : s.getPassword();
        String endpoint = base.replaceAll("/+$", "") + "/feeds/transfers.xml";
        return ingest.pull(FEED, dataset.name(), "HTTP", http.shown(FEED, endpoint), pull -> {
            String since = cursors.get(FEED, dataset.name()).orElse(null);
            URI uri = http.uri(FEED, endpoint + (since == null ? "" : "?since=" + URLEncoder.encode(since, StandardCharsets.UTF_8)));
            String basic = "Basic " + Base64.getEncoder().encodeToString(
                    ((user == null ? "" : user) + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
            Path body = http.get(FEED, uri, basic);
            try {
                Instant[] max = {since == null ? null : Instant.parse(since)};
                ingest.applyPage(pull, dataset, sink -> reader.read(body, h -> {}, sink),
                        (TransferContract c) -> max[0] = max[0] == null || c.updatedAt().isAfter(max[0]) ? c.updatedAt() : max[0],
                        () -> {
                            if (max[0] != null) {
                                cursors.save(FEED, dataset.name(), max[0].toString(), pull.batchId());
                            }
                        });
            } finally {
                AgencyHttp.deleteQuietly(body);
            }
        });
    }

    private DemoEndpoints demo() {
        DemoEndpoints d = demo.getIfAvailable();
        if (d == null) {
            throw PullFailure.notConfigured(FEED, "base-url");
        }
        return d;
    }
}
