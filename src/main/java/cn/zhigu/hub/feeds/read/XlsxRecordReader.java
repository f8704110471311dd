package cn.zhigu.hub.feeds.read;

import cn.zhigu.hub.feeds.FileRejectedException;
import cn.zhigu.hub.feeds.RawRecord;

import org.apache.commons.csv.CSVFormat;
import org.apache.poi.UnsupportedFileFormatException;
import org.apache.poi.ooxml.POIXMLException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JRuntimeException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import javax.xml.parsers.ParserConfigurationException;

/**
 * The first sheet of an .xlsx workbook, streamed with POI's event API (never a whole workbook in
 * memory; POI's zip-bomb limits apply). The first non-empty row is the header; empty rows are skipped.
 * Text cells come as shown, date-formatted cells as {@code yyyy-MM-dd}, other numbers as plain decimals
 * (15 significant digits as Excel keeps them, no exponent, no trailing zeros). A row's raw text is its
 * cell values joined as a CSV line.
 */
public final class XlsxRecordReader implements RecordReader {
    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0};
    private static final MathContext EXCEL_PRECISION = new MathContext(15);

    @Override
    public void read(Path file, Consumer<List<String>> onHeader, Consumer<RawRecord> onRecord) {
        checkMagic(file);
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            StylesTable styles = reader.getStylesTable();
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            Iterator<InputStream> sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw new FileRejectedException("the workbook has no sheet");
            }
            Rows rows = new Rows(onHeader, onRecord);
            try (InputStream sheet = sheets.next()) {
                XMLReader parser = XMLHelper.newXMLReader();
                parser.setContentHandler(new XSSFSheetXMLHandler(styles != null ? styles : new StylesTable(),
                        null, strings, rows, new PlainFormatter(), false));
                parser.parse(new InputSource(sheet));
            }
            if (!rows.sawHeader()) {
                throw new FileRejectedException("file is empty");
            }
        } catch (FileRejectedException e) {
            throw e;
        } catch (FileSystemException e) {
            throw new UncheckedIOException(e);
        } catch (IOException | OpenXML4JException | OpenXML4JRuntimeException | POIXMLException
                 | UnsupportedFileFormatException | SAXException e) {
            // I/O errors past the file system come from the archive's content: a zip bomb, a broken entry.
            throw new FileRejectedException("not a readable xlsx workbook: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void checkMagic(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (head.length == 0) {
            throw new FileRejectedException("file is empty");
        }
        if (Arrays.equals(head, OLE2)) {
            throw new FileRejectedException("the workbook is encrypted (password-protected) or in the old .xls"
                    + " format; deliver an unprotected .xlsx");
        }
        if (!Arrays.equals(head, ZIP)) {
            throw new FileRejectedException("not an xlsx workbook (not a zip archive)");
        }
    }

    /** Numbers as plain decimals and dates as ISO dates, instead of Excel's display formatting. */
    private static final class PlainFormatter extends DataFormatter {
        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            return formatRawCellContents(value, formatIndex, formatString, false);
        }

        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904) {
            if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
                return DateUtil.getLocalDateTime(value, use1904).toLocalDate().toString();
            }
            return plain(value);
        }
    }

    /** A double as Excel shows it at full precision: 15 significant digits, no exponent, no trailing zeros. */
    static String plain(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        BigDecimal d = new BigDecimal(value).round(EXCEL_PRECISION).stripTrailingZeros();
        return (d.scale() < 0 ? d.setScale(0) : d).toPlainString();
    }

    /** Collects a row's cells and hands it on as the header or a record. */
    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final Consumer<List<String>> onHeader;
        private final Consumer<RawRecord> onRecord;
        private final List<String> cells = new ArrayList<>();
        private List<String> header;

        Rows(Consumer<List<String>> onHeader, Consumer<RawRecord> onRecord) {
            this.onHeader = onHeader;
            this.onRecord = onRecord;
        }

        boolean sawHeader() {
            return header != null;
        }

        @Override
        public void startRow(int rowNum) {
            cells.clear();
        }

        @Override
        public void cell(String ref, String value, XSSFComment comment) {
            int col = ref == null ? cells.size() : new CellReference(ref).getCol();
            while (cells.size() < col) {
                cells.add("");
            }
            if (col < cells.size()) {
                cells.set(col, value == null ? "" : value);
            } else {
                cells.add(value == null ? "" : value);
            }
        }

        @Override
        public void endRow(int rowNum) {
            if (Headers.blank(cells)) {
                return;
            }
            if (header == null) {
                header = Headers.clean(cells);
                onHeader.accept(header);
                return;
            }
            List<String> row = new ArrayList<>(cells);
            while (row.size() < header.size()) {
                row.add("");
            }
            int width = cells.size();
            while (cells.get(width - 1).isEmpty()) {
                width--;
            }
            String raw = CSVFormat.DEFAULT.format(cells.subList(0, width).toArray());
            onRecord.accept(new RawRecord("row " + (rowNum + 1), raw, Headers.fields(header, row)));
        }
    }
}
