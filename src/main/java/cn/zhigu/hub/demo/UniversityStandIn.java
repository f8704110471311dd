package cn.zhigu.hub.demo;

import cn.zhigu.hub.demo.DemoFaults.Fault;
import cn.zhigu.hub.demo.DemoFaults.Service;
import cn.zhigu.hub.feeds.RawRecord;
import cn.zhigu.hub.feeds.read.JsonItemsReader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stand-in for the university's paged JSON API (feeds.md F1), serving the items of
 * {@code sample-feeds/university/contracts*.json} and {@code investments*.json}:
 * {@code GET /demo/university/api/v1/transfer-contracts} and {@code .../fund-investments} with
 * {@code updatedSince} (inclusive), {@code page} (from 0) and {@code size} (default 100, at most 1000),
 * answering {@code {"page", "size", "totalPages", "items"}}. Needs {@code Authorization: Bearer <token>}.
 * Items are sorted by {@code updatedAt}, then by key; those whose {@code updatedAt} does not parse come
 * last, whatever {@code updatedSince} says, so that the hub's rejects show.
 */
@RestController
@RequestMapping("/demo/university/api/v1")
@ConditionalOnProperty(name = "hub.demo.enabled", havingValue = "true")
public class UniversityStandIn {

    static final int DEFAULT_SIZE = 100;
    static final int MAX_SIZE = 1000;

    /** The WWW-Authenticate value of a 401. */
    static final String CHALLENGE = "Bearer realm=\"whu-demo\"";
    private static final Logger log = LoggerFactory.getLogger(UniversityStandIn.class);
    /** Numbers kept exactly as delivered (0.025 stays 0.025, 1.50 stays 1.50). */
    private static final ObjectReader ITEM = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build().reader();

    /** One served item: its time stamp (null when unparseable), its key and its JSON as delivered. */
    record Item(Instant updatedAt, String key, JsonNode json) {}

    private static final Comparator<Item> ORDER = Comparator
            .comparing(Item::updatedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Item::key, Comparator.nullsLast(Comparator.naturalOrder()));

    private final DemoCredentials credentials;
    private final DemoFaults faults;
    private final List<Item> contracts;
    private final List<Item> investments;

    public UniversityStandIn(DemoCredentials credentials, DemoFaults faults,
            @Value("${hub.demo.sample-feeds:./sample-feeds}") Path samples) {
        this.credentials = credentials;
        this.faults = faults;
        Path dir = samples.resolve("university");
        this.contracts = load(dir, "contracts", "contractNo");
        this.investments = load(dir, "investments", "investmentId");
        log.info("Demo university stand-in: {} contracts, {} investments from {}", contracts.size(),
                investments.size(), dir);
    }

    private static List<Item> load(Path dir, String prefix, String keyField) {
        return StandIns.records(dir, prefix, ".json", new JsonItemsReader()).stream()
                .map(r -> item(r, keyField)).sorted(ORDER).toList();
    }

    private static Item item(RawRecord r, String keyField) {
        try {
            return new Item(StandIns.stamp(r.get("updatedAt")), r.get(keyField), ITEM.readTree(r.rawText()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the reader's raw text of " + r.position() + " is not JSON", e);
        }
    }

    /** F1a transfer contracts. */
    @GetMapping("/transfer-contracts")
    public ResponseEntity<Object> transferContracts(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false)
            String authorization, @RequestParam(required = false) String updatedSince,
            @RequestParam(required = false) String page, @RequestParam(required = false) String size,
            HttpServletRequest request) {
        return serve(contracts, authorization, updatedSince, page, size, request.getRequestURI());
    }

    /** F1b angel-fund investments. */
    @GetMapping("/fund-investments")
    public ResponseEntity<Object> fundInvestments(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false)
            String authorization, @RequestParam(required = false) String updatedSince,
            @RequestParam(required = false) String page, @RequestParam(required = false) String size,
            HttpServletRequest request) {
        return serve(investments, authorization, updatedSince, page, size, request.getRequestURI());
    }

    private ResponseEntity<Object> serve(List<Item> all, String authorization, String updatedSince, String pageText,
            String sizeText, String path) {
        Fault fault = faults.apply(Service.UNIVERSITY);
        if (fault.status() != 0) {
            return StandIns.challenge(StandIns.faultStatus(fault.status(), path), CHALLENGE);
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || !credentials.isUniversityToken(authorization.substring(7).strip())) {
            String message = authorization == null ? "authentication required: Authorization: Bearer <token>"
                    : "invalid bearer token";
            return StandIns.challenge(StandIns.error(HttpStatus.UNAUTHORIZED, message, path), CHALLENGE);
        }
        Instant since;
        int page;
        int size;
        try {
            since = StandIns.instantParameter("updatedSince", updatedSince);
            page = StandIns.intParameter("page", pageText, 0, 0, Integer.MAX_VALUE);
            size = StandIns.intParameter("size", sizeText, DEFAULT_SIZE, 1, MAX_SIZE);
        } catch (StandIns.BadParameter e) {
            return StandIns.error(HttpStatus.BAD_REQUEST, e.getMessage(), path);
        }
        if (fault.malformed()) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                    .body("{\"page\": " + page + ", \"size\": " + size + ", \"items\": [{\"contractNo\": ");
        }
        List<JsonNode> selected = all.stream()
                .filter(i -> since == null || i.updatedAt() == null || !i.updatedAt().isBefore(since))
                .map(Item::json).toList();
        int totalPages = (selected.size() + size - 1) / size;
        long from = (long) page * size;
        List<JsonNode> items = from >= selected.size() ? List.of()
                : selected.subList((int) from, (int) Math.min(selected.size(), from + size));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page", page);
        body.put("size", size);
        body.put("totalPages", totalPages);
        body.put("items", items);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
