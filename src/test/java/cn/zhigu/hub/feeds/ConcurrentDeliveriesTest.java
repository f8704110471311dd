package cn.zhigu.hub.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.zhigu.hub.HubTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Many deliveries at once, across feeds, while analysts read: batches apply one at a time in the
 * order the hub takes the files (oldest modification time first, then name), the later of two files
 * correcting the same key wins, and a reader only ever sees the indicators as they stood between two
 * whole batches.
 */
class ConcurrentDeliveriesTest extends HubTestSupport {

    private static final String HEADER = "\uFEFF统一社会信用代码,纳税人名称,所属期,行业代码,街道,营业收入,实缴税额,研发费用,高新技术企业\n";
    private static final List<String> STREETS = List.of("420106002", "420106003", "420106004", "420106005");
    private static final int TAX_FILES = 46;
    private static final int ROWS_PER_FILE = 25;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    /** One tax file of the test: its name, content, modification time and the revenue per key it delivers. */
    private record Delivery(String name, String content, Instant modified, Map<String, Long> revenueByKey) {}

    @Test
    void fiftyTwoFilesAtOnceApplyInTakingOrderAndReadersNeverSeeAHalfBatch() throws Exception {
        Instant base = Instant.now().minus(Duration.ofHours(1));
        List<Delivery> tax = new ArrayList<>();
        for (int f = 0; f < TAX_FILES - 2; f++) {
            Map<String, Long> rows = new LinkedHashMap<>();
            StringBuilder csv = new StringBuilder(HEADER);
            for (int r = 0; r < ROWS_PER_FILE; r++) {
                String code = code(String.format("91420106MA%07d", f * 100 + r));
                long revenue = 1_000L * (f + 1) + r;
                csv.append(code).append(",企业").append(f).append('-').append(r).append(",2023")
                        .append(String.format("%02d", 1 + (f % 12))).append(",I6513,").append(STREETS.get(r % 4))
                        .append(',').append(revenue).append(".00,10.00,0,N\n");
                rows.put(code + "@" + (f % 12), revenue);
            }
            tax.add(new Delivery(String.format("tax-%02d.csv", f), csv.toString(), base.plusSeconds(f), rows));
        }
        // Two files arrive together (the same modification time) and correct the same key: the one
        // taken later, by name, wins. Their key is also in file 3, which both correct.
        String corrected = code(String.format("91420106MA%07d", 3 * 100 + 7));
        Instant together = base.plusSeconds(TAX_FILES + 10);
        for (String[] c : new String[][] {{"tax-fix-a.csv", "777777"}, {"tax-fix-b.csv", "888888"}}) {
            String csv = HEADER + corrected + ",企业3-7,2023" + String.format("%02d", 1 + 3) + ",I6513,420106005," + c[1]
                    + ".00,10.00,0,N\n";
            tax.add(new Delivery(c[0], csv, together, Map.of(corrected + "@3", Long.parseLong(c[1]))));
        }

        // the revenue of 2023 in the district after each whole batch, in taking order
        List<BigDecimal> states = new ArrayList<>();
        Map<String, Long> store = new LinkedHashMap<>();
        states.add(BigDecimal.ZERO.setScale(2));
        for (Delivery d : tax) {
            store.putAll(d.revenueByKey());
            states.add(BigDecimal.valueOf(store.values().stream().mapToLong(Long::longValue).sum()).setScale(2));
        }

        // readers start before the first file lands and go on until the last batch is done
        AtomicBoolean done = new AtomicBoolean();
        List<List<BigDecimal>> seen = new ArrayList<>();
        List<Throwable> readerErrors = new CopyOnWriteArrayList<>();
        ExecutorService readers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<BigDecimal> mine = new ArrayList<>();
            seen.add(mine);
            running.add(readers.submit(() -> {
                try {
                    while (!done.get()) {
                        mine.add(revenue2023());
                        Thread.sleep(15);
                    }
                } catch (Throwable e) {
                    readerErrors.add(e);
                }
            }));
        }

