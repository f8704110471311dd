package cn.zhigu.hub.normalise;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The street code list, loaded from a streets.csv file (header {@code code,name,short_name,pinyin,zhigu},
 * UTF-8 with or without BOM). Immutable once loaded.
 */
public final class Streets {

    private static final List<String> COLUMNS = List.of("code", "name", "short_name", "pinyin", "zhigu");
    private static final Pattern CODE9 = Pattern.compile("\\d{9}");

    private final List<Street> all;
    private final Map<String, Street> byCode;
    private final Map<String, Street> byKey;
    private final Set<String> zhiguCodes;

    private Streets(List<Street> streets, String source) {
        Map<String, Street> codes = new HashMap<>();
        Map<String, Street> keys = new HashMap<>();
        Set<String> zhigu = new LinkedHashSet<>();
        for (Street s : streets) {
            if (codes.put(s.code(), s) != null) {
                throw new InvalidValueException(source + ": street code " + s.code() + " occurs twice");
            }
            for (String name : new String[] {s.code(), s.code() + "000", s.name(), s.shortName(), s.pinyin()}) {
                if (name != null) {
                    Street other = keys.putIfAbsent(key(name), s);
                    if (other != null && other != s) {
                        throw new InvalidValueException(source + ": '" + name + "' names both " + other.code()
                                + " and " + s.code());
                    }
                }
            }
            if (s.zhigu()) {
                zhigu.add(s.code());
            }
        }
        this.all = List.copyOf(streets);
        this.byCode = Map.copyOf(codes);
        this.byKey = Map.copyOf(keys);
        this.zhiguCodes = Collections.unmodifiableSet(zhigu);
    }

    /** Loads the code list from a file. */
    public static Streets load(Path csv) {
        try (InputStream in = Files.newInputStream(csv)) {
            return read(in, csv.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read street list " + csv, e);
        }
    }

    /** Loads the code list from a stream (read fully, not closed). */
    public static Streets load(InputStream csv) {
        return read(csv, "street list");
    }

    private static Streets read(InputStream in, String source) {
        String text;
        try {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).setTrim(true).get();
        List<Street> streets = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(text, format)) {
            if (!parser.getHeaderNames().containsAll(COLUMNS)) {
                throw new InvalidValueException(source + ": header is " + parser.getHeaderNames() + ", expected "
                        + String.join(",", COLUMNS));
            }
            for (CSVRecord row : parser) {
                streets.add(street(row, source + " line " + row.getParser().getCurrentLineNumber()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + source, e);
        }
        return new Streets(streets, source);
    }

    private static Street street(CSVRecord row, String where) {
        if (!row.isConsistent()) {
            throw new InvalidValueException(where + ": has " + row.size() + " fields, the header has "
                    + row.getParser().getHeaderNames().size());
        }
        String code = Text.clean(row.get("code"));
        String name = Text.clean(row.get("name"));
        if (code == null) {
            throw new InvalidValueException(where + ": no code");
        }
        if (!CODE9.matcher(code).matches()) {
            throw new InvalidValueException(where + ": code '" + code + "' is not 9 digits");
        }
        if (name == null) {
            throw new InvalidValueException(where + ": street " + code + " has no name");
        }
        boolean zhigu;
        try {
            zhigu = Booleans.parse(row.get("zhigu"));
        } catch (InvalidValueException e) {
            throw new InvalidValueException(where + ": zhigu: " + e.getMessage());
        }
        return new Street(code, name, Text.clean(row.get("short_name")), Text.clean(row.get("pinyin")), zhigu);
    }

    /**
     * Resolves a delivered street: 9-digit code, 12-digit statistical code (the 9 digits then 000), full
     * name, short name or pinyin (any case); white space is ignored.
     *
     * @throws InvalidValueException when missing or unknown
     */
    public Street resolve(String raw) {
        String v = Text.clean(raw);
        if (v == null) {
            throw new InvalidValueException("street is missing");
        }
        Street street = byKey.get(key(v));
        if (street == null) {
            throw new InvalidValueException("unknown street '" + v
                    + "' (expected a 9- or 12-digit code, a name or a short name from the street list)");
        }
        return street;
    }

    /** All streets, in file order. */
    public List<Street> all() {
        return all;
    }

    /** The 9-digit codes of the Zhigu streets, in file order. */
    public Set<String> zhiguCodes() {
        return zhiguCodes;
    }

    /** The street with exactly this 9-digit code. */
    public Optional<Street> byCode(String code9) {
        return code9 == null ? Optional.empty() : Optional.ofNullable(byCode.get(code9));
    }

    private static String key(String name) {
        return Text.removeSpaces(Text.clean(name)).toLowerCase(Locale.ROOT);
    }
}
