package cn.zhigu.hub.normalise;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The enumerated values of the feeds. Each method maps a delivered value (any case, after
 * {@link Text#clean}) to its canonical code.
 */
public final class CodeLists {

    private static final Map<String, String> CONTRACT_KINDS = map(
            "LICENSE", "LICENSE", "ASSIGNMENT", "ASSIGNMENT", "SERVICE", "SERVICE", "EQUITY", "EQUITY",
            "许可", "LICENSE", "转让", "ASSIGNMENT", "技术服务", "SERVICE", "作价入股", "EQUITY");
    private static final Map<String, String> CONTRACT_STATUSES = map(
            "SIGNED", "SIGNED", "AMENDED", "AMENDED", "CANCELLED", "CANCELLED");
    private static final Map<String, String> CAS_STATUSES = map(
            "active", "ACTIVE", "withdrawn", "WITHDRAWN");
    private static final Map<String, String> INSTITUTES = map(
            "APM", "精密测量院", "WIV", "武汉病毒所", "WBG", "武汉植物园", "IRSM", "岩土所", "IHB", "水生所");
    private static final Map<String, String> ENTERPRISE_TYPES = map(
            "科技型", "科技型", "高新技术", "高新技术", "瞪羚", "瞪羚", "独角兽", "独角兽", "其他", "其他");
    private static final Map<String, String> CARRIER_LEVELS = map(
            "国家级", "NATIONAL", "省级", "PROVINCIAL", "市级", "MUNICIPAL", "区级", "DISTRICT",
            "NATIONAL", "NATIONAL", "PROVINCIAL", "PROVINCIAL", "MUNICIPAL", "MUNICIPAL", "DISTRICT", "DISTRICT");

    private CodeLists() {
    }

    /** LICENSE|许可, ASSIGNMENT|转让, SERVICE|技术服务, EQUITY|作价入股 to LICENSE, ASSIGNMENT, SERVICE, EQUITY. */
    public static String contractKind(String raw) {
        return lookup("contract kind", raw, CONTRACT_KINDS);
    }

    /** SIGNED, AMENDED, CANCELLED. */
    public static String contractStatus(String raw) {
        return lookup("contract status", raw, CONTRACT_STATUSES);
    }

    /** CAS transfer status: active to ACTIVE, withdrawn to WITHDRAWN. */
    public static String casStatus(String raw) {
        return lookup("CAS status", raw, CAS_STATUSES);
    }

    /** CAS institute code: APM, WIV, WBG, IRSM, IHB. */
    public static String institute(String raw) {
        return entry("institute", raw, INSTITUTES).getKey();
    }

    /** The Chinese short name of an institute code (any case): APM to 精密测量院 and so on. */
    public static String instituteName(String code) {
        return lookup("institute", code, INSTITUTES);
    }

    /** Enterprise type of the settlement ledger: 科技型, 高新技术, 瞪羚, 独角兽, 其他 (returned as is). */
    public static String enterpriseType(String raw) {
        return lookup("enterprise type", raw, ENTERPRISE_TYPES);
    }

    /**
     * Carrier level: 国家级, 省级, 市级, 区级 to NATIONAL, PROVINCIAL, MUNICIPAL, DISTRICT; the canonical codes
     * are accepted too.
     */
    public static String carrierLevel(String raw) {
        return lookup("carrier level", raw, CARRIER_LEVELS);
    }

    /** Whether a carrier level (delivered or canonical) is provincial or national. */
    public static boolean provincialOrAbove(String level) {
        String code = carrierLevel(level);
        return code.equals("NATIONAL") || code.equals("PROVINCIAL");
    }

    private static String lookup(String kind, String raw, Map<String, String> values) {
        return entry(kind, raw, values).getValue();
    }

    /** The entry whose key equals the cleaned value, ignoring case. */
    private static Map.Entry<String, String> entry(String kind, String raw, Map<String, String> values) {
        String v = Text.clean(raw);
        if (v == null) {
            throw new InvalidValueException(kind + " is missing");
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().equalsIgnoreCase(v)) {
                return e;
            }
        }
        throw new InvalidValueException(kind + " '" + v + "' is unknown; allowed: "
                + String.join(", ", values.keySet()));
    }

    /** An ordered map, given as alternating key and value. */
    private static Map<String, String> map(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
