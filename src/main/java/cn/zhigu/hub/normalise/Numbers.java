package cn.zhigu.hub.normalise;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/** Decimal parsing shared by {@link Money} and {@link Area}: digits only, never floating point. */
final class Numbers {

    /** An unsigned decimal: plain digits or digits grouped by three with commas, then an optional fraction. */
    static final String DECIMAL = "(?<int>\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.(?<frac>\\d+))?";
    /** Text after the number that may be a unit: no digits, points, commas or signs. */
    static final String UNIT = "(?<unit>[^\\d.,+\\-]*)";
    /** Largest magnitude stored: DECIMAL(18,2) holds 16 integer digits. */
    static final BigDecimal LIMIT = BigDecimal.TEN.pow(16);

    private static final Pattern SCIENTIFIC = Pattern.compile("\\d\\s*[eE]\\s*[+-]?\\s*\\d");

    private Numbers() {
    }

    /** The exact value of the matched integer and fraction groups. */
    static BigDecimal decimal(String intPart, String fraction) {
        String digits = intPart.replace(",", "");
        return new BigDecimal(fraction == null ? digits : digits + "." + fraction);
    }

    /** Why {@code value} did not match the expected number form. */
    static InvalidValueException notANumber(String kind, String value) {
        String why;
        if (SCIENTIFIC.matcher(value).find()) {
            why = "scientific notation is not accepted, write the digits out";
        } else if (value.chars().filter(c -> c == '.').count() > 1) {
            why = "has more than one decimal point";
        } else if (value.indexOf(',') >= 0) {
            why = "thousands separators must group three digits, as in 1,234,567.89";
        } else {
            why = "is not a number";
        }
        return new InvalidValueException(kind + " '" + value + "': " + why);
    }

    /** Rejects a value of 10^16 or more (in the stored unit). */
    static void checkSize(String kind, String value, BigDecimal amount, String unit) {
        if (amount.abs().compareTo(LIMIT) >= 0) {
            throw new InvalidValueException(kind + " '" + value + "': too large (more than 16 integer digits in "
                    + unit + ")");
        }
    }
}
