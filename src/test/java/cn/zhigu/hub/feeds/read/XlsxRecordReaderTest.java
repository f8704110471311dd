package cn.zhigu.hub.feeds.read;

import cn.zhigu.hub.feeds.FileRejectedException;

import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class XlsxRecordReaderTest {
    @TempDir
    Path dir;

    private final XlsxRecordReader reader = new XlsxRecordReader();

    /** A settlement ledger as a street office would save it: a title gap, a header, typed cells, an empty row. */
    private Path ledger() throws IOException {
        Path file = dir.resolve("ledger.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            XSSFSheet sheet = wb.createSheet("台账");
            wb.createSheet("说明").createRow(0).createCell(0).setCellValue("not this sheet");
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy/m/d"));
            CellStyle money = wb.createCellStyle();
            money.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("#,##0.00"));

            sheet.createRow(0); // present but empty: skipped
            Row header = sheet.createRow(1);
            String[] names = {"统一社会信用代码", " 企业名称 ", "面积", "入驻日期", "迁出日期", "企业类型", "员工"};
            for (int i = 0; i < names.length; i++) {
                header.createCell(i).setCellValue(names[i]);
            }
            Row first = sheet.createRow(2);
            first.createCell(0).setCellValue("91420106MA4K0001X");
            first.createCell(1).setCellValue("武汉珞珈科技有限公司, 光谷分部");
            first.createCell(2).setCellValue(1234.5);
            first.createCell(3).setCellValue(LocalDate.of(2021, 3, 4));
            first.getCell(3).setCellStyle(date);
            first.createCell(5).setCellValue("科技型");
            first.createCell(6).setCellValue(1.0E7);

            Row empty = sheet.createRow(3);
            empty.createCell(1).setCellValue("   ");

            Row second = sheet.createRow(5);
            second.createCell(0).setCellValue("91420106MA4K0002X");
            second.createCell(2).setCellValue(0.1 + 0.2);
            second.getCell(2).setCellStyle(money);
            second.createCell(3).setCellValue(44197); // 2021-01-01 as a serial number, date style
            second.getCell(3).setCellStyle(date);
            second.createCell(6).setCellFormula("C3*2");
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
            wb.write(out);
        }
        return file;
    }

    @Test
    void readsTheFirstSheet() throws IOException {
        Collected c = Collected.read(reader, ledger());

        assertThat(c.headerCalls).isEqualTo(1);
        assertThat(c.header).containsExactly("统一社会信用代码", "企业名称", "面积", "入驻日期", "迁出日期", "企业类型", "员工");
        assertThat(c.positions()).containsExactly("row 3", "row 6");
        assertThat(c.get(0).fields()).containsExactly(
                entry("统一社会信用代码", "91420106MA4K0001X"), entry("企业名称", "武汉珞珈科技有限公司, 光谷分部"),
                entry("面积", "1234.5"), entry("入驻日期", "2021-03-04"), entry("迁出日期", ""),
                entry("企业类型", "科技型"), entry("员工", "10000000"));
        assertThat(c.get(0).rawText())
                .isEqualTo("91420106MA4K0001X,\"武汉珞珈科技有限公司, 光谷分部\",1234.5,2021-03-04,,科技型,10000000");
        assertThat(c.get(1).fields()).containsExactly(
                entry("统一社会信用代码", "91420106MA4K0002X"), entry("企业名称", ""), entry("面积", "0.3"),
                entry("入驻日期", "2021-01-01"), entry("迁出日期", ""), entry("企业类型", ""), entry("员工", "2469"));
        assertThat(c.get(1).rawText()).isEqualTo("91420106MA4K0002X,,0.3,2021-01-01,,,2469");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1234.5, 1234.5", "100, 100", "1.0E7, 10000000", "0.30000000000000004, 0.3",
            "1234.5000000000002, 1234.5", "-0.0, 0", "12345678.9, 12345678.9", "1.0E-5, 0.00001",
            "123456789012345, 123456789012345"})
    void numbersArePlainDecimals(double value, String shown) {
        assertThat(XlsxRecordReader.plain(value)).isEqualTo(shown);
    }

    @Test
    void aSheetWithoutRowsIsEmpty() throws IOException {
        Path file = dir.resolve("empty.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            wb.createSheet("台账").createRow(4).createCell(2).setCellValue(" ");
            wb.write(out);
        }
        assertThatThrownBy(() -> Collected.read(reader, file))
                .isInstanceOf(FileRejectedException.class).hasMessage("file is empty");
    }

    @Test
    void duplicateColumnsRejectTheFile() throws IOException {
        Path file = dir.resolve("dup.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            Row row = wb.createSheet().createRow(0);
            row.createCell(0).setCellValue("街道");
            row.createCell(1).setCellValue("街道 ");
            wb.write(out);
        }
        assertThatThrownBy(() -> Collected.read(reader, file))
                .isInstanceOf(FileRejectedException.class).hasMessage("duplicate column 街道");
    }

    @Test
    void notAnXlsx() throws IOException {
        Path text = Files.writeString(dir.resolve("a.xlsx"), "统一社会信用代码,企业名称\n");
        assertThatThrownBy(() -> Collected.read(reader, text))
                .isInstanceOf(FileRejectedException.class).hasMessage("not an xlsx workbook (not a zip archive)");
        Path empty = Files.write(dir.resolve("b.xlsx"), new byte[0]);
        assertThatThrownBy(() -> Collected.read(reader, empty))
                .isInstanceOf(FileRejectedException.class).hasMessage("file is empty");
        Path zip = dir.resolve("c.xlsx");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.write("hello".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> Collected.read(reader, zip))
                .isInstanceOf(FileRejectedException.class).hasMessageStartingWith("not a readable xlsx workbook");
        Path truncated = dir.resolve("d.xlsx");
        byte[] whole = Files.readAllBytes(ledger());
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> Collected.read(reader, truncated))
                .isInstanceOf(FileRejectedException.class).hasMessageStartingWith("not a readable xlsx workbook");
    }

    @Test
    void anEncryptedWorkbookIsRefusedClearly() throws Exception {
        Path file = dir.resolve("secret.xlsx");
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            Encryptor encryptor = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
            encryptor.confirmPassword("珞珈");
            try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream data = encryptor.getDataStream(fs)) {
                wb.createSheet().createRow(0).createCell(0).setCellValue("企业名称");
                wb.write(data);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                fs.writeFilesystem(out);
            }
        }
        assertThatThrownBy(() -> Collected.read(reader, file))
                .isInstanceOf(FileRejectedException.class).hasMessageContaining("encrypted");
    }

    @Test
    void aZipBombIsRefused() throws IOException {
        Path bomb = dir.resolve("bomb.xlsx");
        try (java.util.zip.ZipFile good = new java.util.zip.ZipFile(ledger().toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bomb))) {
            for (ZipEntry e : java.util.Collections.list(good.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("xl/worksheets/sheet1.xml")) {
                    byte[] spaces = new byte[1 << 20];
                    java.util.Arrays.fill(spaces, (byte) ' ');
                    out.write("<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                            .getBytes(StandardCharsets.UTF_8));
                    for (int i = 0; i < 64; i++) {
                        out.write(spaces); // 64 MB of nothing, compressed about 1000:1
                    }
                    out.write("<sheetData/></worksheet>".getBytes(StandardCharsets.UTF_8));
                } else {
                    good.getInputStream(e).transferTo(out);
                }
            }
        }
        assertThatThrownBy(() -> Collected.read(reader, bomb))
                .isInstanceOf(FileRejectedException.class).hasMessageContaining("Zip bomb");
    }

    @Test
    void exceptionsFromTheConsumersPassThrough() throws IOException {
        Path file = ledger();
        FileRejectedException unknown = new FileRejectedException("unknown header");
        assertThatThrownBy(() -> reader.read(file, h -> {
            throw unknown;
        }, r -> { })).isSameAs(unknown);
        IllegalStateException bug = new IllegalStateException("store down");
        assertThatThrownBy(() -> reader.read(file, h -> { }, r -> {
            throw bug;
        })).isSameAs(bug);
    }
}
