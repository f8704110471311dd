package cn.zhigu.hub.it;

import cn.zhigu.hub.normalise.CreditCode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The truth of the ITs that feed a hub tax exports and check its indicators: the rows they write (GBK,
 * feeds.md F3), the last row of each key winning, and the values of all eight tax indicators those rows
 * make (indicators.md), computed here independently of the hub.
 */
final class TaxTruth {

    static final Charset GBK = Charset.forName("GBK");
    static final String HEADER = "统一社会信用代码,纳税人名称,所属期,行业代码,街道,营业收入,实缴税额,研发费用,高新技术企业\r\n";
    /** The tax indicators, as an SQL list. */
    static final String CODES = "'ENT_TAXPAYING', 'ENT_HIGHTECH', 'REVENUE', 'TAX_PAID', 'RD_EXPENSE', 'HIGHTECH_REVENUE',"
            + " 'RD_INTENSITY', 'HIGHTECH_REVENUE_YOY'";
    /** How far a published ratio may be from the exact one: the store keeps 10 decimals. */
    static final BigDecimal RATIO_TOLERANCE = new BigDecimal("0.000000001");
    private static final String[][] INDUSTRIES = {{"I6513", "I"}, {"M7441", "M"}, {"2761", "C"}};

    record TaxRow(String code, int month, String street, String section, long revenueCents, long taxCents, long rdCents,
            boolean highTech) {

        /** The same key delivered again with other amounts. */
        TaxRow corrected(long revenueDelta, long taxDelta) {
            return new TaxRow(code, month, street, section, revenueCents + revenueDelta, taxCents + taxDelta, rdCents, highTech);
        }
    }

    private final Map<String, TaxRow> rows = new LinkedHashMap<>();
    /** The streets of config/streets.csv, each with whether it is in the Zhigu. */
    private final Map<String, Boolean> zhigu = new LinkedHashMap<>();
    private final Random random;
    private final String codePrefix;
    private int nextEnterprise = 1;

    /** @param codePrefix the credit codes' characters 9-10, so that each IT's enterprises are its own */
    TaxTruth(Random random, String codePrefix) throws IOException {
        this.random = random;
        this.codePrefix = codePrefix;
        for (String line : Files.readAllLines(Path.of("config", "streets.csv")).subList(1, 15)) {
            String[] f = line.split(",");
            zhigu.put(f[0], f[4].equals("Y"));
        }
    }

    List<String> streets() {
        return new ArrayList<>(zhigu.keySet());
    }

    boolean inZhigu(String street) {
        return zhigu.get(street);
    }

    /** The street of the enterprise's latest tax row (latest month), if it has one. */
    java.util.Optional<String> latestStreet(String code) {
        return rows.values().stream().filter(r -> r.code().equals(code))
                .max(java.util.Comparator.comparingInt(TaxRow::month)).map(TaxRow::street);
    }

    String newCode() {
        String first17 = "91420106" + codePrefix + String.format("%07d", nextEnterprise++);
        return first17 + CreditCode.checkCharacter(first17);
    }

    /**
     * A row with a random revenue (plus {@code salt} cents), tax and R&D expense (none in one row of
     * five), high-tech in two rows of five, in the enterprise's one section.
     */
    TaxRow row(String code, int month, String street, int salt) {
        long revenue = 100_000L + random.nextInt(9_000_000) + salt;
        long rd = random.nextInt(5) == 0 ? 0 : random.nextInt((int) (revenue / 10));
        return new TaxRow(code, month, street, INDUSTRIES[Math.floorMod(code.hashCode(), 3)][1], revenue,
                revenue / 20 + random.nextInt(100), rd, random.nextInt(5) < 2);
    }

    /** Writes the row as a CSV line and takes it as the truth of its key. */
    void write(BufferedWriter w, TaxRow r) throws IOException {
        String industry = java.util.Arrays.stream(INDUSTRIES).filter(i -> i[1].equals(r.section())).findFirst()
                .orElseThrow()[0];
        w.write(r.code() + ",企业" + r.code().substring(10, 17) + "," + r.month() + "," + industry + "," + r.street() + ","
                + cents(r.revenueCents()) + "," + cents(r.taxCents()) + "," + cents(r.rdCents()) + ","
                + (r.highTech() ? "是" : "否") + "\r\n");
        rows.put(r.code() + "@" + r.month(), r);
    }

    private static String cents(long c) {
        return BigDecimal.valueOf(c, 2).toPlainString();
    }