        // 46 tax files, and the other feeds' sample deliveries, all at once
        List<String[]> others = List.of(new String[] {"university", "contracts-2021q1.json"},
                new String[] {"university", "contracts-2021q1-corrections.json"},
                new String[] {"university", "investments-2020.json"}, new String[] {"cas", "transfers-2021.xml"},
                new String[] {"street", "settlement-ledger.csv"}, new String[] {"street", "carriers.xlsx"});
        for (Delivery d : tax) {
            dropAt("tax", d.name(), d.content().getBytes(StandardCharsets.UTF_8), d.modified());
        }
        int i = 0;
        for (String[] o : others) {
            dropAt(o[0], o[1], Files.readAllBytes(Path.of("sample-feeds", o[0], o[1])), base.plusSeconds(i++));
        }
        int files = tax.size() + others.size();
        assertThat(files).isGreaterThanOrEqualTo(50);

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() ->
                jdbc.queryForObject("SELECT COUNT(*) FROM batch WHERE status <> 'RUNNING'", Integer.class) == files);
        Thread.sleep(200);
        done.set(true);
        for (Future<?> f : running) {
            f.get();
        }
        readers.shutdown();
        assertThat(readerErrors).isEmpty();

        // every batch applied, every file archived, inbound empty
        assertThat(jdbc.queryForList("SELECT source FROM batch WHERE status NOT IN ('APPLIED', 'PARTIAL')", String.class))
                .isEmpty();
        for (Delivery d : tax) {
            assertThat(archived("tax", d.name())).exists();
        }
        for (String[] o : others) {
            assertThat(archived(o[0], o[1])).exists();
        }
        for (String feed : List.of("tax", "university", "cas", "street")) {
            try (var left = Files.list(DATA_DIR.resolve("inbound").resolve(feed))) {
                assertThat(left.toList()).as(feed).isEmpty();
            }
        }

        // tax batches in taking order: modification time, then name
        List<String> taken = jdbc.queryForList("SELECT source FROM batch WHERE feed = 'tax' ORDER BY id", String.class);
        assertThat(taken).containsExactlyElementsOf(tax.stream().map(Delivery::name).toList());
        // later wins: the file taken last of the two that arrived together
        assertThat(jdbc.queryForObject("SELECT revenue FROM tax_return WHERE credit_code = ? AND period_month = 202304",
                BigDecimal.class, corrected)).isEqualByComparingTo("888888");
        assertThat(revenue2023()).isEqualByComparingTo(states.get(states.size() - 1));

        // readers saw only states between whole batches, and never went back in time
        int observations = 0;
        for (List<BigDecimal> mine : seen) {
            int last = 0;
            for (BigDecimal v : mine) {
                int at = indexOf(states, v);
                assertThat(at).as("a reader saw %s, which is no state between two whole batches", v).isGreaterThanOrEqualTo(0);
                assertThat(at).as("a reader went back in time").isGreaterThanOrEqualTo(last);
                last = at;
                observations++;
            }
        }
        // the readers did read during the ingest: they saw more than the first and the last state
        assertThat(seen.stream().flatMap(List::stream).map(v -> indexOf(states, v)).distinct().count())
                .as("distinct states seen in %d readings", observations).isGreaterThan(5);

        // the other feeds' deliveries count as sample-feeds/EXPECTED.md says (5.5: 16 contracts of both
        // institutes in 2021-Q1; 4.3: 12,000,000.00 元 of angel-fund investment by the end of 2020)
        assertThat(indicator("TT_CONTRACTS", "2021-Q1", "ALL", "ALL")).isEqualByComparingTo("16");
        assertThat(indicator("FUND_AMOUNT", "2020", "ALL", "ALL")).isEqualByComparingTo("12000000");
    }

    private static int indexOf(List<BigDecimal> states, BigDecimal v) {
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).compareTo(v) == 0) {
                return i;
            }
        }
        return -1;
    }

    private BigDecimal revenue2023() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/indicators/REVENUE/values?period=2023&area=DISTRICT"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("analyst:" + ANALYST_PASSWORD)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode value = json.readTree(r.body()).get("values").get(0).get("value");
        return value.decimalValue();
    }

    /** Drops a file, written elsewhere and moved in, with the modification time the agency gave it. */
    private static void dropAt(String feed, String name, byte[] content, Instant modified) throws Exception {
        Path inbound = DATA_DIR.resolve("inbound").resolve(feed);
        Files.createDirectories(inbound);
        Path tmp = Files.createTempFile(DATA_DIR, "upload", ".tmp");
        Files.write(tmp, content);
        Files.setLastModifiedTime(tmp, FileTime.from(modified));
        Files.move(tmp, inbound.resolve(name));
    }
}
