package cn.zhigu.hub.normalise;

import cn.zhigu.hub.feeds.FileRejectedException;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells the text encoding of a delivery that declares none (feeds.md, "Text encodings"): a UTF-8 BOM
 * means UTF-8; otherwise content that is valid UTF-8 throughout is UTF-8; otherwise GB18030 (a superset
 * of GBK). Files are checked in chunks, never loaded whole. Content with a NUL byte, a UTF-16 BOM, or
 * bytes that are neither UTF-8 nor GB18030 is not text and is refused.
 */
public final class TextEncoding {
    /** GB18030, the superset of GBK and GB2312. */
    public static final Charset GB18030 = Charset.forName("GB18030");

    private static final String NOT_TEXT = "not a text file";
    private static final int CHUNK = 64 * 1024;

    private TextEncoding() {
    }

    /** The encoding of the file; throws {@link FileRejectedException} if it is not a text file. */
    public static Charset detect(Path file) {
        try {
            byte[] head = head(file);
            refuseUtf16(head);
            if (startsWithBom(head)) {
                try (InputStream in = Files.newInputStream(file)) {
                    return requireBomContent(in);
                }
            }
            try (InputStream in = Files.newInputStream(file)) {
                if (decodes(in, StandardCharsets.UTF_8)) {
                    return StandardCharsets.UTF_8;
                }
            }
            try (InputStream in = Files.newInputStream(file)) {
                return gb18030OrReject(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The encoding of a small in-memory input; same rules as {@link #detect(Path)}. */
    public static Charset detect(byte[] bytes) {
        try {
            refuseUtf16(bytes);
            if (startsWithBom(bytes)) {
                return requireBomContent(new ByteArrayInputStream(bytes));
            }
            if (decodes(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
                return StandardCharsets.UTF_8;
            }
            return gb18030OrReject(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A buffered reader over the file in its detected encoding, positioned after any UTF-8 BOM. */
    public static Reader open(Path file) {
        Charset charset = detect(file);
        try {
            InputStream in = Files.newInputStream(file);
            try {
                if (startsWithBom(head(file))) {
                    in.skipNBytes(3);
                }
                return new BufferedReader(new InputStreamReader(in, charset), CHUNK);
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the bytes start with the UTF-8 byte-order mark EF BB BF. */
    public static boolean startsWithBom(byte[] head) {
        return head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF;
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(4);
        }
    }

    private static Charset requireBomContent(InputStream in) throws IOException {
        Position bad = firstInvalid(in, StandardCharsets.UTF_8);
        if (bad != null) {
            throw new FileRejectedException(NOT_TEXT + ": it starts with a UTF-8 byte-order mark but is not valid UTF-8"
                    + bad.where());
        }
        return StandardCharsets.UTF_8;
    }

    private static Charset gb18030OrReject(InputStream in) throws IOException {
        Position bad = firstInvalid(in, GB18030);
        if (bad != null) {
            throw new FileRejectedException(NOT_TEXT + " (neither UTF-8 nor GBK/GB18030" + bad.where() + ")");
        }
        return GB18030;
    }

    /** A place in a file: its line (from 1) and byte offset (from 0). */
    public record Position(long line, long offset) {
        /** " at line L (byte B)". */
        public String where() {
            return " at line " + line + " (byte " + offset + ")";
        }
    }

    /**
     * The place of the first byte that does not decode in the charset, or null when the whole file
     * decodes; refuses NUL bytes on the way, naming their place.
     */
    public static Position firstInvalid(Path file, Charset charset) {
        try (InputStream in = Files.newInputStream(file)) {
            return firstInvalid(in, charset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean decodes(InputStream in, Charset charset) throws IOException {
        return firstInvalid(in, charset) == null;
    }

    /**
     * The place of the first byte that does not decode, or null when the whole stream decodes. Refuses
     * NUL bytes on the way (stopping early once decoding failed, as the caller then tries the next
     * charset). Line feeds (0x0A) never occur inside a UTF-8 or GB18030 sequence, so they count lines.
     */
    private static Position firstInvalid(InputStream in, Charset charset) throws IOException {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(CHUNK);
        CharBuffer chars = CharBuffer.allocate(CHUNK);
        long consumed = 0;  // bytes before the buffer's start
        long lines = 1;     // line of the buffer's start
        while (true) {
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n > 0) {
                refuseNul(bytes.array(), bytes.position(), n, consumed, lines);
                bytes.position(bytes.position() + n);
            }
            boolean end = n < 0;
            bytes.flip();
            CoderResult result = decoder.decode(bytes, chars, end);
            chars.clear();
            int used = bytes.position();
            for (int i = 0; i < used; i++) {
                if (bytes.get(i) == '\n') {
                    lines++;
                }
            }
            consumed += used;
            if (result.isError()) {
                return new Position(lines, consumed);
            }
            bytes.compact();
            if (end) {
                CoderResult flushed = decoder.flush(chars);
                return !flushed.isError() && bytes.position() == 0 ? null : new Position(lines, consumed);
            }
        }
    }

    private static void refuseUtf16(byte[] b) {
        if (b.length < 2) {
            return;
        }
        int b0 = b[0] & 0xFF;
        int b1 = b[1] & 0xFF;
        if ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF)) {
            throw new FileRejectedException(NOT_TEXT + ": it is UTF-16; deliver UTF-8 or GBK");
        }
    }

    /** Refuses a NUL byte among the n bytes read at {@code from}; the buffer starts at the given place. */
    private static void refuseNul(byte[] b, int from, int n, long offset, long line) {
        for (int i = 0; i < from + n; i++) {
            if (b[i] == '\n') {
                line++;
            } else if (b[i] == 0 && i >= from) {
                throw new FileRejectedException(NOT_TEXT + ": a NUL byte" + new Position(line, offset + i).where());
            }
        }
    }
}
