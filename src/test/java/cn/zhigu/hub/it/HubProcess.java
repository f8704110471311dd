package cn.zhigu.hub.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** The hub's jar run as a separate JVM on 127.0.0.1, as an operator runs it, for crash tests. */
final class HubProcess implements AutoCloseable {

    final Path dataDir;
    final int port;
    final String opsPassword = UUID.randomUUID().toString();
    private final List<String> args;
    private Process process;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    HubProcess(Path dataDir, String... extraArgs) throws IOException {
        this.dataDir = dataDir;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        args = new ArrayList<>(List.of("--server.port=" + port, "--server.address=127.0.0.1",
                "--hub.data-dir=" + dataDir, "--hub.demo.bootstrap=false",
                "--hub.feeds.university.schedule=0 0 0 1 1 ? 2099", "--hub.feeds.cas.schedule=0 0 0 1 1 ? 2099",
                "--hub.feeds.tax.schedule=0 0 0 1 1 ? 2099", "--logging.level.root=INFO"));
        // an extra argument replaces the default of the same property (Spring would join both with a comma)
        for (String extra : extraArgs) {
            String key = extra.substring(0, extra.indexOf('=') + 1);
            args.removeIf(a -> a.startsWith(key));
        }
        args.addAll(List.of(extraArgs));
    }

    HubProcess start() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", System.getProperty("hub.jar")));
        cmd.addAll(args);
        Path logs = Path.of("target", "it-logs");
        java.nio.file.Files.createDirectories(logs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(logs.resolve("hub-" + port + "-" + System.currentTimeMillis() + ".log").toFile());
        pb.environment().put("HUB_OPS_PASSWORD", opsPassword);
        pb.environment().put("HUB_ANALYST_PASSWORD", UUID.randomUUID().toString());
        process = pb.start();
        // (a start after a crash may first recompute every indicator)
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> get("/api/feeds").statusCode() == 200);
        return this;
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * SIGTERM, as systemd or an operator stops the hub, and waits for the JVM to end; returns how long
     * the graceful stop took.
     */
    Duration terminate() throws InterruptedException {
        long t = System.nanoTime();
        process.destroy();
        if (!process.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the hub did not stop within 3 minutes of SIGTERM");
        }
        return Duration.ofNanos(System.nanoTime() - t);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path);
    }

    HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("ops:" + opsPassword)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        return json.readTree(get(path).body());
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }
}
