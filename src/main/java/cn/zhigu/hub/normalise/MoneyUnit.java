package cn.zhigu.hub.normalise;

import java.math.BigDecimal;
import java.util.Locale;

/** Units money arrives in; {@link #factor()} converts to 元. */
public enum MoneyUnit {
    /** 元, factor 1. */
    YUAN(BigDecimal.ONE),
    /** 万元, factor 10^4. */
    WAN(BigDecimal.TEN.pow(4)),
    /** 亿元, factor 10^8. */
    YI(BigDecimal.TEN.pow(8));

    static final String ACCEPTED = "元, 万元, 亿元 (or yuan, wan, yi, 万, 亿)";

    private final BigDecimal factor;

    MoneyUnit(BigDecimal factor) {
        this.factor = factor;
    }

    /** How many 元 one of this unit is. */
    public BigDecimal factor() {
        return factor;
    }

    /**
     * Parses a unit: 元 / 万元 / 亿元 / yuan / wan / yi / 万 / 亿, any case, after {@link Text#clean}.
     *
     * @return the unit, or null when {@code raw} is null or blank
     * @throws InvalidValueException for any other text
     */
    public static MoneyUnit parse(String raw) {
        String cleaned = Text.clean(raw);
        if (cleaned == null) {
            return null;
        }
        MoneyUnit unit = lookup(cleaned);
        if (unit == null) {
            throw new InvalidValueException("money unit '" + cleaned + "' is unknown; expected " + ACCEPTED);
        }
        return unit;
    }

    /** The unit a cleaned text names, or null when it names none. */
    static MoneyUnit lookup(String cleaned) {
        return switch (Text.removeSpaces(cleaned).toLowerCase(Locale.ROOT)) {
            case "元", "yuan" -> YUAN;
            case "万元", "万", "wan" -> WAN;
            case "亿元", "亿", "yi" -> YI;
            default -> null;
        };
    }
}
