package cn.zhigu.hub.feeds.read;

import cn.zhigu.hub.feeds.FileRejectedException;
import cn.zhigu.hub.feeds.RawRecord;
import cn.zhigu.hub.normalise.TextEncoding;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The CAS transfer document (feeds.md F2), streamed with a hardened StAX parser: any DOCTYPE rejects the
 * file, no entity is ever expanded, nothing external is ever fetched. Each {@code transfer} child of the
 * root {@code transfers} is one record, its raw text the exact source text of the element (found from the
 * parser's line and column). The declared encoding is honoured; without one, {@link TextEncoding} decides.
 */
public final class XmlTransferReader implements RecordReader {
    /** The namespace of the CAS feed; a root without a namespace is tolerated too. */
    public static final String NAMESPACE = "urn:cas-whb:transfer:1";

    private static final Pattern DECLARED = Pattern.compile("^<\\?xml[^>]*?\\sencoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");
    private static final Set<String> GB = Set.of("gbk", "gb2312", "gb18030", "cp936", "x-gbk", "ms936", "euc-cn");
    private static final Set<String> CHILDREN = Set.of("title", "amount", "signed", "type", "status");

    private final int maxRecord;

    /** A reader refusing records longer than {@link RecordReader#DEFAULT_MAX_RECORD} characters. */
    public XmlTransferReader() {
        this(DEFAULT_MAX_RECORD);
    }

    /** A reader refusing records longer than {@code maxRecord} characters (hub.max-record-length). */
    public XmlTransferReader(int maxRecord) {
        this.maxRecord = maxRecord;
    }

    @Override
    public void read(Path file, Consumer<List<String>> onHeader, Consumer<RawRecord> onRecord) {
        Charset charset = charset(file);
        try (TapReader tap = new TapReader(open(file, charset), maxRecord)) {
            XMLStreamReader xml = factory().createXMLStreamReader(tap);
            try {
                new Run(tap, xml, onRecord).run();
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw rejected(e, file, charset);
        } catch (TapReader.TooLong e) {
            throw new FileRejectedException("an element is longer than " + maxRecord
                    + " characters (hub.max-record-length) and was not read further");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory(); // the JDK's own, whatever else is on the classpath
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f;
    }

    /** The encoding the prolog declares (the GB family read as GB18030), else the detected one. */
    private static Charset charset(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (head.length < 1024 && new String(head, StandardCharsets.ISO_8859_1).isBlank()) {
            throw new FileRejectedException("file is empty");
        }
        if (TextEncoding.startsWithBom(head)) {
            return StandardCharsets.UTF_8;
        }
        Matcher m = DECLARED.matcher(new String(head, StandardCharsets.ISO_8859_1));
        if (!m.find()) {
            return TextEncoding.detect(file);
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        try {
            return GB.contains(name) ? TextEncoding.GB18030 : Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new FileRejectedException("the document declares an unsupported encoding " + m.group(1));
        }
    }

    /** The file decoded strictly in the charset, after any UTF-8 BOM. */
    private static Reader open(Path file, Charset charset) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        try {
            in.mark(3);
            if (!TextEncoding.startsWithBom(in.readNBytes(3))) {
                in.reset();
            }
        } catch (IOException e) {
            in.close();
            throw e;
        }
        return new BufferedReader(new InputStreamReader(in, charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), 64 * 1024);
    }

    private static FileRejectedException rejected(XMLStreamException e, Path file, Charset charset) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof CharacterCodingException) {
                // the parser does not know where its reader failed; the bytes tell
                TextEncoding.Position bad = TextEncoding.firstInvalid(file, charset);
                return new FileRejectedException("not a text file in its encoding " + charset.name()
                        + (bad != null ? bad.where() : where(e.getLocation())), e);
            }
        }
        String message = String.valueOf(e.getMessage());
        int i = message.indexOf("Message: ");
        message = i >= 0 ? message.substring(i + "Message: ".length()) : message;
        return new FileRejectedException("not valid XML" + where(e.getLocation()) + ": " + message.strip(), e);
    }

    private static String where(Location at) {
        return at == null || at.getLineNumber() < 0 ? ""
                : " at line " + at.getLineNumber() + ", column " + at.getColumnNumber();
    }

    /** One pass over one document. */
    private static final class Run {
        /** Characters kept before the parser's place, as the scanner may be a little past an event's end. */
        private static final int MARGIN = 64;

        private final TapReader tap;
        private final XMLStreamReader xml;
        private final Consumer<RawRecord> onRecord;
        private int transfers;
        /** A known place: the tap offset of the parser's (line, column). */
        private long offset;
        private int line = 1;
        private int column = 1;

        Run(TapReader tap, XMLStreamReader xml, Consumer<RawRecord> onRecord) {
            this.tap = tap;
            this.xml = xml;
            this.onRecord = onRecord;
        }

        void run() throws XMLStreamException {
            int depth = 0;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new FileRejectedException("XML documents with a DOCTYPE are refused");
                } else if (event == XMLStreamConstants.START_ELEMENT) {
                    if (depth == 0) {
                        checkRoot();
                    } else if (depth == 1 && "transfer".equals(xml.getLocalName())) {
                        transfer();
                        depth--; // transfer() consumed the element up to its end
                    }
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
                if (xml.getLocation().getLineNumber() > 0) {
                    tap.discardBefore(offset() - MARGIN);
                }
            }
        }

        private void checkRoot() {
            if (!"transfers".equals(xml.getLocalName())) {
                throw new FileRejectedException("the root element is <" + xml.getLocalName()
                        + ">, expected <transfers>" + where(xml.getLocation()));
            }
            String ns = xml.getNamespaceURI();
            if (ns != null && !ns.isEmpty() && !NAMESPACE.equals(ns)) {
                throw new FileRejectedException("the root element is in namespace " + ns + ", expected " + NAMESPACE);
            }
        }

        /** Reads one transfer element, the parser being on its start tag, up to its end tag. */
        private void transfer() throws XMLStreamException {
            long tagEnd = offset();
            long start = tap.lastIndexOf('<', tagEnd); // no '<' can occur inside a start tag
            int startLine = line - lineBreaks(tap.text(start, tagEnd));
            Map<String, String> fields = new LinkedHashMap<>();
            attribute(fields, "id", "id");
            attribute(fields, "institute", "institute");
            attribute(fields, "updated", "updated");
            while (xml.next() != XMLStreamConstants.END_ELEMENT) {
                if (xml.getEventType() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String name = xml.getLocalName();
                if (name.equals("partner")) {
                    attribute(fields, "creditCode", "partner.creditCode");
                    attribute(fields, "name", "partner.name");
                } else if (name.equals("amount")) {
                    attribute(fields, "unit", "amount.unit");
                }
                String text = text();
                if (CHILDREN.contains(name)) {
                    fields.put(name, text);
                }
            }
            long end = tap.indexOf('>', offset() - 1) + 1;
            String position = "transfer[" + ++transfers + "] (line " + startLine + ")";
            onRecord.accept(new RawRecord(position, tap.text(start, end), Collections.unmodifiableMap(fields)));
        }

        private void attribute(Map<String, String> fields, String attribute, String field) {
            String value = xml.getAttributeValue(null, attribute);
            if (value != null) {
                fields.put(field, value.strip());
            }
        }

        /** The text inside the current element (of nested elements too), trimmed; ends on its end tag. */
        private String text() throws XMLStreamException {
            StringBuilder text = new StringBuilder();
            for (int depth = 1; depth > 0; ) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                        || event == XMLStreamConstants.SPACE) {
                    text.append(xml.getText());
                }
            }
            return text.toString().strip();
        }

        /**
         * The tap offset of the parser's current place. The parser's own character offsets are not exact
         * (the JDK's count a CR twice and drift after buffer loads); its line and column are, so the place
         * is found by walking the kept text from the last known one.
         */
        private long offset() {
            Location at = xml.getLocation();
            while (line < at.getLineNumber()) {
                int c = tap.charAt(offset++);
                if (c < 0) {
                    throw new IllegalStateException("the parser is ahead of the text read");
                }
                if (c == '\n' || (c == '\r' && tap.charAt(offset) != '\n')) {
                    line++;
                    column = 1;
                }
            }
            offset += at.getColumnNumber() - column;
            column = at.getColumnNumber();
            return offset;
        }

        private static int lineBreaks(String text) {
            int n = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                    n++;
                }
            }
            return n;
        }
    }
}
