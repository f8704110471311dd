package cn.zhigu.hub.feeds.university;

import cn.zhigu.hub.HubProperties;
import cn.zhigu.hub.HubProperties.FeedSettings;
import cn.zhigu.hub.demo.DemoEndpoints;
import cn.zhigu.hub.feeds.AgencyHttp;
import cn.zhigu.hub.feeds.Dataset;
import cn.zhigu.hub.feeds.FileRejectedException;
import cn.zhigu.hub.feeds.IngestService;
import cn.zhigu.hub.feeds.PullFailure;
import cn.zhigu.hub.feeds.IngestService.Outcome;
import cn.zhigu.hub.feeds.read.JsonItemsReader;
import cn.zhigu.hub.store.Cursors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * F1 pull: every page of {@code /api/v1/transfer-contracts} and {@code /api/v1/fund-investments}
 * updated since the cursor, with the bearer token. Each page applies in one transaction with the
 * cursor moved to the highest {@code updatedAt} it applied; the next sync asks from there (the
 * boundary records come again and are ignored, as they are not newer).
 */
@Component
public class UniversityPull {

    public static final String FEED = "university";

    private final HubProperties props;
    private final AgencyHttp http;
    private final IngestService ingest;
    private final Cursors cursors;
    private final ObjectProvider<DemoEndpoints> demo;
    private final ObjectMapper json = new ObjectMapper(JsonItemsReader.JSON);
    private final JsonItemsReader reader;

    public UniversityPull(HubProperties props, AgencyHttp http, IngestService ingest, Cursors cursors,
            ObjectProvider<DemoEndpoints> demo) {
        this.props = props;
        this.http = http;
        this.ingest = ingest;
        this.cursors = cursors;
        this.demo = demo;
        this.reader = new JsonItemsReader(props.getMaxRecordLength());
    }

    public List<Outcome> sync() {
        List<Outcome> out = new ArrayList<>();
        out.add(syncDataset(new UniversityContracts(), "/api/v1/transfer-contracts", c -> c.updatedAt()));
        out.add(syncDataset(new FundInvestments(), "/api/v1/fund-investments", FundInvestment::updatedAt));
        return out;
    }

    private <R> Outcome syncDataset(Dataset<R> dataset, String path, Function<R, Instant> updatedAt) {
        FeedSettings s = props.feed(FEED);
        String base = blank(s.getBaseUrl()) ? demo().universityBaseUrl() : s.getBaseUrl();
        String token = blank(s.getToken()) && blank(s.getBaseUrl()) ? demo().universityToken() : s.getToken();
        String endpoint = base.replaceAll("/+$", "") + path;
        return ingest.pull(FEED, dataset.name(), "HTTP", http.shown(FEED, endpoint), pull -> {
            // one sync pages through one result: the records updated since the cursor as it was at the start
            String since = cursors.get(FEED, dataset.name()).orElse(null);
            Instant[] max = {since == null ? null : Instant.parse(since)};
            int totalPages = 1;
            for (int page = 0; page < totalPages; page++) {
                URI uri = http.uri(FEED, endpoint + "?" + (since == null ? "" : "updatedSince="
                        + URLEncoder.encode(since, StandardCharsets.UTF_8) + "&") + "page=" + page + "&size="
                        + s.getPageSize());
                Path body = http.get(FEED, uri, "Bearer " + (token == null ? "" : token));
                try {
                    totalPages = totalPages(body);
                    ingest.applyPage(pull, dataset, sink -> reader.read(body, h -> {}, sink),
                            row -> max[0] = later(max[0], updatedAt.apply(row)),
                            () -> {
                                if (max[0] != null) {
                                    cursors.save(FEED, dataset.name(), max[0].toString(), pull.batchId());
                                }
                            });
                } finally {
                    AgencyHttp.deleteQuietly(body);
                }
            }
        });
    }

    private int totalPages(Path body) {
        try (com.fasterxml.jackson.core.JsonParser parser = JsonItemsReader.JSON.createParser(body.toFile())) {
            JsonNode root;
            try {
                root = json.readTree(parser);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw JsonItemsReader.rejected(e, parser.currentLocation());
            }
            if (root == null || !root.isObject() || !root.path("items").isArray()) {
                throw new FileRejectedException("a page must be an object with an 'items' array");
            }
            JsonNode total = root.get("totalPages");
            if (total == null) {
                return 1;
            }
            if (!total.canConvertToInt() || total.asInt() < 0 || total.asInt() > 100_000) {
                throw new FileRejectedException("'totalPages' is not a sensible page count: " + total);
            }
            return total.asInt();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private DemoEndpoints demo() {
        DemoEndpoints d = demo.getIfAvailable();
        if (d == null) {
            throw PullFailure.notConfigured(FEED, "base-url");
        }
        return d;
    }
}
