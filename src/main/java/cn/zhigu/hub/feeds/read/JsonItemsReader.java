package cn.zhigu.hub.feeds.read;

import cn.zhigu.hub.feeds.FileRejectedException;
import cn.zhigu.hub.feeds.RawRecord;
import cn.zhigu.hub.normalise.TextEncoding;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A JSON document {@code {"items": [...], ...}} (other members ignored) or a bare array, streamed with
 * Jackson: each array element is one record, its raw text the exact source text of the element. Fields
 * are the element's top-level members as text: strings as they are, numbers as their literal (an
 * exponent form written out as a plain decimal), booleans as {@code true}/{@code false}, nested values as
 * their source JSON; null members are absent. An element that is not an object has no fields.
 */
public final class JsonItemsReader implements RecordReader {
    /** Deepest nesting a document may have: an item is an object of scalars; far deeper is an attack. */
    public static final int MAX_DEPTH = 64;

    /**
     * Jackson with explicit limits: nesting {@link #MAX_DEPTH} (checked as the parser goes, so 100,000
     * nested arrays are refused at the 65th, never recursed into), numbers of at most 1,000 characters.
     */
    public static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(1000).build())
            .build();

    private final int maxRecord;

    /** A reader refusing records longer than {@link RecordReader#DEFAULT_MAX_RECORD} characters. */
    public JsonItemsReader() {
        this(DEFAULT_MAX_RECORD);
    }

    /** A reader refusing records longer than {@code maxRecord} characters (hub.max-record-length). */
    public JsonItemsReader(int maxRecord) {
        this.maxRecord = maxRecord;
    }

    @Override
    public void read(Path file, Consumer<List<String>> onHeader, Consumer<RawRecord> onRecord) {
        try (TapReader tap = new TapReader(TextEncoding.open(file), maxRecord);
             JsonParser parser = JSON.createParser(tap)) {
            try {
                new Run(tap, parser, onRecord).run();
            } catch (JsonProcessingException e) {
                throw rejected(e, parser.currentLocation());
            }
        } catch (TapReader.TooLong e) {
            throw new FileRejectedException("an item is longer than " + maxRecord
                    + " characters (hub.max-record-length) and was not read further");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Jackson's message without its source descriptions, at the error's place (else the parser's). */
    public static FileRejectedException rejected(JsonProcessingException e, JsonLocation current) {
        String message = e.getOriginalMessage();
        int cut = message.indexOf(" (start marker at");
        message = (cut >= 0 ? message.substring(0, cut) : message).lines().findFirst().orElse("")
                .replaceAll(", from `[^`]*`", "");
        JsonLocation at = e.getLocation() != null ? e.getLocation() : current;
        return new FileRejectedException("not valid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr()
                + ": " + message, e);
    }

    /** One pass over one document. */
    private static final class Run {
        private final TapReader tap;
        private final JsonParser p;
        private final Consumer<RawRecord> onRecord;

        Run(TapReader tap, JsonParser p, Consumer<RawRecord> onRecord) {
            this.tap = tap;
            this.p = p;
            this.onRecord = onRecord;
        }

        void run() throws IOException {
            JsonToken top = p.nextToken();
            if (top == null) {
                throw new FileRejectedException("file is empty");
            }
            if (top == JsonToken.START_ARRAY) {
                items();
            } else if (top == JsonToken.START_OBJECT) {
                wrapper();
            } else {
                throw reject("the document must be an object with \"items\" or an array");
            }
            if (p.nextToken() != null) {
                throw reject("unexpected content after the end of the document");
            }
        }

        /** The members of the top-level object: "items" is read, the rest skipped. */
        private void wrapper() throws IOException {
            boolean seen = false;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                tap.discardBefore(startOffset());
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (!"items".equals(name)) {
                    skip(true);
                } else if (seen) {
                    throw reject("\"items\" appears twice");
                } else if (value != JsonToken.START_ARRAY) {
                    throw reject("\"items\" is not an array");
                } else {
                    seen = true;
                    items();
                }
            }
            if (!seen) {
                throw reject("the object has no \"items\" array");
            }
        }

        /** The elements of the items array, the parser being on its START_ARRAY. */
        private void items() throws IOException {
            int index = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                long start = startOffset();
                tap.discardBefore(start);
                Map<String, String> fields = new LinkedHashMap<>();
                if (t == JsonToken.START_OBJECT) {
                    for (JsonToken f = p.nextToken(); f != JsonToken.END_OBJECT; f = p.nextToken()) {
                        String name = p.currentName();
                        String value = valueText(p.nextToken());
                        if (value != null) {
                            fields.put(name, value);
                        } else {
                            fields.remove(name);
                        }
                    }
                } else {
                    skip(false);
                }
                String raw = tap.text(start, p.currentLocation().getCharOffset());
                onRecord.accept(new RawRecord("items[" + index++ + "]", raw, Collections.unmodifiableMap(fields)));
            }
        }

        /** A member's value as text (null for JSON null), the parser left on its last token. */
        private String valueText(JsonToken t) throws IOException {
            switch (t) {
                case VALUE_STRING:
                    return p.getText();
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT:
                    return number(p.getText());
                case VALUE_TRUE:
                    return "true";
                case VALUE_FALSE:
                    return "false";
                case VALUE_NULL:
                    return null;
                default: // a nested object or array: its source text
                    long start = startOffset();
                    skip(false);
                    return tap.text(start, p.currentLocation().getCharOffset());
            }
        }

        /**
         * Skips the current value, leaving the current offset at its end (a scalar is completed). With
         * {@code forget}, its source text is dropped from the tap on the way, as nothing will need it.
         */
        private void skip(boolean forget) throws IOException {
            if (p.currentToken().isStructStart()) {
                int depth = 1;
                while (depth > 0) {
                    JsonToken t = p.nextToken();
                    if (forget) {
                        tap.discardBefore(startOffset());
                    }
                    if (t.isStructStart()) {
                        depth++;
                    } else if (t.isStructEnd()) {
                        depth--;
                    }
                }
            } else {
                p.finishToken();
            }
        }

        private long startOffset() {
            return p.currentTokenLocation().getCharOffset();
        }

        private FileRejectedException reject(String reason) {
            JsonLocation at = p.currentTokenLocation();
            return new FileRejectedException("unexpected JSON at line " + at.getLineNr()
                    + ", column " + at.getColumnNr() + ": " + reason);
        }

        /** A number's literal; an exponent form (1.5E3) is written out plainly (1500) unless absurdly large. */
        private static String number(String literal) {
            if (literal.indexOf('e') < 0 && literal.indexOf('E') < 0) {
                return literal;
            }
            BigDecimal d = new BigDecimal(literal);
            return Math.abs(d.scale()) <= 100 ? d.toPlainString() : literal;
        }
    }
}
