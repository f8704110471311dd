package cn.zhigu.hub.normalise;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GB/T 4754-2017 industry codes. */
public final class Industry {

    /** Ends of the division ranges (inclusive) and their sections: 01-05 A, 06-12 B, ..., 97 T. */
    private static final int[] LAST_DIVISION = {5, 12, 43, 46, 50, 52, 60, 62, 65, 69, 70, 72, 75, 79, 82, 83, 85,
            90, 96, 97};
    private static final String SECTIONS = "ABCDEFGHIJKLMNOPQRST";
    private static final Pattern FORM = Pattern.compile("(?<letter>[A-Z])?\\s*(?<digits>\\d*)");

    private Industry() {
    }

    /**
     * Normalises a code given as a class with or without its section letter ({@code I6513}, {@code i6513},
     * {@code 6513}), a 3-digit group ({@code 651}) or a 2-digit division ({@code 65}).
     *
     * @return the code with the section derived from its division
     * @throws InvalidValueException when missing, malformed, an unknown division, or a letter that
     *                               contradicts the division
     */
    public static IndustryCode normalise(String raw) {
        String v = Text.clean(raw);
        if (v == null) {
            throw new InvalidValueException("industry code is missing");
        }
        Matcher m = FORM.matcher(v.toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidValueException("industry " + v
                    + ": not a GB/T 4754 code (expected e.g. I6513, 6513, 651 or 65)");
        }
        String letter = m.group("letter");
        String digits = m.group("digits");
        if (digits.length() < 2 || digits.length() > 4) {
            throw new InvalidValueException("industry " + v + ": " + (digits.isEmpty() ? "no digits after the section"
                    : "has " + digits.length() + " digits") + ", expected a 2-digit division, 3-digit group or 4-digit class");
        }
        String division = digits.substring(0, 2);
        char section = section(Integer.parseInt(division));
        if (section == 0) {
            throw new InvalidValueException("industry " + v + ": division " + division + " does not exist in GB/T 4754-2017");
        }
        if (letter != null && letter.charAt(0) != section) {
            throw new InvalidValueException("industry " + v + ": section " + letter + " contradicts division "
                    + division + " (section " + section + ")");
        }
        return new IndustryCode(section, digits);
    }

    /** The section letter of a division, or 0 when the division does not exist. */
    static char section(int division) {
        if (division < 1) {
            return 0;
        }
        for (int i = 0; i < LAST_DIVISION.length; i++) {
            if (division <= LAST_DIVISION[i]) {
                return SECTIONS.charAt(i);
            }
        }
        return 0;
    }
}
