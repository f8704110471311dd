package cn.zhigu.hub.feeds;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Agency credentials out of every text the hub shows or logs about a pull (the ledger's source and
 * reason, the failure's message and its causes): the user information of a URL ({@code scheme://user:pw@}),
 * {@code password=}, {@code user=}, {@code token=} and the like in a URL's parameters, and every known
 * secret value (the feed's token, user name and password, and those a URL carries) wherever it appears,
 * even in a driver's own message. Values shorter than {@value #MIN_SECRET} characters are masked only
 * where the patterns find them, so that a two-letter user name does not blank out every word holding it.
 */
public final class CredentialMask {

    public static final String MASK = "***";
    static final int MIN_SECRET = 4;

    private static final Pattern USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.\\-]*:(?://)?)([^/\\s@?#;]*)@");
    private static final Pattern PARAMETER = Pattern.compile(
            "(?i)\\b(password|passwd|pwd|pass|user|username|uid|token|access_token|api[_-]?key|secret)=([^;&\\s,)\"']*)");
    /** Oracle's thin form {@code jdbc:oracle:thin:user/password@host}. */
    private static final Pattern SLASHED = Pattern.compile("(?i)(jdbc:oracle:[a-z]+:)([^/@\\s]+)/([^@\\s]+)@");

    private CredentialMask() {}

    /** The secrets a URL carries: its user information and its credential parameters, decoded too. */
    public static List<String> secretsOf(String url) {
        List<String> out = new ArrayList<>();
        if (url == null) {
            return out;
        }
        Matcher m = USERINFO.matcher(url);
        while (m.find()) {
            for (String part : m.group(2).split(":", 2)) {
                out.add(part);
            }
        }
        m = PARAMETER.matcher(url);
        while (m.find()) {
            out.add(m.group(2));
        }
        m = SLASHED.matcher(url);
        while (m.find()) {
            out.add(m.group(2));
            out.add(m.group(3));
        }
        List<String> decoded = new ArrayList<>();
        for (String s : out) {
            try {
                decoded.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // not %-encoded: the raw value is enough
            }
        }
        out.addAll(decoded);
        return out;
    }

    /** The text with every credential replaced by {@value #MASK}; null stays null. */
    public static String mask(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        Set<String> known = new LinkedHashSet<>();
        for (String s : secrets) {
            if (s != null && s.length() >= MIN_SECRET) {
                known.add(s);
            }
        }
        String out = text;
        // longest first, so that a secret containing another is masked whole
        for (String s : known.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            out = out.replace(s, MASK);
        }
        out = USERINFO.matcher(out).replaceAll(r -> Matcher.quoteReplacement(r.group(1) + MASK + "@"));
        out = PARAMETER.matcher(out).replaceAll(r -> Matcher.quoteReplacement(r.group(1) + "=" + MASK));
        out = SLASHED.matcher(out).replaceAll(r -> Matcher.quoteReplacement(r.group(1) + MASK + "@"));
        return out;
    }

    /**
     * A copy of the exception chain with every message masked, for a failure that is logged with its
     * causes: each link keeps its class name and stack trace, but not a secret its message held.
     */
    public static Throwable scrub(Throwable t, Collection<String> secrets) {
        if (t == null) {
            return null;
        }
        Masked copy = new Masked(t.getClass().getName() + ": " + mask(t.getMessage(), secrets),
                scrub(t.getCause() == t ? null : t.getCause(), secrets));
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    /** A link of a scrubbed exception chain: the original's class name and masked message. */
    static final class Masked extends Exception {
        Masked(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
