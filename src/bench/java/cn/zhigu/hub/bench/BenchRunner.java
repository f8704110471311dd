package cn.zhigu.hub.bench;

import cn.zhigu.hub.normalise.Streets;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Issue 6's benchmark in one command: for each size, the tax export through the hub's jar (a JVM of
 * its own, -Xmx512m) beside the hand-written JDBC baseline ({@link JdbcBaseline}, a JVM of its own per
 * run), the 100-row correction against the big store, API p99 idle and during an ingest, and the
 * two pulls; writes target/bench/results.md. Run from the repository folder (bench/run does).
 *
 * <p>Arguments: a mode ({@code quick}: 100k rows, 1 run; {@code 1m}: 100k and 1M rows, 3 runs;
 * {@code full}: 100k, 1M (3 runs) and 5M (1 run)) and options {@code --sizes=100000,1000000},
 * {@code --runs=N}, {@code --seed=N}, {@code --skip=baseline,hub,load,pulls,correction},
 * {@code --hub-xmx=512m}, {@code --baseline-xmx=2g}, {@code --clients=50}, {@code --load-size=100000}.
 */
public final class BenchRunner {

    final Path repo = Path.of("").toAbsolutePath();
    final Path out = repo.resolve("target/bench");
    final Path dataDir = out.resolve("data");
    final Path work = out.resolve("work");
    final Path logs = out.resolve("logs");
    Path jar;
    String mode = "quick";
    List<Integer> sizes = List.of(100_000);
    Map<Integer, Integer> runs = new LinkedHashMap<>();
    Integer runsOverride;
    long seed = 20_240_601L;
    Set<String> skip = new HashSet<>();
    String hubXmx = "512m";
    /** The reference ran it with 1g; at 1M rows its full recompute needs more (OutOfMemoryError at 1g). */
    String baselineXmx = "2g";
    int clients = 50;
    /** The size whose store gets the read load (default: the largest of at most 1M rows). */
    Integer loadSize;
    Duration idleLoad = Duration.ofSeconds(10);
    /** The file consumer's settings for the run: a file is taken 1 s after it stops changing. */
    List<String> inboundSettings = List.of("--hub.inbound.read-lock-min-age=1000", "--hub.inbound.poll-delay=500");

    final Report report = new Report();

    public static void main(String[] args) throws Exception {
        BenchRunner b = new BenchRunner();
        b.configure(args);
        b.run();
    }

