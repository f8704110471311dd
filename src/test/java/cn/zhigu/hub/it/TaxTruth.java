package cn.zhigu.hub.it;

import cn.zhigu.hub.normalise.CreditCode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
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
 * feeds.md F3), the last row of each key winning, and the tax cells those rows make, computed here
 * independently of the hub.
 */
final class TaxTruth {

    static final Charset GBK = Charset.forName("GBK");
    static final String HEADER = "统一社会信用代码,纳税人名称,所属期,行业代码,街道,营业收入,实缴税额,研发费用,高新技术企业\r\n";
    private static final String[][] INDUSTRIES = {{"I6513", "I"}, {"M7441", "M"}, {"2761", "C"}};

    record TaxRow(String code, int month, String street, String section, long revenueCents, long taxCents) {}

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

    String newCode() {
        String first17 = "91420106" + codePrefix + String.format("%07d", nextEnterprise++);
        return first17 + CreditCode.checkCharacter(first17);
    }

    /** A row with a random revenue (plus {@code salt} cents) and tax, in the enterprise's one section. */
    TaxRow row(String code, int month, String street, int salt) {
        long revenue = 100_000L + random.nextInt(9_000_000) + salt;
        return new TaxRow(code, month, street, INDUSTRIES[Math.floorMod(code.hashCode(), 3)][1], revenue,
                revenue / 20 + random.nextInt(100));
    }

    /** Writes the row as a CSV line and takes it as the truth of its key. */
    void write(BufferedWriter w, TaxRow r) throws IOException {
        String industry = java.util.Arrays.stream(INDUSTRIES).filter(i -> i[1].equals(r.section())).findFirst()
                .orElseThrow()[0];
        w.write(r.code() + ",企业" + r.code().substring(10, 17) + "," + r.month() + "," + industry + "," + r.street() + ","
                + cents(r.revenueCents()) + "," + cents(r.taxCents()) + ",0,否\r\n");
        rows.put(r.code() + "@" + r.month(), r);
    }

    private static String cents(long c) {
        return BigDecimal.valueOf(c, 2).toPlainString();
    }

    /** REVENUE, TAX_PAID and ENT_TAXPAYING per month, quarter and year, area and industry, from the rows. */
    Map<String, BigDecimal> expectedTaxCells() {
        Map<String, BigDecimal> cells = new HashMap<>();
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
                        cells.merge("REVENUE|" + cell, BigDecimal.valueOf(r.revenueCents(), 2), BigDecimal::add);
                        cells.merge("TAX_PAID|" + cell, BigDecimal.valueOf(r.taxCents(), 2), BigDecimal::add);
                        enterprises.computeIfAbsent("ENT_TAXPAYING|" + cell, k -> new HashSet<>()).add(r.code());
                    }
                }
            }
        }
        enterprises.forEach((k, v) -> cells.put(k, BigDecimal.valueOf(v.size())));
        return cells;
    }
}
