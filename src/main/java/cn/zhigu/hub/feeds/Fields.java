package cn.zhigu.hub.feeds;

import cn.zhigu.hub.normalise.InvalidValueException;
import cn.zhigu.hub.normalise.Text;
import java.util.function.Function;

/** Reading one field of a record: required or optional, parsed, with the field named in every reason. */
public final class Fields {

    private Fields() {}

    /** The cleaned text of a field that must be there. */
    public static String required(RawRecord r, String field) {
        String v = Text.clean(r.get(field));
        if (v == null) {
            throw new InvalidValueException(field + " is missing");
        }
        return v;
    }

    /** The cleaned text of a field, or null when empty or absent. */
    public static String optional(RawRecord r, String field) {
        return Text.clean(r.get(field));
    }

    /** Text no longer than max characters. */
    public static String text(RawRecord r, String field, int max) {
        String v = optional(r, field);
        if (v != null && v.length() > max) {
            throw new InvalidValueException(field + " is longer than " + max + " characters");
        }
        return v;
    }

    /** A required field parsed by a normaliser; its reason is prefixed with the field's name. */
    public static <T> T required(RawRecord r, String field, Function<String, T> parser) {
        return parse(field, required(r, field), parser);
    }

    /** An optional field parsed by a normaliser, or null when empty. */
    public static <T> T optional(RawRecord r, String field, Function<String, T> parser) {
        String v = optional(r, field);
        return v == null ? null : parse(field, v, parser);
    }

    public static <T> T parse(String field, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (InvalidValueException e) {
            throw new InvalidValueException(field + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new InvalidValueException(field + ": cannot read '" + value + "'");
        }
    }

    /** Rejects a negative amount or area. */
    public static <N extends Comparable<N>> N notNegative(String field, N value, N zero) {
        if (value != null && value.compareTo(zero) < 0) {
            throw new InvalidValueException(field + ": " + value + " is negative");
        }
        return value;
    }
}
