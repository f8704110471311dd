package cn.zhigu.hub.normalise;

import java.text.Normalizer;

/** Cleaning of free text as agencies deliver it. */
public final class Text {

    private Text() {
    }

    /**
     * Cleans one delivered value: removes zero-width characters and stray BOMs (U+200B..U+200D, U+2060,
     * U+FEFF) anywhere, applies NFKC (full-width letters and digits become ASCII, U+3000 and NBSP become
     * spaces) and trims all white space at both ends. Inner spaces are kept.
     *
     * @return the cleaned text, or null when {@code raw} is null or nothing but white space
     */
    public static String clean(String raw) {
        if (raw == null) {
            return null;
        }
        String s = Normalizer.normalize(removeInvisible(raw), Normalizer.Form.NFKC);
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return start == end ? null : s.substring(start, end);
    }

    /** True for any kind of white space, including the non-breaking ones. */
    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** Removes every white-space character, including the non-breaking ones. */
    static String removeSpaces(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isSpace(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String removeInvisible(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isInvisible(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isInvisible(char c) {
        return c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\u2060' || c == '\uFEFF';
    }
}
