package cn.zhigu.hub.feeds.read;

import java.io.IOException;
import java.io.Reader;

/**
 * A reader that remembers the characters it passed on, so that a parser's character offsets can be
 * turned back into the exact source text of a record. Text before {@link #discardBefore} is forgotten
 * (in amortised batches), which keeps memory bounded by the longest record plus the parser's read-ahead.
 */
final class TapReader extends Reader {
    private static final int COMPACT_AT = 32 * 1024;

    private final Reader in;
    /** Characters a record (with the parser's read-ahead) may hold before it is refused. */
    final int maxRetained;
    private final StringBuilder kept = new StringBuilder();
    private long base;
    private long forgetUpTo;

    TapReader(Reader in, int maxRetained) {
        this.in = in;
        this.maxRetained = maxRetained;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        int n = in.read(buf, off, len);
        if (n > 0) {
            kept.append(buf, off, n);
            if (kept.length() - (forgetUpTo - base) > maxRetained) {
                throw new TooLong();
            }
        }
        return n;
    }

    /** Offset just past the last character read so far. */
    long end() {
        return base + kept.length();
    }

    /** The source text between two offsets; both must be at or after the last discard point. */
    String text(long from, long to) {
        return kept.substring((int) (from - base), (int) (to - base));
    }

    /** The character at an offset at or after the last discard point, or -1 past the end. */
    int charAt(long offset) {
        long i = offset - base;
        return i >= 0 && i < kept.length() ? kept.charAt((int) i) : -1;
    }

    /** Index of the last {@code c} before {@code before}, or -1 if none is kept. */
    long lastIndexOf(char c, long before) {
        int i = kept.lastIndexOf(String.valueOf(c), (int) (before - base) - 1);
        return i < 0 ? -1 : base + i;
    }

    /** Index of the first {@code c} at or after {@code from}, or -1 if none is kept. */
    long indexOf(char c, long from) {
        int i = kept.indexOf(String.valueOf(c), (int) Math.max(0, from - base));
        return i < 0 ? -1 : base + i;
    }

    /** The text before the offset is no longer needed. */
    void discardBefore(long offset) {
        forgetUpTo = Math.max(forgetUpTo, offset);
        int n = (int) (forgetUpTo - base);
        if (n >= COMPACT_AT) {
            kept.delete(0, n);
            base = forgetUpTo;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Thrown from {@link #read} when a single record exceeds {@link #maxRetained}. */
    static final class TooLong extends RuntimeException {
        TooLong() {
            super(null, null, false, false);
        }
    }
}
