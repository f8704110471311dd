package cn.zhigu.hub.it;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The deliveries of the street offices, the university and CAS for the crash IT (feeds.md F4a, F4b,
 * F1a, F1b, F2), each file correcting some keys of the earlier ones, and the truth of the nine
 * indicators they make (indicators.md), computed here independently of the hub.
 *
 * <p>The enterprises that sign contracts or take investments are placed without ambiguity: they settled
 * before 2022 and never moved out, or they have only tax rows (all of 2022), or they are nowhere. Their
 * contracts and investments all fall in 2023-2024, so that the master record reads the same whether it
 * is taken as of today or as of a period's end.
 */
final class OtherFeedsTruth {

    /** The sample investments the demo's university serves (sample-feeds/EXPECTED.md 4.3), all placed nowhere here. */
    static final int SAMPLE_INVESTMENTS = 7;
    static final BigDecimal SAMPLE_INVESTED = new BigDecimal("12000000.00");

    private static final String LEDGER_HEADER = "统一社会信用代码,企业名称,街道,楼宇,面积,入驻日期,迁出日期,企业类型\r\n";
    private static final String[] LEVELS = {"国家级", "省级", "市级", "区级"};
    private static final String[] INSTITUTES = {"APM", "WIV", "WBG", "IRSM", "IHB"};

    record LedgerRow(String street, long m2, LocalDate settled, LocalDate left) {}

    record Carrier(String street, String level, LocalDate recognised) {}

    /** A contract (F1a or F2) or an investment (F1b, {@code counted} always). */
    record Deal(String party, BigDecimal amount, LocalDate on, boolean counted, OffsetDateTime updated) {}

    private final Random random;
    private final TaxTruth tax;
    private final List<String> streets;
    private final Map<String, LedgerRow> ledger = new HashMap<>();
    private final Map<String, Carrier> carriers = new HashMap<>();
    private final Map<String, Deal> contracts = new HashMap<>();
    private final Map<String, Deal> investments = new HashMap<>();
    private OffsetDateTime stamp = OffsetDateTime.of(2023, 1, 1, 9, 0, 0, 0, ZoneOffset.ofHours(8));

    OtherFeedsTruth(Random random, TaxTruth tax) {
        this.random = random;
        this.tax = tax;
        this.streets = tax.streets();
    }

