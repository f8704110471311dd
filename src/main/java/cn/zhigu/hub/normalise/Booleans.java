package cn.zhigu.hub.normalise;

import java.util.Locale;

/** Yes/no flags. */
public final class Booleans {

    private Booleans() {
    }

    /**
     * Parses 是/否, Y/N, 1/0, true/false, yes/no (any case, full-width too).
     *
     * @throws InvalidValueException when missing or anything else
     */
    public static boolean parse(String raw) {
        String v = Text.clean(raw);
        if (v == null) {
            throw new InvalidValueException("boolean is missing");
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "是", "y", "1", "true", "yes" -> true;
            case "否", "n", "0", "false", "no" -> false;
            default -> throw new InvalidValueException("boolean '" + v
                    + "' is not one of 是/否, Y/N, 1/0, true/false, yes/no");
        };
    }
}
