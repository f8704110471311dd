package cn.zhigu.hub.indicators;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A period as the API names it: a year {@code yyyy}, a quarter {@code yyyy-Qn} or a month {@code yyyy-MM}. */
public record Period(char granularity, int year, int index) implements Comparable<Period> {

    private static final Pattern FORM = Pattern.compile("(\\d{4})(?:-Q([1-4])|-(\\d{2}))?");

    /** Parses a period; null when the text is not one. */
    public static Period parse(String text) {
        Matcher m = text == null ? null : FORM.matcher(text.trim());
        if (m == null || !m.matches()) {
            return null;
        }
        int year = Integer.parseInt(m.group(1));
        if (m.group(2) != null) {
            return new Period('Q', year, Integer.parseInt(m.group(2)));
        }
        if (m.group(3) != null) {
            int month = Integer.parseInt(m.group(3));
            return month >= 1 && month <= 12 ? new Period('M', year, month) : null;
        }
        return new Period('Y', year, 1);
    }

    public Period next() {
        return switch (granularity) {
            case 'Y' -> new Period('Y', year + 1, 1);
            case 'Q' -> index == 4 ? new Period('Q', year + 1, 1) : new Period('Q', year, index + 1);
            default -> index == 12 ? new Period('M', year + 1, 1) : new Period('M', year, index + 1);
        };
    }

    /** The periods from this one to {@code last}, both included (same granularity). */
    public List<Period> through(Period last) {
        List<Period> out = new ArrayList<>();
        for (Period p = this; p.compareTo(last) <= 0; p = p.next()) {
            out.add(p);
        }
        return out;
    }

    @Override
    public int compareTo(Period o) {
        return Integer.compare(year * 100 + index, o.year * 100 + o.index);
    }

    @Override
    public String toString() {
        return switch (granularity) {
            case 'Y' -> String.valueOf(year);
            case 'Q' -> year + "-Q" + index;
            default -> YearMonth.of(year, index).toString();
        };
    }
}