    /**
     * The files, feed -> name -> content, in the order to deliver them.
     *
     * @param taxed enterprises whose tax rows are all of 2022; the first half of them also settle
     */
    Map<String, Map<String, byte[]>> files(List<String> taxed) {
        List<String> settled = new ArrayList<>(taxed.subList(0, taxed.size() / 2));
        List<String> parties = new ArrayList<>(taxed);
        for (int e = 0; e < 150; e++) {
            String code = tax.newCode();
            settled.add(code);
            parties.add(code);
        }
        for (int e = 0; e < 40; e++) {
            parties.add(tax.newCode()); // placed nowhere
        }
        List<String> coming = new ArrayList<>();
        for (int e = 0; e < 120; e++) {
            coming.add(tax.newCode()); // settle and leave at any time, never a party
        }

        Map<String, Map<String, byte[]>> out = new LinkedHashMap<>();
        Map<String, byte[]> street = out.computeIfAbsent("street", k -> new LinkedHashMap<>());
        Map<String, byte[]> university = out.computeIfAbsent("university", k -> new LinkedHashMap<>());
        Map<String, byte[]> cas = out.computeIfAbsent("cas", k -> new LinkedHashMap<>());
        for (int f = 0; f < 3; f++) { // the later ledgers move some enterprises, and see some in or out
            StringBuilder csv = new StringBuilder(LEDGER_HEADER);
            for (String code : settled) {
                if (f == 0 || random.nextInt(3) == 0) {
                    ledgerRow(csv, code, new LedgerRow(street(), 50 + random.nextInt(3_000), date(2019, 2021), null));
                }
            }
            for (String code : coming) {
                if (f == 0 || random.nextInt(3) == 0) {
                    comingRow(csv, code);
                }
            }
            street.put(String.format("settlement-2023-%02d.csv", f), csv.toString().getBytes(StandardCharsets.UTF_8));
        }
        for (int f = 0; f < 2; f++) { // key (name, street): each name has its one street
            StringBuilder csv = new StringBuilder("载体名称,街道,级别,面积,认定日期\r\n");
            for (int c = 0; c < 30; c++) {
                if (f == 0 || random.nextInt(3) == 0) {
                    String name = "智谷创孵空间" + c + "号";
                    Carrier carrier = new Carrier(streets.get(c % streets.size()), LEVELS[random.nextInt(LEVELS.length)],
                            date(2020, 2024));
                    carriers.put(name + "@" + carrier.street(), carrier);
                    csv.append(name).append(',').append(carrier.street()).append(',').append(carrier.level()).append(',')
                            .append(1_000 + random.nextInt(9_000)).append("平方米,").append(carrier.recognised()).append("\r\n");
                }
            }
            street.put(String.format("carriers-2023-%02d.csv", f), csv.toString().getBytes(StandardCharsets.UTF_8));
        }
        // contracts, investments and transfers: each later file replaces some keys with a later updatedAt
        // and repeats others with an earlier one (ignored)
        for (int f = 0; f < 3; f++) {
            List<String> items = new ArrayList<>();
            for (int no : keys(f, 60)) {
                String key = String.format("WHU-TT-2023-%03d", no);
                Deal d = deal(key, contracts, parties, date(2023, 2024), random.nextInt(10) != 0, cents());
                items.add(String.format("""
                        {"contractNo": "%s", "title": "专利实施许可", "kind": "%s", "licenseeCreditCode": "%s",
                         "amount": "%s", "amountUnit": "元", "signedOn": "%s", "status": "%s", "updatedAt": "%s"}""",
                        key, random.nextBoolean() ? "LICENSE" : "转让", d.party(), d.amount().toPlainString(), d.on(),
                        d.counted() ? "SIGNED" : "CANCELLED", d.updated()));
            }
            university.put(String.format("contracts-2023-%02d.json", f),
                    ("{\"items\": [" + String.join(",\n", items) + "]}").getBytes(StandardCharsets.UTF_8));
        }
        for (int f = 0; f < 2; f++) {
            List<String> items = new ArrayList<>();
            for (int no : keys(f, 30)) {
                String key = String.format("LJF-2023-%03d", no);
                Deal d = deal(key, investments, parties, date(2023, 2024), true,
                        BigDecimal.valueOf((10 + random.nextInt(500)) * 10_000L));
                items.add(String.format("""
                        {"investmentId": "%s", "fund": "珞珈创新天使基金", "investeeCreditCode": "%s",
                         "amount": %s, "amountUnit": "万元", "investedOn": "%s", "updatedAt": "%s"}""",
                        key, d.party(), d.amount().movePointLeft(4).toPlainString(), d.on(), d.updated()));
            }
            university.put(String.format("investments-2023-%02d.json", f),
                    ("[" + String.join(",\n", items) + "]").getBytes(StandardCharsets.UTF_8));
        }
        for (int f = 0; f < 3; f++) {
            StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<transfers xmlns=\"urn:cas-whb:transfer:1\" generated=\"2024-12-01T09:00:00+08:00\">\n");
            for (int no : keys(f, 40)) {
                String key = String.format("WHB-2023-%04d", no);
                Deal d = deal(key, contracts, parties, date(2023, 2024), random.nextInt(8) != 0, cents());
                xml.append(String.format("""
                          <transfer id="%s" institute="%s" updated="%s">
                            <title>技术转让</title>
                            <partner creditCode="%s" name="企业"/>
                            <amount unit="yuan">%s</amount>
                            <signed>%s</signed>
                            <type>转让</type>
                            <status>%s</status>
                          </transfer>
                        """, key, INSTITUTES[random.nextInt(INSTITUTES.length)], d.updated(), d.party(),
                        d.amount().toPlainString(), d.on(), d.counted() ? "active" : "withdrawn"));
            }
            cas.put(String.format("transfers-2023-%02d.xml", f), xml.append("</transfers>\n").toString().getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** A settlement ledger of {@code rows} enterprises new to the hub, none of them a party, in one file. */
    byte[] bigLedger(int rows) {
        StringBuilder csv = new StringBuilder(LEDGER_HEADER);
        for (int r = 0; r < rows; r++) {
            comingRow(csv, tax.newCode());
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An enterprise that settles at any time and may have left. */
    private void comingRow(StringBuilder csv, String code) {
        LocalDate in = date(2019, 2024);
        LocalDate left = in.getYear() < 2022 && random.nextBoolean() ? date(2022, 2024) : null;
        ledgerRow(csv, code, new LedgerRow(street(), 50 + random.nextInt(3_000), in, left));
    }

    /** The keys of file {@code f}: the first file has {@code n} new ones, each later one some of those and new ones. */
    private List<Integer> keys(int f, int n) {
        List<Integer> keys = new ArrayList<>();
        for (int k = 0; k < n * (f + 1); k++) {
            if (f == 0 || k >= n * f || random.nextInt(3) == 0) {
                keys.add(k);
            }
        }
        return keys;
    }

    /** A new record for the key; an earlier updatedAt than the kept one's leaves the kept one the truth. */
    private Deal deal(String key, Map<String, Deal> truth, List<String> parties, LocalDate on, boolean counted,
            BigDecimal amount) {
        Deal kept = truth.get(key);
        boolean late = kept != null && random.nextInt(4) == 0;
        stamp = stamp.plusMinutes(1 + random.nextInt(600));
        OffsetDateTime updated = late ? kept.updated().minusHours(1 + random.nextInt(48)) : stamp;
        Deal d = new Deal(parties.get(random.nextInt(parties.size())), amount, on, counted, updated);
        if (!late) {
            truth.put(key, d);
        }
        return d;
    }

    /** 1,000,000.00 to 10,000,000.00 元. */
    private BigDecimal cents() {
        return BigDecimal.valueOf(100_000_000L + random.nextInt(900_000_000), 2);
    }

    private void ledgerRow(StringBuilder csv, String code, LedgerRow row) {
        ledger.put(code, row);
        csv.append(code).append(",企业").append(code, 10, 17).append(',').append(row.street()).append(",智谷大厦,")
                .append(row.m2()).append("㎡,").append(row.settled()).append(',').append(row.left() == null ? "" : row.left())
                .append(",科技型\r\n");
    }

    private String street() {
        return streets.get(random.nextInt(streets.size()));
    }

    private LocalDate date(int fromYear, int toYear) {
        return LocalDate.of(fromYear + random.nextInt(toYear - fromYear + 1), 1 + random.nextInt(12), 1 + random.nextInt(28));
    }

    /**
     * The values of ENT_SETTLED, SPACE_OCCUPIED, CARRIERS, CARRIERS_PROVINCIAL, TT_CONTRACTS, TT_AMOUNT,
     * TT_LOCAL_RATE, FUND_PROJECTS and FUND_AMOUNT (code|period|area|industry) for every month, quarter
     * and year of those years, with the contracts of the demo (all before 2022) and its investments (all
     * placed nowhere); values that are none or 0 are left out.
     */
    Map<String, BigDecimal> expected(int fromYear, int toYear) {
        Map<String, BigDecimal> cells = new HashMap<>();
        for (int y = fromYear; y <= toYear; y++) {
            List<String[]> periods = new ArrayList<>(); // period, start, end
            for (int m = 1; m <= 12; m++) {
                YearMonth ym = YearMonth.of(y, m);
                periods.add(new String[] {ym.toString(), ym.atDay(1).toString(), ym.atEndOfMonth().toString()});
            }
            for (int q = 1; q <= 4; q++) {
                periods.add(new String[] {y + "-Q" + q, YearMonth.of(y, q * 3 - 2).atDay(1).toString(),
                        YearMonth.of(y, q * 3).atEndOfMonth().toString()});
            }
            periods.add(new String[] {String.valueOf(y), y + "-01-01", y + "-12-31"});
            for (String[] p : periods) {
                LocalDate start = LocalDate.parse(p[1]);
                LocalDate end = LocalDate.parse(p[2]);
                for (LedgerRow r : ledger.values()) {
                    if (!r.settled().isAfter(end) && (r.left() == null || r.left().isAfter(end))) {
                        for (String a : areas(r.street())) {
                            cells.merge("ENT_SETTLED|" + p[0] + "|" + a + "|ALL", BigDecimal.ONE, BigDecimal::add);
                            cells.merge("SPACE_OCCUPIED|" + p[0] + "|" + a + "|ALL", BigDecimal.valueOf(r.m2()), BigDecimal::add);
                        }
                    }
                }
                for (Carrier c : carriers.values()) {
                    if (!c.recognised().isAfter(end)) {
                        for (String a : areas(c.street())) {
                            cells.merge("CARRIERS|" + p[0] + "|" + a + "|ALL", BigDecimal.ONE, BigDecimal::add);
                            if (c.level().equals("国家级") || c.level().equals("省级")) {
                                cells.merge("CARRIERS_PROVINCIAL|" + p[0] + "|" + a + "|ALL", BigDecimal.ONE, BigDecimal::add);
                            }
                        }
                    }
                }
                for (Deal d : contracts.values()) {
                    if (d.counted() && !d.on().isBefore(start) && !d.on().isAfter(end)) {
                        for (String a : partyAreas(d.party())) {
                            cells.merge("TT_CONTRACTS|" + p[0] + "|" + a + "|ALL", BigDecimal.ONE, BigDecimal::add);
                            cells.merge("TT_AMOUNT|" + p[0] + "|" + a + "|ALL", d.amount(), BigDecimal::add);
                        }
                    }
                }
                cells.put("FUND_PROJECTS|" + p[0] + "|ALL|ALL", BigDecimal.valueOf(SAMPLE_INVESTMENTS));
                cells.put("FUND_AMOUNT|" + p[0] + "|ALL|ALL", SAMPLE_INVESTED);
                for (Deal d : investments.values()) {
                    if (!d.on().isAfter(end)) {
                        for (String a : partyAreas(d.party())) {
                            cells.merge("FUND_PROJECTS|" + p[0] + "|" + a + "|ALL", BigDecimal.ONE, BigDecimal::add);
                            cells.merge("FUND_AMOUNT|" + p[0] + "|" + a + "|ALL", d.amount(), BigDecimal::add);
                        }
                    }
                }
                BigDecimal all = cells.get("TT_CONTRACTS|" + p[0] + "|ALL|ALL");
                if (all != null) {
                    for (String a : areasOfTheDistrict()) {
                        BigDecimal n = cells.get("TT_CONTRACTS|" + p[0] + "|" + a + "|ALL");
                        if (n != null) {
                            cells.put("TT_LOCAL_RATE|" + p[0] + "|" + a + "|ALL",
                                    n.multiply(BigDecimal.valueOf(100)).divide(all, 12, RoundingMode.HALF_UP));
                        }
                    }
                }
            }
        }
        cells.values().removeIf(v -> v.signum() == 0);
        return cells;
    }

    /** The codes of {@link #expected}, as an SQL list. */
    static final String CODES = "'ENT_SETTLED', 'SPACE_OCCUPIED', 'CARRIERS', 'CARRIERS_PROVINCIAL', 'TT_CONTRACTS',"
            + " 'TT_AMOUNT', 'TT_LOCAL_RATE', 'FUND_PROJECTS', 'FUND_AMOUNT'";

    private List<String> areas(String street) {
        List<String> areas = new ArrayList<>(List.of(street, "DISTRICT"));
        if (tax.inZhigu(street)) {
            areas.add("ZHIGU");
        }
        return areas;
    }

    private List<String> areasOfTheDistrict() {
        List<String> areas = new ArrayList<>(streets);
        areas.addAll(List.of("DISTRICT", "ZHIGU"));
        return areas;
    }

    /** The master record's areas (ledger street while there, else the latest tax row's street), and ALL. */
    private List<String> partyAreas(String code) {
        LedgerRow row = ledger.get(code);
        Optional<String> street = row != null && row.left() == null ? Optional.of(row.street()) : tax.latestStreet(code);
        List<String> areas = new ArrayList<>(street.map(this::areas).orElse(List.of()));
        areas.add("ALL");
        return areas;
    }
}
