package cn.zhigu.hub.normalise;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Money amounts, converted to 元 exactly. */
public final class Money {

    private static final Pattern FORM = Pattern.compile(
            "(?<s1>[+-])?\\s*¥?\\s*(?<s2>[+-])?\\s*" + Numbers.DECIMAL + "\\s*" + Numbers.UNIT);

    private Money() {
    }

    /**
     * Parses an amount. The value may carry thousands separators (also full-width ，), full-width digits
     * and point, a leading ¥ or ￥, a sign and a unit (150万元, 1.5亿元, 1,234.50元, 150万). A unit in the
     * value counts only when {@code unitField} is blank; both given and different is a reject; with
     * neither, {@code defaultUnit} applies.
     *
     * @param value       the amount as delivered
     * @param unitField   the feed's separate unit field, may be null
     * @param defaultUnit the feed's default unit, not null
     * @return the amount in 元 with scale 2 (negative amounts are returned as such), or null when
     *         {@code value} is null or blank
     * @throws InvalidValueException for anything that is not such an amount, for amounts finer than a fen
     *                               and for amounts of 10^16 元 or more
     */
    public static BigDecimal parse(String value, String unitField, MoneyUnit defaultUnit) {
        Objects.requireNonNull(defaultUnit, "defaultUnit");
        String v = Text.clean(value);
        if (v == null) {
            return null;
        }
        MoneyUnit fieldUnit = MoneyUnit.parse(unitField);
        String s = v.replace('\u2212', '-');
        Matcher m = FORM.matcher(s);
        if (!m.matches() || (m.group("s1") != null && m.group("s2") != null)) {
            throw Numbers.notANumber("money", v);
        }
        MoneyUnit unit = unit(v, m.group("unit"), unitField, fieldUnit, defaultUnit);
        BigDecimal amount = Numbers.decimal(m.group("int"), m.group("frac")).multiply(unit.factor());
        if ("-".equals(m.group("s1")) || "-".equals(m.group("s2"))) {
            amount = amount.negate();
        }
        Numbers.checkSize("money", v, amount, "元");
        if (amount.stripTrailingZeros().scale() > 2) {
            throw new InvalidValueException("money '" + v + "' is " + amount.stripTrailingZeros().toPlainString()
                    + " 元, more precise than a fen (0.01 元)");
        }
        return amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    private static MoneyUnit unit(String value, String unitText, String unitField, MoneyUnit fieldUnit,
            MoneyUnit defaultUnit) {
        MoneyUnit inValue = null;
        if (!unitText.isEmpty()) {
            inValue = MoneyUnit.lookup(unitText);
            if (inValue == null) {
                throw new InvalidValueException("money '" + value + "': unit '" + unitText.strip()
                        + "' is unknown; expected " + MoneyUnit.ACCEPTED);
            }
        }
        if (fieldUnit != null) {
            if (inValue != null && inValue != fieldUnit) {
                throw new InvalidValueException("money '" + value + "': its unit " + unitText.strip()
                        + " contradicts the unit field '" + Text.clean(unitField) + "'");
            }
            return fieldUnit;
        }
        return inValue != null ? inValue : defaultUnit;
    }
}