    void configure(String[] args) throws IOException {
        for (String a : args) {
            if (!a.startsWith("--")) {
                mode = a;
            }
        }
        switch (mode) {
            case "quick" -> sizes = List.of(100_000);
            case "1m" -> sizes = List.of(100_000, 1_000_000);
            case "full" -> sizes = List.of(100_000, 1_000_000, 5_000_000);
            default -> throw new IllegalArgumentException("mode is quick, 1m or full, not " + mode);
        }
        for (String a : args) {
            String[] kv = a.startsWith("--") ? a.substring(2).split("=", 2) : null;
            if (kv == null) {
                continue;
            }
            String v = kv.length > 1 ? kv[1] : "";
            switch (kv[0]) {
                case "sizes" -> sizes = Arrays.stream(v.split(",")).map(s -> Integer.parseInt(s.replace("_", ""))).toList();
                case "runs" -> runsOverride = Integer.parseInt(v);
                case "seed" -> seed = Long.parseLong(v);
                case "skip" -> skip.addAll(Arrays.asList(v.split(",")));
                case "hub-xmx" -> hubXmx = v;
                case "baseline-xmx" -> baselineXmx = v;
                case "clients" -> clients = Integer.parseInt(v);
                case "load-size" -> loadSize = Integer.parseInt(v.replace("_", ""));
                default -> throw new IllegalArgumentException("unknown option --" + kv[0]);
            }
        }
        for (int size : sizes) {
            runs.put(size, runsOverride != null ? runsOverride : mode.equals("quick") ? 1 : size >= 5_000_000 ? 1 : 3);
        }
        String j = System.getProperty("bench.jar");
        if (j == null) {
            try (var s = Files.list(repo.resolve("target"))) {
                j = s.map(Path::toString).filter(p -> p.endsWith(".jar") && p.contains("zhigu-hub")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no hub jar in target/: run ./mvnw -DskipTests package"));
            }
        }
        jar = Path.of(j);
    }

    void run() throws Exception {
        Files.createDirectories(dataDir);
        Files.createDirectories(logs);
        Streets streets = Streets.load(repo.resolve("config/streets.csv"));
        TaxData data = new TaxData(streets.all(), seed);
        report.header(this);
        int largest = sizes.stream().max(Integer::compare).orElseThrow();
        int loadSize = this.loadSize != null ? this.loadSize
                : sizes.stream().filter(s -> s <= 1_000_000).max(Integer::compare).orElse(largest);
        for (int size : sizes) {
            log("== %,d rows ==", size);
            Path csv = dataDir.resolve("tax-" + size + "-s" + seed + ".csv");
            TaxData.Summary summary = generate(data, csv, size);
            Path fix = dataDir.resolve("fix-100-s" + seed + ".csv");
            data.correctionFile(fix, size, 100);
            SizeResult r = new SizeResult(size, summary, runs.get(size));
            Path keptBaselineStore = null;
            if (!skip.contains("baseline")) {
                for (String m : List.of("parse", "commit10k", "atomic")) {
                    for (int i = 0; i < r.runs; i++) {
                        Path store = work.resolve("baseline-" + m + "-" + size + "-" + i);
                        deleteTree(store);
                        r.baseline.computeIfAbsent(m, k -> new ArrayList<>()).add(baseline(m, csv, store));
                        if (m.equals("atomic") && i == r.runs - 1) {
                            keptBaselineStore = store;
                        } else {
                            deleteTree(store);
                        }
                    }
                }
            }
            if (!skip.contains("hub")) {
                for (int i = 0; i < r.runs; i++) {
                    Path hubData = work.resolve("hub-" + size + "-" + i);
                    deleteTree(hubData);
                    try (HubRun hub = new HubRun(jar, repo, hubData, logs.resolve("hub-" + size + "-" + i + ".log"),
                            hubXmx, inboundSettings).start()) {
                        r.hub.add(hubFile(hub, csv, summary));
                    }
                    if (i == 0 && keptBaselineStore != null && r.failures() == null) {
                        r.agreement = compare(hubData.resolve("store"), keptBaselineStore);
                        log("hub and baseline agree: %s", r.agreement);
                    }
                    if (i == r.runs - 1 && r.failures() == null && (!skip.contains("correction") || size == loadSize && !skip.contains("load"))) {
                        // the same store, the hub started again: a small correction, then reads on the full store
                        try (HubRun hub = new HubRun(jar, repo, hubData, logs.resolve("hub-" + size + "-" + i + "-again.log"),
                                hubXmx, inboundSettings).start()) {
                            if (!skip.contains("correction")) {
                                r.correction = correction(hub, fix);
                            }
                            if (size == loadSize && !skip.contains("load")) {
                                r.idle = ReadLoad.run(hub.url(INDICATOR_URL), hub.basic("analyst", hub.analystPassword),
                                        clients, idleLoad);
                                log("API idle: p99 %.1f ms, %.0f req/s (%s)", r.idle.p99Ms(), r.idle.requestsPerSecond(),
                                        r.idle.tool());
                            }
                        }
                    }
                    deleteTree(hubData);
                }
                if (size == loadSize && !skip.contains("load") && r.failures() == null) {
                    r.underLoad = hubUnderLoad(csv, summary, r);
                }
            }
            if (keptBaselineStore != null) {
                deleteTree(keptBaselineStore);
            }
            report.sizes.add(r);
            report.write(out.resolve("results.md"), this);
        }
        if (!skip.contains("pulls")) {
            report.pulls = pulls(data);
        }
        report.write(out.resolve("results.md"), this);
        log("results: %s", out.resolve("results.md"));
        System.out.println(Files.readString(out.resolve("results.md")));
    }

    static final String INDICATOR_URL = "/api/indicators/REVENUE/values?period=2020&area=ZHIGU";

    TaxData.Summary generate(TaxData data, Path csv, int size) throws IOException {
        Path meta = csv.resolveSibling(csv.getFileName() + ".properties");
        Properties p = new Properties();
        if (Files.exists(csv) && Files.exists(meta)) {
            try (var in = Files.newInputStream(meta)) {
                p.load(in);
            }
            if (Long.parseLong(p.getProperty("bytes")) == Files.size(csv)) {
                return new TaxData.Summary(size, Integer.parseInt(p.getProperty("corrections")),
                        Integer.parseInt(p.getProperty("badRows")), Integer.parseInt(p.getProperty("enterprises")),
                        Files.size(csv));
            }
        }
        long t0 = System.nanoTime();
        TaxData.Summary s = data.taxFile(csv, size);
        p.setProperty("corrections", String.valueOf(s.corrections()));
        p.setProperty("badRows", String.valueOf(s.badRows()));
        p.setProperty("enterprises", String.valueOf(s.enterprises()));
        p.setProperty("bytes", String.valueOf(s.bytes()));
        try (var o = Files.newOutputStream(meta)) {
            p.store(o, "tax export generated by cn.zhigu.hub.bench.TaxData");
        }
        log("generated %s: %,d records (%,d corrections, %,d bad), %.1f MB in %.1f s", csv.getFileName(), s.records(),
                s.corrections(), s.badRows(), s.bytes() / 1e6, (System.nanoTime() - t0) / 1e9);
        return s;
    }

    // ---- baseline ----

    record BaselineRun(double jobSeconds, double processSeconds, double loadSeconds, double recomputeSeconds,
            long rssKb, int read, int rejected, String failure) {}

    BaselineRun baseline(String m, Path csv, Path store) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + baselineXmx, "-Dfile.encoding=UTF-8", "-cp", System.getProperty("java.class.path"),
                JdbcBaseline.class.getName(), m, csv.toString(), store.toString(),
                repo.resolve("config/streets.csv").toString());
        Path logFile = logs.resolve("baseline-" + m + "-" + csv.getFileName() + ".log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        int rc = p.waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        String text = Files.readString(logFile);
        Matcher line = Pattern.compile("BASELINE (.*)").matcher(text);
        if (rc != 0 || !line.find()) {
            String why = text.contains("OutOfMemoryError") ? "OutOfMemoryError at -Xmx" + baselineXmx : "exit " + rc;
            log("baseline %-9s FAILED after %.1f s: %s; see %s", m, wall, why, logFile);
            return new BaselineRun(Double.NaN, wall, Double.NaN, Double.NaN, -1, 0, 0, why + " after " + Math.round(wall) + " s");
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : line.group(1).trim().split(" ")) {
            String[] x = part.split("=", 2);
            kv.put(x[0], x[1]);
        }
        BaselineRun r = new BaselineRun(ms(kv, "jobMs"), wall, ms(kv, "loadMs"), ms(kv, "recomputeMs"),
                Long.parseLong(kv.get("vmhwmKb")), Integer.parseInt(kv.get("read")), Integer.parseInt(kv.get("rejected")), null);
        log("baseline %-9s %6.1f s (load %.1f, recompute %.1f; process %.1f s), RSS %,d MB", m, r.jobSeconds,
                r.loadSeconds, r.recomputeSeconds, wall, r.rssKb >> 10);
        return r;
    }

