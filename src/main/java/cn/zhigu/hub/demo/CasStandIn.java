package cn.zhigu.hub.demo;

import cn.zhigu.hub.demo.DemoFaults.Fault;
import cn.zhigu.hub.demo.DemoFaults.Service;
import cn.zhigu.hub.feeds.RawRecord;
import cn.zhigu.hub.feeds.read.XmlTransferReader;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stand-in for the CAS transfer feed (feeds.md F2): {@code GET /demo/cas/feeds/transfers.xml?since=} with
 * HTTP Basic auth answers one {@code <transfers>} document holding every {@code <transfer>} element of
 * {@code sample-feeds/cas/*.xml} whose {@code updated} is at or after {@code since} (all without it), each
 * element as its exact source text. Files the hub's reader rejects whole are left out. Elements are sorted
 * by {@code updated}, then id; those whose {@code updated} does not parse come last, always.
 */
@RestController
@ConditionalOnProperty(name = "hub.demo.enabled", havingValue = "true")
public class CasStandIn {

    static final MediaType XML = new MediaType("application", "xml", StandardCharsets.UTF_8);
    /** The WWW-Authenticate value of a 401. */
    static final String CHALLENGE = "Basic realm=\"cas-demo\", charset=\"UTF-8\"";
    private static final Logger log = LoggerFactory.getLogger(CasStandIn.class);
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    /** One served element: its time stamp (null when unparseable), its id and its source text. */
    record Transfer(Instant updated, String id, String xml) {}

    private static final Comparator<Transfer> ORDER = Comparator
            .comparing(Transfer::updated, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Transfer::id, Comparator.nullsLast(Comparator.naturalOrder()));

    private final DemoCredentials credentials;
    private final DemoFaults faults;
    private final List<Transfer> transfers;

    public CasStandIn(DemoCredentials credentials, DemoFaults faults,
            @Value("${hub.demo.sample-feeds:./sample-feeds}") Path samples) {
        this.credentials = credentials;
        this.faults = faults;
        Path dir = samples.resolve("cas");
        this.transfers = StandIns.records(dir, "", ".xml", new XmlTransferReader()).stream()
                .map(CasStandIn::transfer).sorted(ORDER).toList();
        log.info("Demo CAS stand-in: {} transfers from {}", transfers.size(), dir);
    }

    private static Transfer transfer(RawRecord r) {
        return new Transfer(StandIns.stamp(r.get("updated")), r.get("id"), r.rawText());
    }

    /** The transfer document. */
    @GetMapping("/demo/cas/feeds/transfers.xml")
    public ResponseEntity<Object> transfers(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false)
            String authorization, @RequestParam(required = false) String since, HttpServletRequest request) {
        String path = request.getRequestURI();
        Fault fault = faults.apply(Service.CAS);
        if (fault.status() != 0) {
            return StandIns.challenge(StandIns.faultStatus(fault.status(), path), CHALLENGE);
        }
        if (!authorised(authorization)) {
            String message = authorization == null ? "authentication required: HTTP Basic" : "invalid user or password";
            return StandIns.challenge(StandIns.error(HttpStatus.UNAUTHORIZED, message, path), CHALLENGE);
        }
        Instant from;
        try {
            from = StandIns.instantParameter("since", since);
        } catch (StandIns.BadParameter e) {
            return StandIns.error(HttpStatus.BAD_REQUEST, e.getMessage(), path);
        }
        String generated = OffsetDateTime.now(CHINA).truncatedTo(ChronoUnit.SECONDS).toString();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<transfers xmlns=\"")
                .append(XmlTransferReader.NAMESPACE).append("\" generated=\"").append(generated).append("\">\n");
        if (fault.malformed()) {
            xml.append("  <transfer id=\"WHB-");
        } else {
            for (Transfer t : transfers) {
                if (from == null || t.updated() == null || !t.updated().isBefore(from)) {
                    xml.append("  ").append(t.xml()).append('\n');
                }
            }
            xml.append("</transfers>\n");
        }
        return ResponseEntity.ok().contentType(XML).body(xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    private boolean authorised(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            byte[] bytes = Base64.getDecoder().decode(authorization.substring(6).strip());
            decoded = new String(bytes, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon >= 0 && credentials.isCasUser(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}
