package cn.zhigu.hub.bench;

import cn.zhigu.hub.feeds.tax.TaxReturns;
import cn.zhigu.hub.normalise.CreditCode;
import cn.zhigu.hub.normalise.Street;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The benchmark's data, deterministic from a seed: a city-wide tax export (feeds.md F3, GBK CSV) with
 * about 2 % corrections (the same key again later in the file) and 0.2 % bad rows, a small correction
 * file, and the tax bureau's exchange table for the JDBC pull. Enterprises have valid GB 32100 credit
 * codes of 武昌区 (420106), a street of config/streets.csv (by full name, short name, 9- or 12-digit
 * code), a GB/T 4754 class (with or without its section letter, or just the division) and revenue of
 * a plausible size; months run from 2019-01, one row per enterprise and month.
 */
public final class TaxData {

    public static final Charset GBK = Charset.forName("GBK");
    public static final YearMonth FIRST_MONTH = YearMonth.of(2019, 1);
    /** Months an export covers: 2019-01 .. 2023-12. */
    public static final int MONTHS = 60;
    static final double CORRECTION_SHARE = 0.02;
    static final double BAD_SHARE = 0.002;

    /** Classes of GB/T 4754-2017 (section letter first), all consistent with their division. */
    static final String[] INDUSTRIES = {"I6513", "I6421", "I6550", "I6531", "C3911", "C3562", "C2720", "C4011",
        "M7320", "M7350", "M7520", "L7212", "J6620", "F5191", "G5431", "K7010", "N7722", "R8610", "O8010", "E4910"};
    static final String[] BRANDS = {"光谷", "珞珈", "东湖", "楚天", "长江", "黄鹤", "汉江", "南湖", "智谷", "白沙",
        "紫阳", "晴川", "江城", "荆楚", "知音", "昙华", "沙湖", "首义", "凤凰", "梧桐"};
    static final String[] FIELDS = {"智能", "生物", "信息", "光电", "数据", "北斗", "医药", "软件", "材料", "环境",
        "芯片", "遥感", "量子", "能源", "检测", "网络"};
    static final String[] SUFFIXES = {"科技有限公司", "技术有限公司", "信息技术有限公司", "科技股份有限公司", "工程有限公司"};

    /** What a generated file holds. */
    public record Summary(int rows, int corrections, int badRows, int enterprises, long bytes) {
        /** Records in the file (its lines less the header). */
        public int records() {
            return rows + corrections + badRows;
        }
    }

    /** One enterprise of the city, fixed by the seed and its number. */
    record Enterprise(String code, String name, Street street, String streetForm, String industry, boolean highTech,
            long baseRevenueFen) {}

    private final List<Street> streets;
    private final long seed;

    public TaxData(List<Street> streets, long seed) {
        this.streets = List.copyOf(streets);
        this.seed = seed;
    }

    /** Enterprises needed for {@code rows} enterprise-months over {@link #MONTHS} months. */
    public static int enterprisesFor(int rows) {
        return (rows + MONTHS - 1) / MONTHS;
    }

    /** A valid credit code of 武昌区 for enterprise {@code e}: 9 1 420106 MA4 + six characters + check. */
    public static String creditCode(long seed, int e) {
        String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        long n = e + (seed & 0xffff) * 1_000_000L;
        char[] body = new char[6];
        for (int i = 5; i >= 0; i--) {
            body[i] = alphabet.charAt((int) (n % 31));
            n /= 31;
        }
        String first17 = "91420106MA4" + new String(body);
        return first17 + CreditCode.checkCharacter(first17);
    }