    private static double ms(Map<String, String> kv, String key) {
        return Long.parseLong(kv.get(key)) / 1000.0;
    }

    // ---- hub ----

    record HubFileRun(double seconds, long rssKb, long appliedMs, long indicatorsMs, String status, int read,
            int rejected, String failure) {}

    HubFileRun hubFile(HubRun hub, Path csv, TaxData.Summary summary) throws Exception {
        long ms;
        try {
            ms = hub.land("tax", csv, Duration.ofMinutes(60));
        } catch (HubRun.Failed e) {
            long rss = hub.vmHwmKb();
            log("hub FAILED after %.1f s: %s (RSS %,d MB); see %s", e.afterMs / 1000.0, e.getMessage(), rss >> 10, hub.log);
            return new HubFileRun(e.afterMs / 1000.0, rss, -1, -1, "FAILED", 0, 0,
                    e.getMessage().replaceAll(" while applying.*", "") + " at -Xmx" + hubXmx + " after "
                            + Math.round(e.afterMs / 1000.0) + " s");
        }
        long rss = hub.vmHwmKb();
        JsonNode b = hub.batch("tax", csv.getFileName().toString());
        long[] t = hub.appliedTimings(csv.getFileName().toString());
        HubFileRun r = new HubFileRun(ms / 1000.0, rss, t == null ? -1 : t[0], t == null ? -1 : t[1],
                b.path("status").asText(), b.path("recordsRead").asInt(), b.path("rejected").asInt(),
                b.path("status").asText().equals("PARTIAL") ? null : b.path("status").asText() + ": " + b.path("reason").asText());
        if (r.failure != null) {
            log("hub FAILED the file after %.1f s: %s", r.seconds, r.failure);
            return r;
        }
        if (r.read != summary.records() || r.rejected != summary.badRows()) {
            throw new IllegalStateException("the hub's batch is not what the file holds: " + b + " vs " + summary);
        }
        log("hub       %6.1f s landing -> archived (applied %,d ms, indicators %,d ms), RSS %,d MB", r.seconds,
                r.appliedMs, r.indicatorsMs, rss >> 10);
        return r;
    }

