package cn.zhigu.hub.indicators;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The district indicator catalogue (shared/spec/indicators.md). */
public final class Catalogue {

    /**
     * One indicator.
     *
     * @param byIndustry broken down by GB/T 4754 section (tax indicators)
     * @param allArea    has a value for area ALL (every record, wherever its enterprise is)
     * @param ratio      a ratio or growth rate: "none" (null) where undefined, never 0 for missing data
     */
    public record Indicator(String code, String nameZh, String nameEn, String unit, String kind, List<String> feeds,
            boolean byIndustry, boolean allArea, boolean ratio) {}

    private static final Map<String, Indicator> ALL = new LinkedHashMap<>();

    private static void add(String code, String zh, String en, String unit, String kind, List<String> feeds,
            boolean byIndustry, boolean allArea, boolean ratio) {
        ALL.put(code, new Indicator(code, zh, en, unit, kind, feeds, byIndustry, allArea, ratio));
    }

    static {
        List<String> f4a = List.of("F4a");
        List<String> f3 = List.of("F3");
        List<String> tt = List.of("F1a", "F2");
        add("ENT_SETTLED", "入驻企业数", "Enterprises settled", "家", "stock", f4a, false, false, false);
        add("SPACE_OCCUPIED", "产业空间占用面积", "Industrial space occupied", "㎡", "stock", f4a, false, false, false);
        add("ENT_TAXPAYING", "纳税企业数", "Tax-paying enterprises", "家", "count", f3, true, false, false);
        add("ENT_HIGHTECH", "高新技术企业数", "High-tech enterprises", "家", "count", f3, true, false, false);
        add("REVENUE", "营业收入", "Revenue", "元", "flow", f3, true, false, false);
        add("TAX_PAID", "实缴税额", "Tax paid", "元", "flow", f3, true, false, false);
        add("RD_EXPENSE", "研发费用", "R&D expense", "元", "flow", f3, true, false, false);
        add("HIGHTECH_REVENUE", "高新技术企业营业收入", "High-tech enterprises' revenue", "元", "flow", f3, true, false,
                false);
        add("RD_INTENSITY", "研发强度", "R&D intensity", "%", "ratio", f3, true, false, true);
        add("HIGHTECH_REVENUE_YOY", "高新技术企业营收同比增速", "High-tech revenue growth, year on year", "%", "growth", f3,
                true, false, true);
        add("TT_CONTRACTS", "成果转化合同数", "Technology-transfer contracts", "项", "flow", tt, false, true, false);
        add("TT_AMOUNT", "成果转化合同金额", "Technology-transfer contract amount", "元", "flow", tt, false, true, false);
        add("TT_LOCAL_RATE", "成果本地转化率", "Share of transfers taken up locally", "%", "ratio", tt, false, false, true);
        add("CARRIERS", "创孵载体数", "Incubation carriers", "个", "stock", List.of("F4b"), false, false, false);
        add("CARRIERS_PROVINCIAL", "省级以上创孵载体数", "Carriers at provincial level or above", "个", "stock",
                List.of("F4b"), false, false, false);
        add("FUND_PROJECTS", "天使基金累计投资项目数", "Angel-fund projects, cumulative", "个", "cumulative",
                List.of("F1b"), false, true, false);
        add("FUND_AMOUNT", "天使基金累计投资额", "Angel-fund amount invested, cumulative", "元", "cumulative",
                List.of("F1b"), false, true, false);
    }

    private Catalogue() {}

    public static List<Indicator> all() {
        return List.copyOf(ALL.values());
    }

    public static Optional<Indicator> find(String code) {
        return Optional.ofNullable(ALL.get(code));
    }
}
