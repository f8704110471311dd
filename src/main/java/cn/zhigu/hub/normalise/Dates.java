package cn.zhigu.hub.normalise;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Dates, months (tax periods) and time stamps. Years must lie in 1949..2099. */
public final class Dates {

    /** The zone of time stamps that carry no offset. */
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static final int MIN_YEAR = 1949;
    private static final int MAX_YEAR = 2099;

    private static final Pattern SEPARATED = Pattern.compile("(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})");
    private static final Pattern COMPACT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    private static final Pattern CHINESE = Pattern.compile("(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*[日号]");
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt ].*");

    private static final Pattern MONTH_SEPARATED = Pattern.compile("(\\d{4})[-/.](\\d{1,2})");
    private static final Pattern MONTH_COMPACT = Pattern.compile("(\\d{4})(\\d{2})");
    private static final Pattern MONTH_CHINESE = Pattern.compile("(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月");

    /** Date, 'T' or one space, time; then optionally (after optional spaces) Z, ±HH:MM, ±HHMM or ±HH. */
    private static final Pattern INSTANT = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?)\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?");
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T').append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    private static final String DATE_FORMS = "yyyy-MM-dd, yyyy/M/d, yyyyMMdd, yyyy年M月d日";
    private static final String MONTH_FORMS = "yyyyMM, yyyy-MM, yyyy年M月";

    private Dates() {
    }

    /**
     * Parses a calendar date: yyyy-MM-dd, yyyy-M-d, yyyy/M/d, yyyy.M.d, yyyyMMdd or yyyy年M月d日 (full-width
     * digits too). An ISO time stamp is also accepted; its date is the date in Asia/Shanghai.
     *
     * @throws InvalidValueException when missing, in no such form, not a calendar date or out of range
     */
    public static LocalDate date(String raw) {
        String v = required(raw);
        Matcher m;
        if ((m = SEPARATED.matcher(v)).matches()) {
            return date(v, m.group(1), m.group(3), m.group(4));
        }
        if ((m = COMPACT.matcher(v)).matches()) {
            return date(v, m.group(1), m.group(2), m.group(3));
        }
        if ((m = CHINESE.matcher(v)).matches()) {
            return date(v, m.group(1), m.group(2), m.group(3));
        }
        if (DATE_TIME.matcher(v).matches()) {
            return LocalDate.ofInstant(instant(v), SHANGHAI);
        }
        throw new InvalidValueException("date '" + v + "' is not in a recognised form (" + DATE_FORMS + ")");
    }

    /**
     * Parses a month (tax period): yyyyMM, yyyy-MM, yyyy-M, yyyy/MM, yyyy.MM or yyyy年M月.
     *
     * @throws InvalidValueException when missing, in no such form, month not 1..12 or year out of range
     */
    public static YearMonth month(String raw) {
        String v = required(raw);
        Matcher m = MONTH_COMPACT.matcher(v);
        if (!m.matches() && !(m = MONTH_SEPARATED.matcher(v)).matches()
                && !(m = MONTH_CHINESE.matcher(v)).matches()) {
            throw new InvalidValueException("month '" + v + "' is not in a recognised form (" + MONTH_FORMS + ")");
        }
        int year = inRange(v, Integer.parseInt(m.group(1)));
        int month = Integer.parseInt(m.group(2));
        if (month < 1 || month > 12) {
            throw new InvalidValueException("month '" + v + "': there is no month " + month);
        }
        return YearMonth.of(year, month);
    }

    /**
     * Parses an ISO-8601 time stamp (yyyy-MM-ddTHH:mm[:ss[.fraction]]), 'T' or a space between date and
     * time, with an offset (Z, +08:00, +0800, +08) or without one, meaning Asia/Shanghai local time.
     *
     * @throws InvalidValueException when missing, not such a time stamp or out of range
     */
    public static Instant instant(String raw) {
        String v = required(raw);
        Matcher m = INSTANT.matcher(v.toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidValueException("time stamp '" + v
                    + "' is not ISO-8601 (e.g. 2021-01-05T09:00:00+08:00, or 2021-01-05 09:00:00 for Shanghai time)");
        }
        String local = m.group(1) + "T" + m.group(2);
        Instant instant;
        try {
            LocalDateTime dateTime = LocalDateTime.parse(local, LOCAL);
            instant = m.group(3) == null
                    ? dateTime.atZone(SHANGHAI).toInstant()
                    : OffsetDateTime.of(dateTime, ZoneOffset.of(m.group(3))).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("time stamp '" + v + "' is not a valid date and time");
        } catch (DateTimeException e) {
            throw new InvalidValueException("time stamp '" + v + "' has an invalid offset " + m.group(3));
        }
        inRange(v, instant.atZone(SHANGHAI).getYear());
        return instant;
    }

    private static String required(String raw) {
        String v = Text.clean(raw);
        if (v == null) {
            throw new InvalidValueException("date is missing");
        }
        return v;
    }

    private static LocalDate date(String value, String year, String month, String day) {
        int y = inRange(value, Integer.parseInt(year));
        try {
            return LocalDate.of(y, Integer.parseInt(month), Integer.parseInt(day));
        } catch (DateTimeException e) {
            throw new InvalidValueException("date '" + value + "' is not a calendar date");
        }
    }

    private static int inRange(String value, int year) {
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new InvalidValueException("date out of range: '" + value + "' (years " + MIN_YEAR + ".."
                    + MAX_YEAR + " only)");
        }
        return year;
    }
}
