package cn.zhigu.hub.api;

import java.math.BigDecimal;

/**
 * Cells of the CSV exports: RFC 4180 quoting, and text that a spreadsheet would take for a formula
 * ({@code = + - @}, tab or CR at its start) neutralised with a leading apostrophe. Numbers stay numbers.
 */
final class CsvCells {
    private CsvCells() {}

    static String text(String s) {
        if (s == null) {
            return "";
        }
        String v = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }

    static String number(BigDecimal n) {
        return n == null ? "" : n.toPlainString();
    }
}
