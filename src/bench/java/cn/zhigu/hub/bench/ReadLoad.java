package cn.zhigu.hub.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Read load on the indicator API: {@code clients} concurrent connections, each asking again as soon as
 * it has its answer, for a fixed time. With Debian's {@code wrk} on the PATH it is wrk
 * ({@code --latency}); otherwise a Java HttpClient loop recording into an HdrHistogram.
 */
final class ReadLoad {

    record Result(String tool, double p50Ms, double p99Ms, double requestsPerSecond, long requests, long errors) {}

    private ReadLoad() {
    }

    static boolean wrkAvailable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "wrk"))) {
                return true;
            }
        }
        return false;
    }

    static Result run(String url, String authorization, int clients, Duration duration) throws Exception {
        return wrkAvailable() && !Boolean.getBoolean("bench.java-load") ? wrk(url, authorization, clients, duration)
                : java(url, authorization, clients, duration);
    }

    static Result wrk(String url, String authorization, int clients, Duration duration) throws Exception {
        Process p = new ProcessBuilder("wrk", "-t2", "-c" + clients, "-d" + Math.max(1, duration.toSeconds()) + "s",
                "--timeout", "30s", "--latency", "-H", "Authorization: " + authorization, url)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        double p50 = percentile(out, "50%");
        double p99 = percentile(out, "99%");
        Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
        Matcher total = Pattern.compile("(\\d+) requests in").matcher(out);
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
        Matcher sockErr = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(out);
        long errors = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
        if (sockErr.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(sockErr.group(g));
            }
        }
        if (Double.isNaN(p99)) {
            throw new IllegalStateException("wrk said: " + out);
        }
        return new Result("wrk", p50, p99, rps.find() ? Double.parseDouble(rps.group(1)) : Double.NaN,
                total.find() ? Long.parseLong(total.group(1)) : -1, errors);
    }

    /** A wrk latency line ("99%  123.45ms") in milliseconds. */
    private static double percentile(String out, String label) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(label) + "\\s+([0-9.]+)(us|ms|s|m)\\b").matcher(out);
        if (!m.find()) {
            return Double.NaN;
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "ms" -> v;
            case "s" -> v * 1000;
            default -> v * 60_000;
        };
    }

    static Result java(String url, String authorization, int clients, Duration duration) throws Exception {
        ConcurrentHistogram h = new ConcurrentHistogram(Duration.ofMinutes(2).toNanos(), 3);
        AtomicLong errors = new AtomicLong();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization)
                .timeout(Duration.ofSeconds(30)).build();
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        errors.incrementAndGet();
                    }
                    h.recordValue(Math.min(System.nanoTime() - t0, h.getHighestTrackableValue()));
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = duration.toNanos() / 1e9;
        return new Result("java", h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
                h.getTotalCount() / seconds, h.getTotalCount(), errors.get());
    }
}