    record Correction(double wallSeconds, long appliedMs, long indicatorsMs, String status) {}

    Correction correction(HubRun hub, Path fix) throws Exception {
        Path named = work.resolve("fix-" + System.nanoTime() + ".csv");
        Files.copy(fix, named);
        long ms = hub.land("tax", named, Duration.ofMinutes(10));
        Files.delete(named);
        JsonNode b = hub.batch("tax", named.getFileName().toString());
        long[] t = hub.appliedTimings(named.getFileName().toString());
        Correction c = new Correction(ms / 1000.0, t == null ? -1 : t[0], t == null ? -1 : t[1], b.path("status").asText());
        log("correction %s: %,d ms in the hub (applied %,d + indicators %,d), %.1f s landing -> archived", c.status,
                c.appliedMs + c.indicatorsMs, c.appliedMs, c.indicatorsMs, c.wallSeconds);
        return c;
    }

    record UnderLoad(double seconds, ReadLoad.Result load) {}

    UnderLoad hubUnderLoad(Path csv, TaxData.Summary summary, SizeResult r) throws Exception {
        Path hubData = work.resolve("hub-load-" + r.size);
        deleteTree(hubData);
        double median = r.hub.isEmpty() ? 10 : median(r.hub.stream().map(HubFileRun::seconds).toList());
        Duration loadFor = Duration.ofSeconds(Math.max(5, (long) (median * 0.8)));
        try (HubRun hub = new HubRun(jar, repo, hubData, logs.resolve("hub-load-" + r.size + ".log"), hubXmx,
                inboundSettings).start()) {
            // something to read while the big file goes in: the correction file's month
            hub.land("tax", dataDir.resolve("fix-100-s" + seed + ".csv"), Duration.ofMinutes(2));
            CompletableFuture<ReadLoad.Result> load = CompletableFuture.supplyAsync(() -> {
                try {
                    return ReadLoad.run(hub.url(INDICATOR_URL), hub.basic("analyst", hub.analystPassword), clients, loadFor);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            HubFileRun run = hubFile(hub, csv, summary);
            ReadLoad.Result result = load.get();
            log("API during ingest: p99 %.1f ms, %.0f req/s; ingest took %.1f s under that load", result.p99Ms(),
                    result.requestsPerSecond(), run.seconds());
            return new UnderLoad(run.seconds(), result);
        } finally {
            deleteTree(hubData);
        }
    }

    /** Published tax values of the hub's store against the baseline's. */
    String compare(Path hubStore, Path baselineStore) throws Exception {
        Map<String, BigDecimal> hub;
        Map<String, BigDecimal> base;
        try (Connection c = DriverManager.getConnection(JdbcBaseline.storeUrl(hubStore), "SA", "")) {
            hub = JdbcBaseline.taxValues(c);
            shutdown(c);
        }
        try (Connection c = DriverManager.getConnection(JdbcBaseline.storeUrl(baselineStore), "SA", "")) {
            base = JdbcBaseline.taxValues(c);
            shutdown(c);
        }
        long differ = hub.entrySet().stream().filter(e -> base.get(e.getKey()) == null
                || base.get(e.getKey()).compareTo(e.getValue()) != 0).count();
        long missing = base.keySet().stream().filter(k -> !hub.containsKey(k)).count();
        return differ == 0 && missing == 0 ? "yes, " + hub.size() + " tax values equal"
                : "NO: " + differ + " of " + hub.size() + " hub values differ, " + missing + " missing";
    }

    private static void shutdown(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    // ---- pulls ----

    record Pull(String what, double seconds, int records, String status, String detail) {}

    List<Pull> pulls(TaxData data) throws Exception {
        List<Pull> out = new ArrayList<>();
        int rows = 200_000;
        Path exchange = dataDir.resolve("exchange-" + rows + "-s" + seed);
        deleteTree(exchange);
        long t0 = System.nanoTime();
        String url = data.exchangeDatabase(exchange, rows);
        log("exchange database: %,d rows in %.1f s", rows, (System.nanoTime() - t0) / 1e9);
        String token = java.util.UUID.randomUUID().toString();
        Path hubData = work.resolve("hub-pulls");
        deleteTree(hubData);
        try (UniversityFeedServer university = new UniversityFeedServer(5_000, token, seed);
                HubRun hub = new HubRun(jar, repo, hubData, logs.resolve("hub-pulls.log"), hubXmx, List.of(
                        "--hub.feeds.tax.jdbc-url=" + url, "--hub.feeds.tax.username=SA",
                        "--hub.feeds.university.base-url=" + university.baseUrl(), "--hub.feeds.university.token=" + token,
                        "--hub.feeds.university.page-size=100")).start()) {
            out.add(sync(hub, "tax", "JDBC pull, " + String.format("%,d", rows) + " rows (chunks of 5,000)"));
            Pull u = sync(hub, "university", "HTTP pull, 50 pages of 100 contracts");
            out.add(new Pull(u.what, u.seconds, u.records, u.status, university.pagesServed.get() + " pages served"));
        } finally {
            deleteTree(hubData);
        }
        return out;
    }

    Pull sync(HubRun hub, String feed, String what) throws Exception {
        long before = hub.json("/api/batches?feed=" + feed + "&limit=1").path(0).path("id").asLong(0);
        long t0 = System.nanoTime();
        int rc = hub.send("POST", "/api/feeds/" + feed + "/sync").statusCode();
        if (rc != 202) {
            throw new IllegalStateException("sync " + feed + ": " + rc);
        }
        while (true) {
            Thread.sleep(250);
            JsonNode f = hub.json("/api/feeds/" + feed);
            if (!f.path("syncRunning").asBoolean()) {
                break;
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        int records = 0;
        List<String> statuses = new ArrayList<>();
        for (JsonNode b : hub.json("/api/batches?feed=" + feed + "&limit=20")) {
            if (b.path("id").asLong() > before) {
                records += b.path("accepted").asInt();
                statuses.add(b.path("status").asText());
            }
        }
        log("%s: %,d records in %.1f s (%s)", what, records, s, statuses);
        return new Pull(what, s, records, String.join(",", statuses), "");
    }

    // ---- helpers ----

    static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static void deleteTree(Path p) throws IOException {
        if (Files.exists(p)) {
            try (var walk = Files.walk(p)) {
                for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    static void log(String fmt, Object... args) {
        System.out.printf(Locale.ROOT, "[bench %tT] %s%n", System.currentTimeMillis(), String.format(Locale.ROOT, fmt, args));
        System.out.flush();
    }

    static final class SizeResult {
        final int size;
        final TaxData.Summary summary;
        final int runs;
        final Map<String, List<BaselineRun>> baseline = new LinkedHashMap<>();
        final List<HubFileRun> hub = new ArrayList<>();
        Correction correction;
        ReadLoad.Result idle;
        UnderLoad underLoad;
        String agreement;

        SizeResult(int size, TaxData.Summary summary, int runs) {
            this.size = size;
            this.summary = summary;
            this.runs = runs;
        }

        double baselineSeconds(String m) {
            List<BaselineRun> r = baseline.get(m);
            return r == null || r.stream().anyMatch(x -> x.failure() != null) ? Double.NaN
                    : median(r.stream().map(BaselineRun::jobSeconds).toList());
        }

        double hubSeconds() {
            return hub.stream().anyMatch(h -> h.failure() != null) ? Double.NaN
                    : median(hub.stream().map(HubFileRun::seconds).toList());
        }

        String failures() {
            return hub.stream().map(HubFileRun::failure).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        }

        long hubRssKb() {
            return hub.stream().mapToLong(HubFileRun::rssKb).max().orElse(-1);
        }
    }

    /** Writes target/bench/results.md. */
    static final class Report {
        final List<SizeResult> sizes = new ArrayList<>();
        List<Pull> pulls = List.of();
        String header;

        void header(BenchRunner b) throws IOException {
            String cpu = "?";
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).trim();
                    break;
                }
            }
            long memKb = 0;
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    memKb = Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
            header = String.format(Locale.ROOT, """
                    # Benchmark results

                    - when: %s; commit %s; mode `%s` (%s), seed %d
                    - machine: %s, %d cores, %.0f GiB RAM; Java %s (%s); %s
                    - hub: `java -Xmx%s -jar %s` on a fresh data folder per run (demo off, schedules never firing,
                      `%s`); baseline: `java -Xmx%s` cn.zhigu.hub.bench.JdbcBaseline, a fresh store per run
                    - seconds: hub = from the file's landing in inbound/tax/ (an atomic move) to its move to archive/,
                      which follows the commit of records, ledger and indicators; baseline = from opening the file to
                      the commit after the recompute (its JVM start and Flyway on the empty store excluded, as the
                      hub has done those before the file lands). Median of the runs. rows/s = records in the file /
                      seconds. Peak RSS = VmHWM of the JVM (max over runs).
                    """, ZonedDateTime.now().withNano(0), git(b.repo), b.mode,
                    b.sizes.stream().map(s -> String.format("%,d", s) + "×" + b.runs.get(s)).collect(Collectors.joining(", ")),
                    b.seed, cpu, Runtime.getRuntime().availableProcessors(), memKb / 1024.0 / 1024,
                    System.getProperty("java.version"), System.getProperty("java.vm.name"),
                    ReadLoad.wrkAvailable() ? "load tool wrk" : "load tool: Java HttpClient loop (no wrk)",
                    b.hubXmx, b.repo.relativize(b.jar), String.join(" ", b.inboundSettings), b.baselineXmx);
        }

        static String git(Path repo) {
            try {
                Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").directory(repo.toFile()).start();
                String rev = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                p.waitFor();
                Process d = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").directory(repo.toFile()).start();
                boolean dirty = !new String(d.getInputStream().readAllBytes(), StandardCharsets.UTF_8).isBlank();
                d.waitFor();
                return "`" + rev + "`" + (dirty ? " (with uncommitted changes)" : "");
            } catch (IOException | InterruptedException e) {
                return "?";
            }
        }

        void write(Path target, BenchRunner b) throws IOException {
            StringBuilder s = new StringBuilder(header).append('\n');
            s.append("## Big file\n\n| rows | file | approach | runs | seconds | rows/s | peak RSS | × atomic baseline |\n"
                    + "|---|---|---|---|---|---|---|---|\n");
            for (SizeResult r : sizes) {
                String rows = String.format("%,d", r.size);
                String file = String.format(Locale.ROOT, "%.1f MB, %,d records", r.summary.bytes() / 1e6, r.summary.records());
                double atomic = r.baselineSeconds("atomic");
                String[][] names = {{"parse", "baseline: parse + normalise only (no store)"},
                    {"commit10k", "baseline: JDBC batched MERGE, commits every 10k, full SQL recompute"},
                    {"atomic", "baseline: the same in one transaction (atomic)"}};
                for (String[] n : names) {
                    List<BaselineRun> br = r.baseline.get(n[0]);
                    if (br == null) {
                        continue;
                    }
                    double sec = r.baselineSeconds(n[0]);
                    String failed = br.stream().map(BaselineRun::failure).filter(java.util.Objects::nonNull).findFirst().orElse(null);
                    s.append(failed != null ? "| " + rows + " | " + file + " | " + n[1] + " | " + br.size() + " | FAILED: "
                            + failed + " | – | – | – |\n"
                            : row(rows, file, n[1], br.size(), sec, r.summary.records(),
                                    br.stream().mapToLong(BaselineRun::rssKb).max().orElse(-1), sec / atomic));
                }
                if (r.failures() != null) {
                    s.append("| " + rows + " | " + file + " | **hub** (-Xmx" + b.hubXmx + ") | " + r.hub.size() + " | FAILED: "
                            + r.failures() + " | – | " + (r.hubRssKb() >> 10) + " MB | – |\n");
                } else if (!r.hub.isEmpty()) {
                    s.append(row(rows, file, "**hub** (-Xmx" + b.hubXmx + "), landing → APPLIED", r.hub.size(), r.hubSeconds(),
                            r.summary.records(), r.hubRssKb(), r.hubSeconds() / atomic));
                }
                if (r.underLoad != null) {
                    s.append(row(rows, file, "hub while " + b.clients + " clients read the API", 1, r.underLoad.seconds(),
                            r.summary.records(), -1, r.underLoad.seconds() / atomic));
                }
            }
            s.append("\nPhases (medians): baseline atomic load / recompute; hub in-transaction apply / indicators (its log"
                    + " line); whether both publish the same tax values.\n\n"
                    + "| rows | baseline load s | baseline recompute s | hub apply s | hub indicators s | hub = baseline |\n"
                    + "|---|---|---|---|---|---|\n");
            for (SizeResult r : sizes) {
                List<BaselineRun> at = r.baseline.getOrDefault("atomic", List.of());
                s.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s |\n", r.size,
                        fmt(median(at.stream().map(BaselineRun::loadSeconds).toList())),
                        fmt(median(at.stream().map(BaselineRun::recomputeSeconds).toList())),
                        fmt(median(r.hub.stream().map(h -> h.appliedMs() / 1000.0).toList())),
                        fmt(median(r.hub.stream().map(h -> h.indicatorsMs() / 1000.0).toList())),
                        r.agreement == null ? "–" : r.agreement));
            }
            s.append("\n## Small correction (100 rows, one month) against the store of each size\n\n"
                    + "| store rows | hub time (apply + indicators, ms) | landing → archived s | full recompute s (baseline) |"
                    + " big batch's indicators s (hub, all periods) |\n|---|---|---|---|---|\n");
            for (SizeResult r : sizes) {
                if (r.correction != null) {
                    List<BaselineRun> at = r.baseline.getOrDefault("atomic", List.of());
                    s.append(String.format(Locale.ROOT, "| %,d | %,d (%,d + %,d) %s | %.1f | %s | %s |\n", r.size,
                            r.correction.appliedMs() + r.correction.indicatorsMs(), r.correction.appliedMs(),
                            r.correction.indicatorsMs(), r.correction.status(), r.correction.wallSeconds(),
                            fmt(median(at.stream().map(BaselineRun::recomputeSeconds).toList())),
                            fmt(median(r.hub.stream().map(h -> h.indicatorsMs() / 1000.0).toList()))));
                }
            }
            s.append("\n## Reads: `GET " + INDICATOR_URL + "` (analyst, HTTP Basic), " + b.clients + " concurrent clients\n\n"
                    + "| store | when | tool | p50 ms | p99 ms | req/s | errors |\n|---|---|---|---|---|---|---|\n");
            for (SizeResult r : sizes) {
                if (r.idle != null) {
                    s.append(loadRow(String.format("%,d rows", r.size), "idle (" + b.idleLoad.toSeconds() + " s)", r.idle));
                }
                if (r.underLoad != null) {
                    s.append(loadRow("filling to " + String.format("%,d rows", r.size), "during the big-file ingest", r.underLoad.load()));
                }
            }
            if (!pulls.isEmpty()) {
                s.append("\n## Pulls (one hub, fresh store)\n\n| pull | seconds | records | records/s | ledger | note |\n"
                        + "|---|---|---|---|---|---|\n");
                for (Pull p : pulls) {
                    s.append(String.format(Locale.ROOT, "| %s | %.1f | %,d | %,.0f | %s | %s |\n", p.what(), p.seconds(),
                            p.records(), p.records() / p.seconds(), p.status(), p.detail()));
                }
            }
            s.append(targets(b));
            Files.writeString(target, s.toString());
        }

        private String targets(BenchRunner b) {
            StringBuilder s = new StringBuilder("\n## Targets (issue 6)\n\n| # | target | measured | result |\n|---|---|---|---|\n");
            SizeResult big = sizes.stream().filter(r -> r.size == 1_000_000).findFirst()
                    .orElse(sizes.stream().filter(r -> !r.hub.isEmpty()).reduce((x, y) -> y).orElse(null));
            if (big != null && !big.hub.isEmpty() && big.baseline.containsKey("atomic")) {
                double ratio = big.hubSeconds() / big.baselineSeconds("atomic");
                s.append(String.format(Locale.ROOT, "| 1 | big file ≤ 0.75 × atomic JDBC, -Xmx512m | %,d rows: hub %.1f s, baseline %.1f s: %.2f× | %s |\n",
                        big.size, big.hubSeconds(), big.baselineSeconds("atomic"), ratio,
                        (Double.isNaN(ratio) ? "FAIL (a run failed, see above)" : ratio <= 0.75 ? "PASS" : "FAIL")
                                + (big.size == 1_000_000 ? "" : " (not at 1M rows)")));
            } else {
                s.append("| 1 | big file ≤ 0.75 × atomic JDBC | not measured | – |\n");
            }
            SizeResult small = sizes.stream().filter(r -> !r.hub.isEmpty()).findFirst().orElse(null);
            SizeResult largest = sizes.stream().filter(r -> !r.hub.isEmpty()).reduce((x, y) -> y).orElse(null);
            if (small != null && largest != null && largest != small) {
                double ratio = (double) largest.hubRssKb() / small.hubRssKb();
                s.append(String.format(Locale.ROOT, "| 2 | peak RSS at 5M ≤ 1.2 × at 100k | %,d rows %,d MB vs %,d rows %,d MB: %.2f× | %s |\n",
                        largest.size, largest.hubRssKb() >> 10, small.size, small.hubRssKb() >> 10, ratio,
                        (ratio <= 1.2 ? "PASS" : "FAIL") + (largest.size >= 5_000_000 ? "" : " (not at 5M rows)")));
            } else {
                s.append("| 2 | flat memory | needs two sizes | – |\n");
            }
            SizeResult fixAt = sizes.stream().filter(r -> r.correction != null).reduce((x, y) -> y).orElse(null);
            if (fixAt != null) {
                long ms = fixAt.correction.appliedMs() + fixAt.correction.indicatorsMs();
                s.append(String.format(Locale.ROOT, "| 3 | 100-row correction < 1 s of hub time on a 5M store | %,d ms on %,d rows | %s |\n",
                        ms, fixAt.size, (ms < 1000 ? "PASS" : "FAIL") + (fixAt.size >= 5_000_000 ? "" : " (not at 5M rows)")));
            }
            if (small != null && largest != null && largest != small) {
                double exponent = Math.log(largest.hubSeconds() / small.hubSeconds()) / Math.log((double) largest.size / small.size);
                String per = sizes.stream().filter(r -> !r.hub.isEmpty()).map(r -> String.format(Locale.ROOT, "%,d: %.1f s",
                        r.size, r.hubSeconds())).collect(Collectors.joining("; "));
                s.append(String.format(Locale.ROOT, "| 4 | growth close to linear (time ∝ rows^k, k ≤ 1.15) | %s; k = %.2f | %s |\n",
                        per, exponent, exponent <= 1.15 ? "PASS" : "FAIL"));
            } else {
                s.append("| 4 | scaling | needs two sizes | – |\n");
            }
            for (SizeResult r : sizes) {
                if (r.idle != null || r.underLoad != null) {
                    s.append(String.format(Locale.ROOT, "| 5 | API p99, %d clients, idle and during ingest | %s / %s ms | reported |\n",
                            b.clients, r.idle == null ? "–" : fmt1(r.idle.p99Ms()),
                            r.underLoad == null ? "–" : fmt1(r.underLoad.load().p99Ms())));
                }
            }
            for (Pull p : pulls) {
                s.append(String.format(Locale.ROOT, "| 6 | %s | %.1f s, %,d records | reported |\n", p.what(), p.seconds(), p.records()));
            }
            return s.toString();
        }

        private static String row(String rows, String file, String approach, int runs, double sec, int records,
                long rssKb, double ratio) {
            return String.format(Locale.ROOT, "| %s | %s | %s | %d | %.1f | %,.0f | %s | %s |\n", rows, file, approach, runs,
                    sec, records / sec, rssKb < 0 ? "–" : String.format("%,d MB", rssKb >> 10),
                    Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2f", ratio));
        }

        private static String loadRow(String store, String when, ReadLoad.Result r) {
            return String.format(Locale.ROOT, "| %s | %s | %s | %.1f | %.1f | %,.0f | %d |\n", store, when, r.tool(),
                    r.p50Ms(), r.p99Ms(), r.requestsPerSecond(), r.errors());
        }

        private static String fmt(double v) {
            return Double.isNaN(v) || v < 0 ? "–" : String.format(Locale.ROOT, "%.1f", v);
        }

        private static String fmt1(double v) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
    }
}
