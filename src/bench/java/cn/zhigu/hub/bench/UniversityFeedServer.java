package cn.zhigu.hub.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The university's paged JSON API of feeds.md F1 on 127.0.0.1, for the HTTP pull of target 6:
 * {@code contracts} transfer contracts served in pages of the size asked for (so 5,000 contracts at
 * the hub's page size 100 are 50 pages), no fund investments; bearer token required.
 */
final class UniversityFeedServer implements AutoCloseable {

    private final HttpServer server;
    private final int contracts;
    private final String token;
    private final long seed;
    final AtomicInteger pagesServed = new AtomicInteger();

    UniversityFeedServer(int contracts, String token, long seed) throws IOException {
        this.contracts = contracts;
        this.token = token;
        this.seed = seed;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/api/v1/transfer-contracts", ex -> page(ex, contracts));
        server.createContext("/api/v1/fund-investments", ex -> page(ex, 0));
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void page(HttpExchange ex, int total) throws IOException {
        try (ex) {
            if (!("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                respond(ex, 401, "{\"error\":\"bad token\"}");
                return;
            }
            Map<String, String> q = query(ex.getRequestURI());
            int page = Integer.parseInt(q.getOrDefault("page", "0"));
            int size = Integer.parseInt(q.getOrDefault("size", "100"));
            int totalPages = (total + size - 1) / size;
            StringBuilder b = new StringBuilder(size * 320);
            b.append("{\"page\":").append(page).append(",\"size\":").append(size).append(",\"totalPages\":")
                    .append(totalPages).append(",\"items\":[");
            for (int i = page * size; i < Math.min(total, (page + 1) * size); i++) {
                if (i > page * size) {
                    b.append(',');
                }
                LocalDate signed = LocalDate.of(2020, 1, 1).plusDays(i % 1400);
                b.append("{\"contractNo\":\"WHU-TT-B-").append(String.format("%06d", i))
                        .append("\",\"title\":\"技术转让合同 ").append(i)
                        .append("\",\"kind\":\"").append(new String[] {"LICENSE", "ASSIGNMENT", "SERVICE", "EQUITY"}[i % 4])
                        .append("\",\"licenseeCreditCode\":\"").append(TaxData.creditCode(seed, i % 3000))
                        .append("\",\"licenseeName\":\"武汉受让企业").append(i % 3000)
                        .append("有限公司\",\"amount\":").append(10 + i % 490).append(",\"amountUnit\":\"万元\",\"signedOn\":\"")
                        .append(signed).append("\",\"status\":\"SIGNED\",\"updatedAt\":\"")
                        .append(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i)).append("\"}");
            }
            b.append("]}");
            pagesServed.incrementAndGet();
            respond(ex, 200, b.toString());
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    q.put(kv.substring(0, eq), java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
