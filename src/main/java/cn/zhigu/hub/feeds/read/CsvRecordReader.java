package cn.zhigu.hub.feeds.read;

import cn.zhigu.hub.feeds.FileRejectedException;
import cn.zhigu.hub.feeds.RawRecord;
import cn.zhigu.hub.normalise.TextEncoding;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Comma-separated files (RFC 4180: quotes, doubled-quote escapes, CRLF or LF) in UTF-8 or GBK. The first
 * non-blank line is the header. Blank lines, and lines whose cells are all blank (such as {@code ,,,}),
 * are skipped. A record's raw text is its exact source text, found from the parser's character offsets.
 */
public final class CsvRecordReader implements RecordReader {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setDelimiter(',')
            .setQuote('"')
            .setIgnoreEmptyLines(true)
            .get();

    private static final Pattern UNCLOSED = Pattern.compile("\\(startline ([\\d,]*\\d)\\) EOF reached before encapsulated token");
    private static final Pattern AFTER_QUOTE = Pattern.compile("between encapsulated token and delimiter at line: ([\\d,]*\\d)");

    private final int maxRecord;

    /** A reader refusing records longer than {@link RecordReader#DEFAULT_MAX_RECORD} characters. */
    public CsvRecordReader() {
        this(DEFAULT_MAX_RECORD);
    }

    /** A reader refusing records longer than {@code maxRecord} characters (hub.max-record-length). */
    public CsvRecordReader(int maxRecord) {
        this.maxRecord = maxRecord;
    }

    @Override
    public void read(Path file, Consumer<List<String>> onHeader, Consumer<RawRecord> onRecord) {
        try (TapReader tap = new TapReader(TextEncoding.open(file), maxRecord)) {
            new Run(tap, onHeader, onRecord).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One pass over one file. A record is emitted once the next one starts, when its source text is known. */
    private static final class Run {
        private final TapReader tap;
        private final Consumer<List<String>> onHeader;
        private final Consumer<RawRecord> onRecord;
        private List<String> header;
        private long line = 1;

        Run(TapReader tap, Consumer<List<String>> onHeader, Consumer<RawRecord> onRecord) {
            this.tap = tap;
            this.onHeader = onHeader;
            this.onRecord = onRecord;
        }

        void run() throws IOException {
            CSVRecord pending = null;
            try (CSVParser parser = CSVParser.builder().setReader(tap).setFormat(FORMAT).get()) {
                for (CSVRecord record : parser) {
                    if (pending != null) {
                        handle(pending, record.getCharacterPosition(), false);
                    }
                    pending = record;
                }
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof CSVException) {
                    throw new FileRejectedException(describe(e.getCause().getMessage()), e.getCause());
                }
                throw e;
            } catch (TapReader.TooLong e) {
                // the record before the long one, if any, is pending: it ends where the long one starts
                throw new FileRejectedException("the record " + (pending == null ? "at line " : "after line ") + line
                        + " is longer than " + tap.maxRetained
                        + " characters (hub.max-record-length) and was not read further: an unclosed quote, or a"
                        + " file without line breaks?");
            }
            if (pending != null) {
                handle(pending, tap.end(), true);
            }
            if (header == null) {
                throw new FileRejectedException("file is empty");
            }
        }

        /** commons-csv's message in an agency's words. */
        private static String describe(String message) {
            Matcher m = UNCLOSED.matcher(message);
            if (m.find()) {
                return "not valid CSV: a quoted cell in the record starting at line " + m.group(1) + " is never closed";
            }
            m = AFTER_QUOTE.matcher(message);
            if (m.find()) {
                return "not valid CSV at line " + m.group(1)
                        + ": text after the closing quote of a cell (a quote inside a quoted cell must be doubled)";
            }
            return "not valid CSV: " + message;
        }

        /**
         * Handles a record whose source text runs up to {@code end} (its terminator and any blank lines
         * included); {@code last} when it is the file's last record.
         */
        private void handle(CSVRecord record, long end, boolean last) {
            long start = record.getCharacterPosition();
            String text = tap.text(start, end);
            tap.discardBefore(end);
            int from = 0;
            while (from < text.length() && isBreak(text.charAt(from))) { // blank lines the parser skipped
                from += text.startsWith("\r\n", from) ? 2 : 1;
                line++;
            }
            int to = text.length();
            while (to > from && isBreak(text.charAt(to - 1))) {
                to--;
            }
            long recordLine = line;
            line += lineBreaks(text, from);
            List<String> cells = record.toList();
            if (Headers.blank(cells)) {
                return;
            }
            if (header == null) {
                header = Headers.clean(cells);
                onHeader.accept(header);
                return;
            }
            if (text.startsWith("\uFEFF", from)) {
                throw new FileRejectedException("line " + recordLine + " starts with a UTF-8 byte-order mark (U+FEFF),"
                        + " as a file does: were two files joined into one? Deliver each export as a file of its own");
            }
            if (last && to == text.length() && cells.size() < header.size()) {
                throw new FileRejectedException("the file ends in the middle of a record: line " + recordLine + " has "
                        + cells.size() + " of the header's " + header.size() + " columns and no line break;"
                        + " the file looks cut off (an interrupted transfer?)");
            }
            onRecord.accept(new RawRecord("line " + recordLine, text.substring(from, to), Headers.fields(header, cells)));
        }

        private static boolean isBreak(char c) {
            return c == '\n' || c == '\r';
        }

        /** Line breaks (CRLF, LF or a lone CR) in the text from the index on. */
        private static int lineBreaks(String text, int from) {
            int n = 0;
            for (int i = from; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                    n++;
                }
            }
            return n;
        }
    }
}
