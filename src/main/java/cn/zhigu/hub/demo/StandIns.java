package cn.zhigu.hub.demo;

import cn.zhigu.hub.api.ApiErrors;
import cn.zhigu.hub.feeds.FileRejectedException;
import cn.zhigu.hub.feeds.RawRecord;
import cn.zhigu.hub.feeds.read.RecordReader;
import cn.zhigu.hub.normalise.Dates;
import cn.zhigu.hub.normalise.InvalidValueException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** What the HTTP stand-ins share: reading the sample files, parameters and JSON errors. */
final class StandIns {

    private static final Logger log = LoggerFactory.getLogger(StandIns.class);

    private StandIns() {
    }

    /** The records of every file in {@code dir} named {@code prefix*suffix} (any case), in name order;
     * a file the reader rejects whole is skipped. */
    static List<RawRecord> records(Path dir, String prefix, String suffix, RecordReader reader) {
        List<RawRecord> all = new ArrayList<>();
        for (Path file : files(dir, prefix, suffix)) {
            List<RawRecord> records = new ArrayList<>();
            try {
                reader.read(file, header -> { }, records::add);
                all.addAll(records);
            } catch (FileRejectedException e) {
                log.info("Demo stand-in skips {}: {}", file, e.getMessage());
            }
        }
        return all;
    }

    /** The files in {@code dir} named {@code prefix*suffix} (any case), in name order; none when no folder. */
    static List<Path> files(Path dir, String prefix, String suffix) {
        if (!Files.isDirectory(dir)) {
            log.warn("Demo stand-in: no sample folder {} (hub.demo.sample-feeds); it serves nothing", dir);
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile).filter(f -> {
                String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return name.startsWith(prefix) && name.endsWith(suffix);
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A record's time stamp, or null when it has none that parses. */
    static Instant stamp(String text) {
        try {
            return Dates.instant(text);
        } catch (InvalidValueException e) {
            return null;
        }
    }

    /** An optional instant parameter, or null when absent. */
    static Instant instantParameter(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Dates.instant(value);
        } catch (InvalidValueException e) {
            throw new BadParameter("parameter '" + name + "': " + e.getMessage()
                    + (value.contains(" ") ? " (a '+' in an offset must be sent as %2B)" : ""));
        }
    }

    /** An optional integer parameter within [min, max]. */
    static int intParameter(String name, String value, int defaultValue, int min, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadParameter("parameter '" + name + "' must be a whole number from " + min + " to " + max
                + "; got '" + value + "'");
    }

    /** A JSON error in the hub's own shape. */
    static ResponseEntity<Object> error(HttpStatus status, String message, String path) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(ApiErrors.body(status, message, path));
    }

    /** An error status a fault asks for. */
    static ResponseEntity<Object> faultStatus(int status, String path) {
        HttpStatus known = HttpStatus.resolve(status);
        Map<String, Object> body = ApiErrors.body(known != null ? known : HttpStatus.INTERNAL_SERVER_ERROR,
                "demo fault: answering " + status, path);
        body.put("status", status);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** The response with a WWW-Authenticate challenge when it is a 401. */
    static ResponseEntity<Object> challenge(ResponseEntity<Object> response, String challenge) {
        if (response.getStatusCode().value() != 401) {
            return response;
        }
        return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge).body(response.getBody());
    }

    /** A parameter the stand-in cannot use: answered 400. */
    static final class BadParameter extends RuntimeException {
        BadParameter(String message) {
            super(message);
        }
    }
}