    Enterprise enterprise(int e) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + e);
        Street street = streets.get(r.nextInt(streets.size()));
        int form = r.nextInt(100);
        String streetForm = form < 70 ? street.name() : form < 85 ? street.shortName()
                : form < 95 ? street.code() : street.code() + "000";
        String industry = INDUSTRIES[r.nextInt(INDUSTRIES.length)];
        int iform = r.nextInt(100);
        String industryForm = iform < 80 ? industry : iform < 95 ? industry.substring(1) : industry.substring(1, 3);
        String name = "武汉" + BRANDS[r.nextInt(BRANDS.length)] + FIELDS[r.nextInt(FIELDS.length)] + SUFFIXES[r.nextInt(SUFFIXES.length)];
        // monthly revenue: log-normal around 400,000 元, from a few thousand to tens of millions
        long base = Math.max(100_000L, (long) (Math.exp(12.9 + 1.2 * gaussian(r)) * 100));
        return new Enterprise(creditCode(seed, e), name, street, streetForm, industryForm, r.nextInt(100) < 30, base);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** One enterprise-month, amounts in fen (RD -1 = left empty). */
    record Row(Enterprise ent, YearMonth month, long revenueFen, long taxFen, long rdFen) {}

    private static Row row(Enterprise ent, YearMonth month, SplittableRandom r) {
        long revenue = ent.baseRevenueFen() * (70 + r.nextInt(61)) / 100;
        long tax = revenue * (10 + r.nextInt(50)) / 1000;
        long rd = r.nextInt(100) < 5 ? -1 : revenue * (ent.highTech() ? 30 + r.nextInt(50) : r.nextInt(20)) / 1000;
        return new Row(ent, month, revenue, tax, rd);
    }

    /**
     * Writes the export: {@code rows} enterprise-months (months in order, enterprises within a month),
     * each month followed by the corrections of ~2 % of its rows, and ~0.2 % bad rows among them.
     * Written to a temporary name beside {@code out}, then moved there.
     */
    public Summary taxFile(Path out, int rows) throws IOException {
        int ents = enterprisesFor(rows);
        Enterprise[] all = new Enterprise[ents];
        for (int e = 0; e < ents; e++) {
            all[e] = enterprise(e);
        }
        SplittableRandom r = new SplittableRandom(seed);
        int corrections = 0;
        int bad = 0;
        Path tmp = out.resolveSibling(out.getFileName() + ".part");
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(tmp), GBK), 1 << 16)) {
            w.write(String.join(",", TaxReturns.COLUMNS));
            w.write("\r\n");
            List<Row> corrected = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                int e = i % ents;
                YearMonth month = FIRST_MONTH.plusMonths(i / ents);
                Row row = row(all[e], month, r);
                write(w, row, null);
                if (r.nextDouble() < CORRECTION_SHARE) {
                    corrected.add(row);
                }
                if (r.nextDouble() < BAD_SHARE) {
                    writeBad(w, row, bad++);
                }
                if (e == ents - 1 || i == rows - 1) {
                    for (Row c : corrected) {  // the bureau's corrections of this month, later in the file
                        write(w, new Row(c.ent(), c.month(), c.revenueFen() * (90 + r.nextInt(21)) / 100, c.taxFen(),
                                c.rdFen()), null);
                    }
                    corrections += corrected.size();
                    corrected.clear();
                }
            }
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Summary(rows, corrections, bad, ents, Files.size(out));
    }

    /** A row that breaks one rule of feeds.md, each kind in turn; the hub must reject it alone. */
    private static void writeBad(BufferedWriter w, Row row, int n) throws IOException {
        String code = row.ent().code();
        switch (n % 6) {
            case 0 -> write(w, row, new String[] {code.substring(0, 17) + (code.charAt(17) == '0' ? '1' : '0'), null, null, null});
            case 1 -> write(w, row, new String[] {null, "火星街道", null, null});
            case 2 -> write(w, row, new String[] {null, null, row.month().getYear() + "13", null});
            case 3 -> write(w, row, new String[] {null, null, null, "12O,5"});
            case 4 -> write(w, row, new String[] {null, null, null, null, "A" + row.ent().industry().replaceAll("^[A-Z]", "")});
            default -> write(w, row, new String[] {code.substring(0, 16), null, null, null});
        }
    }

    /** One CSV line; {@code override} = {code, street, month, revenue[, industry]} replacing the good values. */
    private static void write(BufferedWriter w, Row row, String[] override) throws IOException {
        Enterprise e = row.ent();
        w.write(pick(override, 0, e.code()));
        w.write(',');
        w.write(e.name());
        w.write(',');
        w.write(pick(override, 2, row.month().getYear() * 100 + row.month().getMonthValue() + ""));
        w.write(',');
        w.write(pick(override, 4, e.industry()));
        w.write(',');
        w.write(pick(override, 1, e.streetForm()));
        w.write(',');
        String revenue = pick(override, 3, yuan(row.revenueFen()));
        if (revenue.contains(",")) {
            w.write('"');
            w.write(revenue);
            w.write('"');
        } else {
            w.write(revenue);
        }
        w.write(',');
        w.write(yuan(row.taxFen()));
        w.write(',');
        if (row.rdFen() >= 0) {
            w.write(yuan(row.rdFen()));
        }
        w.write(',');
        w.write(e.highTech() ? "是" : "否");
        w.write("\r\n");
    }

    private static String pick(String[] override, int i, String value) {
        return override != null && override.length > i && override[i] != null ? override[i] : value;
    }

    static String yuan(long fen) {
        long f = fen % 100;
        return fen / 100 + (f < 10 ? ".0" : ".") + f;
    }

    /**
     * A correction from the bureau: {@code n} rows for enterprises 0..n-1 of an export of
     * {@code rows} rows, month 2021-06, their revenue changed; GBK like the export.
     */
    public void correctionFile(Path out, int rows, int n) throws IOException {
        int ents = enterprisesFor(rows);
        if (n > ents) {
            throw new IllegalArgumentException(n + " corrections need an export of at least " + n * MONTHS + " rows");
        }
        SplittableRandom r = new SplittableRandom(seed + 1);
        YearMonth month = YearMonth.of(2021, 6);
        try (BufferedWriter w = Files.newBufferedWriter(out, GBK)) {
            w.write(String.join(",", TaxReturns.COLUMNS));
            w.write("\r\n");
            for (int e = 0; e < n; e++) {
                Enterprise ent = enterprise(e);
                Row row = row(ent, month, r);
                write(w, new Row(ent, month, row.revenueFen() + 12_345, row.taxFen(), row.rdFen()), null);
            }
        }
    }

    /**
     * The tax bureau's exchange database (前置库) as an HSQLDB file database {@code dir/exchange}: table
     * TAX_ENTERPRISE_MONTHLY of feeds.md F3 with {@code rows} clean rows (streets as 9-digit codes),
     * UPDATED_AT one second apart from 2024-01-01, indexed on the pull's order. Returns its JDBC URL.
     */
    public String exchangeDatabase(Path dir, int rows) throws SQLException, IOException {
        Files.createDirectories(dir);
        String url = "jdbc:hsqldb:file:" + dir.resolve("exchange").toAbsolutePath() + ";hsqldb.default_table_type=cached";
        int ents = enterprisesFor(rows);
        try (Connection con = DriverManager.getConnection(url, "SA", "")) {
            try (Statement s = con.createStatement()) {
                s.execute("DROP TABLE TAX_ENTERPRISE_MONTHLY IF EXISTS");
                s.execute("CREATE TABLE TAX_ENTERPRISE_MONTHLY (CREDIT_CODE VARCHAR(32) NOT NULL, TAXPAYER_NAME VARCHAR(200),"
                        + " PERIOD CHAR(6) NOT NULL, INDUSTRY_CODE VARCHAR(8), STREET_CODE VARCHAR(12),"
                        + " REVENUE DECIMAL(18,2), TAX_PAID DECIMAL(18,2), RD_EXPENSE DECIMAL(18,2), HIGH_TECH CHAR(1),"
                        + " UPDATED_AT TIMESTAMP NOT NULL, PRIMARY KEY (CREDIT_CODE, PERIOD))");
            }
            con.setAutoCommit(false);
            SplittableRandom r = new SplittableRandom(seed + 2);
            LocalDateTime at = LocalDateTime.of(2024, 1, 1, 0, 0);
            Enterprise[] all = new Enterprise[ents];
            try (PreparedStatement ps = con.prepareStatement("INSERT INTO TAX_ENTERPRISE_MONTHLY VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                for (int i = 0; i < rows; i++) {
                    int e = i % ents;
                    if (all[e] == null) {
                        all[e] = enterprise(e);
                    }
                    YearMonth month = FIRST_MONTH.plusMonths(i / ents);
                    Row row = row(all[e], month, r);
                    ps.setString(1, all[e].code());
                    ps.setString(2, all[e].name());
                    ps.setString(3, String.valueOf(month.getYear() * 100 + month.getMonthValue()));
                    ps.setString(4, all[e].industry());
                    ps.setString(5, all[e].street().code());
                    ps.setBigDecimal(6, java.math.BigDecimal.valueOf(row.revenueFen(), 2));
                    ps.setBigDecimal(7, java.math.BigDecimal.valueOf(row.taxFen(), 2));
                    ps.setBigDecimal(8, java.math.BigDecimal.valueOf(Math.max(0, row.rdFen()), 2));
                    ps.setString(9, all[e].highTech() ? "Y" : "N");
                    ps.setTimestamp(10, Timestamp.valueOf(at.plusSeconds(i)));
                    ps.addBatch();
                    if (i % 5000 == 4999) {
                        ps.executeBatch();
                        con.commit();
                    }
                }
                if (rows % 5000 != 0) {
                    ps.executeBatch();
                }
                con.commit();
            }
            try (Statement s = con.createStatement()) {
                s.execute("CREATE INDEX TAX_EM_UPDATED_IDX ON TAX_ENTERPRISE_MONTHLY (UPDATED_AT, CREDIT_CODE, PERIOD)");
                s.execute("SHUTDOWN");
            }
        }
        return "jdbc:hsqldb:file:" + dir.resolve("exchange").toAbsolutePath() + ";ifexists=true";
    }
}
