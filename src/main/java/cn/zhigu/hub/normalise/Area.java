package cn.zhigu.hub.normalise;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Floor areas, converted to square metres exactly. */
public final class Area {

    private static final Pattern FORM = Pattern.compile(
            "(?<sign>[+-])?\\s*" + Numbers.DECIMAL + "\\s*" + Numbers.UNIT);
    private static final Pattern SQUARE_METRE = Pattern.compile("[mM]\\s*2\\s*$");
    private static final BigDecimal WAN = BigDecimal.TEN.pow(4);
    private static final String ACCEPTED = "㎡, m², m2, 平方米, 平米, 平方, 万方, 万平方米, 万㎡";

    private Area() {
    }

    /**
     * Parses an area in m². The value may carry a unit with any spacing: ㎡, m², m2, M2, 平方米, 平米, 平方
     * (all m²) or 万方, 万平方米, 万平米, 万㎡ (10^4 m²); no unit means m². Thousands separators and
     * full-width digits are accepted.
     *
     * @return the area with trailing zeros stripped (scale 0 to 2), or null when {@code value} is null or
     *         blank
     * @throws InvalidValueException for anything else, negative areas and areas finer than 0.01 m²
     */
    public static BigDecimal parse(String value) {
        String v = Text.clean(value);
        if (v == null) {
            return null;
        }
        // NFKC has turned ㎡ and m² into m2; put the superscript back so the unit holds no digit
        Matcher m = FORM.matcher(SQUARE_METRE.matcher(v.replace('\u2212', '-')).replaceFirst("m²"));
        if (!m.matches()) {
            throw Numbers.notANumber("area", v);
        }
        BigDecimal area = Numbers.decimal(m.group("int"), m.group("frac")).multiply(factor(v, m.group("unit")));
        if ("-".equals(m.group("sign")) && area.signum() != 0) {
            throw new InvalidValueException("area '" + v + "' is negative");
        }
        Numbers.checkSize("area", v, area, "m²");
        BigDecimal stripped = area.stripTrailingZeros();
        if (stripped.scale() > 2) {
            throw new InvalidValueException("area '" + v + "' is " + stripped.toPlainString()
                    + " m², more precise than 0.01 m²");
        }
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static BigDecimal factor(String value, String unitText) {
        return switch (Text.removeSpaces(unitText).toLowerCase(Locale.ROOT)) {
            case "", "m²", "平方米", "平米", "平方" -> BigDecimal.ONE;
            case "万方", "万平方米", "万平米", "万m²" -> WAN;
            default -> throw new InvalidValueException("area '" + value + "': unit '" + unitText.strip()
                    + "' is unknown; expected " + ACCEPTED);
        };
    }
}
