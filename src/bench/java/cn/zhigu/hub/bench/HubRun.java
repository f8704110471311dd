package cn.zhigu.hub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hub's jar as a separate JVM, as an operator runs it: on 127.0.0.1, a data folder of its own,
 * demo stand-ins off, schedules that never fire during a run, started from the repository folder so
 * that it reads config/ and routes/ like a deployment.
 */
final class HubRun implements AutoCloseable {

    static final String NEVER = "0 0 0 1 1 ? 2099";

    final Path dataDir;
    final Path log;
    final int port;
    final String opsPassword = UUID.randomUUID().toString();
    final String analystPassword = UUID.randomUUID().toString();
    private final List<String> command = new ArrayList<>();
    private final Path workDir;
    private Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    HubRun(Path jar, Path workDir, Path dataDir, Path log, String xmx, List<String> extra) throws IOException {
        this.workDir = workDir;
        this.dataDir = dataDir;
        this.log = log;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + xmx,
                "-Dfile.encoding=UTF-8", "-jar", jar.toString(),
                "--server.port=" + port, "--server.address=127.0.0.1", "--hub.data-dir=" + dataDir,
                "--hub.demo.enabled=false", "--hub.demo.bootstrap=false",
                "--hub.feeds.university.schedule=" + NEVER, "--hub.feeds.cas.schedule=" + NEVER,
                "--hub.feeds.tax.schedule=" + NEVER));
        command.addAll(extra);
    }

    HubRun start() throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        Files.createDirectories(dataDir.resolve("inbound/tax"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("HUB_OPS_PASSWORD", opsPassword);
        pb.environment().put("HUB_ANALYST_PASSWORD", analystPassword);
        process = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the hub exited with " + process.exitValue() + " at start; see " + log);
            }
            try {
                if (get("/api/feeds").statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the hub did not start within 180 s; see " + log);
            }
            Thread.sleep(300);
        }
    }

    long pid() {
        return process.pid();
    }

    long vmHwmKb() {
        return Procfs.vmHwmKb(process.pid());
    }

    /**
     * Lands a file as an agency does (written beside, then moved in) and waits until the hub has
     * moved it to archive/ or rejected/, which it does only after the batch (records, ledger and
     * indicators) has committed. Polls the folder, not the API, so the wait costs the hub nothing.
     *
     * @return milliseconds from landing to archived
     */
    long land(String feed, Path file, Duration atMost) throws IOException, InterruptedException {
        String name = file.getFileName().toString();
        Path staging = dataDir.resolve("staging-" + name + ".tmp");
        Files.copy(file, staging, StandardCopyOption.REPLACE_EXISTING);
        Path archived = dataDir.resolve("archive").resolve(feed).resolve(name);
        Path rejected = dataDir.resolve("rejected").resolve(feed).resolve(name);
        long t0 = System.nanoTime();
        Files.move(staging, dataDir.resolve("inbound").resolve(feed).resolve(name), StandardCopyOption.ATOMIC_MOVE);
        long deadline = t0 + atMost.toNanos();
        long nextLogCheck = t0;
        while (!Files.exists(archived) && !Files.exists(rejected)) {
            if (!process.isAlive()) {
                throw new Failed("the hub exited while applying " + name, (System.nanoTime() - t0) / 1_000_000);
            }
            if (System.nanoTime() > nextLogCheck) {
                nextLogCheck = System.nanoTime() + 2_000_000_000L;
                if (Files.readString(log, StandardCharsets.ISO_8859_1).contains("java.lang.OutOfMemoryError")) {
                    throw new Failed("OutOfMemoryError in the hub while applying " + name,
                            (System.nanoTime() - t0) / 1_000_000);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not applied within " + atMost + "; see " + log);
            }
            Thread.sleep(20);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** The hub could not finish a file: out of memory, or gone. */
    static final class Failed extends RuntimeException {
        final long afterMs;

        Failed(String message, long afterMs) {
            super(message);
            this.afterMs = afterMs;
        }
    }

    /** The newest ledger entry of a feed for a source. */
    JsonNode batch(String feed, String source) throws IOException, InterruptedException {
        for (JsonNode b : json("/api/batches?feed=" + feed + "&limit=50")) {
            if (b.path("source").asText().equals(source)) {
                return b;
            }
        }
        throw new IllegalStateException("no batch of " + feed + " for " + source);
    }

    /** "applied in A ms, indicators in B ms" of the hub's log line for a file batch: {A, B}, or null. */
    long[] appliedTimings(String source) throws IOException {
        Pattern p = Pattern.compile(Pattern.quote("file " + source + " -> batch ")
                + ".*applied in (\\d+) ms, indicators in (\\d+) ms");
        long[] found = null;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                found = new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
            }
        }
        return found;
    }

    String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path);
    }

    HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", basic("ops", opsPassword)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return json.readTree(r.body());
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}