    /**
     * Every tax indicator's value (code|period|area|industry) for the months, quarters and years of
     * {@code fromYear} to {@code toYear} inclusive, from the rows; values that are none or 0 are left out.
     */
    Map<String, BigDecimal> expectedTaxCells(int fromYear, int toYear) {
        Map<String, BigDecimal> sums = new HashMap<>();
        Map<String, Set<String>> enterprises = new HashMap<>();
        for (TaxRow r : rows.values()) {
            int year = r.month() / 100;
            int month = r.month() % 100;
            List<String> periods = List.of(year + "-" + String.format("%02d", month), year + "-Q" + ((month - 1) / 3 + 1),
                    String.valueOf(year));
            List<String> areas = new ArrayList<>(List.of(r.street(), "DISTRICT"));
            if (zhigu.get(r.street())) {
                areas.add("ZHIGU");
            }
            for (String p : periods) {
                for (String a : areas) {
                    for (String i : List.of("ALL", r.section())) {
                        String cell = p + "|" + a + "|" + i;
                        sums.merge("REVENUE|" + cell, BigDecimal.valueOf(r.revenueCents(), 2), BigDecimal::add);
                        sums.merge("TAX_PAID|" + cell, BigDecimal.valueOf(r.taxCents(), 2), BigDecimal::add);
                        sums.merge("RD_EXPENSE|" + cell, BigDecimal.valueOf(r.rdCents(), 2), BigDecimal::add);
                        enterprises.computeIfAbsent("ENT_TAXPAYING|" + cell, k -> new HashSet<>()).add(r.code());
                        if (r.highTech()) {
                            sums.merge("HIGHTECH_REVENUE|" + cell, BigDecimal.valueOf(r.revenueCents(), 2), BigDecimal::add);
                            enterprises.computeIfAbsent("ENT_HIGHTECH|" + cell, k -> new HashSet<>()).add(r.code());
                        }
                    }
                }
            }
        }
        Map<String, BigDecimal> cells = new HashMap<>(sums);
        enterprises.forEach((k, v) -> cells.put(k, BigDecimal.valueOf(v.size())));
        for (var e : sums.entrySet()) {
            String cell = e.getKey().substring(e.getKey().indexOf('|') + 1);
            if (e.getKey().startsWith("REVENUE|")) { // RD_EXPENSE / REVENUE x 100 (every revenue here is above 0)
                cells.put("RD_INTENSITY|" + cell, percent(sums.getOrDefault("RD_EXPENSE|" + cell, BigDecimal.ZERO), e.getValue()));
            }
            if (e.getKey().startsWith("HIGHTECH_REVENUE|")) { // the base of the same period a year later
                String[] c = cell.split("\\|");
                String later = (Integer.parseInt(c[0].substring(0, 4)) + 1) + c[0].substring(4);
                BigDecimal now = sums.getOrDefault("HIGHTECH_REVENUE|" + later + "|" + c[1] + "|" + c[2], BigDecimal.ZERO);
                cells.put("HIGHTECH_REVENUE_YOY|" + later + "|" + c[1] + "|" + c[2], percent(now, e.getValue()).subtract(BigDecimal.valueOf(100)));
            }
        }
        cells.values().removeIf(v -> v.signum() == 0);
        cells.keySet().removeIf(k -> {
            int year = Integer.parseInt(k.split("\\|")[1].substring(0, 4));
            return year < fromYear || year > toYear;
        });
        return cells;
    }

    private static BigDecimal percent(BigDecimal part, BigDecimal whole) {
        return part.multiply(BigDecimal.valueOf(100)).divide(whole, 12, RoundingMode.HALF_UP);
    }

    /** The tax indicators' values the store publishes for those years (none and 0 left out). */
    static Map<String, BigDecimal> published(java.sql.Connection store, int fromYear, int toYear) throws java.sql.SQLException {
        return published(store, CODES, fromYear, toYear);
    }

    /** The values of those indicators (an SQL list) the store publishes for those years (none and 0 left out). */
    static Map<String, BigDecimal> published(java.sql.Connection store, String codes, int fromYear, int toYear)
            throws java.sql.SQLException {
        return published(store, "code IN (" + codes + ") AND period >= '" + fromYear + "' AND period < '" + (toYear + 1) + "'");
    }

    /**
     * The values the store publishes where the condition holds, code|period|area|industry -> value (none
     * and 0 left out, trailing zeros stripped).
     */
    static Map<String, BigDecimal> published(java.sql.Connection store, String where) throws java.sql.SQLException {
        Map<String, BigDecimal> published = new java.util.TreeMap<>();
        try (java.sql.ResultSet rs = store.createStatement().executeQuery(
                "SELECT code, period, area, industry, val FROM indicator_value WHERE " + where)) {
            while (rs.next()) {
                BigDecimal v = rs.getBigDecimal(5);
                if (v != null && v.signum() != 0) {
                    published.put(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4),
                            v.stripTrailingZeros());
                }
            }
        }
        return published;
    }

    /** Asserts that the published values (code|period|area|industry, none and 0 left out) are these. */
    static void assertPublishedEqual(Map<String, BigDecimal> expected, Map<String, BigDecimal> published) {
        org.assertj.core.api.Assertions.assertThat(published.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (var e : expected.entrySet()) {
            org.assertj.core.api.Assertions.assertThat(published.get(e.getKey())).as(e.getKey())
                    .isCloseTo(e.getValue(), org.assertj.core.api.Assertions.within(RATIO_TOLERANCE));
        }
    }
}
