package cn.zhigu.hub.normalise;

import java.util.Locale;

/** Unified social credit codes (统一社会信用代码, GB 32100-2015). */
public final class CreditCode {

    /** The 31 characters a code may use; a character's value is its index. */
    static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    /** Separators agencies put inside codes; white space of any kind is removed as well. */
    private static final String SEPARATORS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFF0D_\u00B7\u30FB";

    private CreditCode() {
    }

    /**
     * Normalises a delivered code (NFKC, separators and white space removed, upper-case) and validates
     * length, alphabet and check character.
     *
     * @return the 18-character code
     * @throws InvalidValueException when the code is missing or fails validation
     */
    public static String normalise(String raw) {
        String cleaned = Text.clean(raw);
        if (cleaned == null) {
            throw new InvalidValueException("credit code is missing");
        }
        String code = strip(cleaned);
        String shown = code.equals(cleaned) ? code : code + " (delivered as '" + cleaned + "')";
        if (code.length() != 18) {
            throw new InvalidValueException(
                    "credit code " + shown + ": has " + code.length() + " characters, expected 18");
        }
        int bad = firstOutsideAlphabet(code);
        if (bad >= 0) {
            throw new InvalidValueException("credit code " + shown + ": character " + (bad + 1) + " '"
                    + code.charAt(bad) + "' is not allowed (codes use 0-9 and A-Y without I, O, S, V)");
        }
        char expected = check(code.substring(0, 17));
        if (code.charAt(17) != expected) {
            throw new InvalidValueException("credit code " + shown + ": check character is " + code.charAt(17)
                    + ", expected " + expected);
        }
        return code;
    }

    /** True when {@code normalised} is an 18-character code from the alphabet with the right check character. */
    public static boolean isValid(String normalised) {
        return normalised != null
                && normalised.length() == 18
                && firstOutsideAlphabet(normalised) < 0
                && normalised.charAt(17) == check(normalised.substring(0, 17));
    }

    /**
     * The check character (character 18) for the first 17 characters of a code.
     *
     * @throws InvalidValueException unless {@code first17} is 17 characters from the alphabet
     */
    public static char checkCharacter(String first17) {
        if (first17 == null || first17.length() != 17 || firstOutsideAlphabet(first17) >= 0) {
            throw new InvalidValueException("credit code prefix '" + first17
                    + "': need 17 characters from " + ALPHABET);
        }
        return check(first17);
    }

    private static char check(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += ALPHABET.indexOf(first17.charAt(i)) * WEIGHTS[i];
        }
        return ALPHABET.charAt((31 - sum % 31) % 31);
    }

    private static int firstOutsideAlphabet(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (ALPHABET.indexOf(s.charAt(i)) < 0) {
                return i;
            }
        }
        return -1;
    }

    /** Removes separators from an already {@link Text#clean cleaned} (so NFKC-normalised) code and upper-cases it. */
    private static String strip(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Text.isSpace(c) && SEPARATORS.indexOf(c) < 0) {
                out.append(c);
            }
        }
        return out.toString().toUpperCase(Locale.ROOT);
    }
}
