package cn.zhigu.hub.feeds.read;

import cn.zhigu.hub.feeds.FileRejectedException;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Header-row handling shared by the tabular readers (CSV, XLSX). */
final class Headers {
    private Headers() {
    }

    /** The header cells cleaned (BOM stripped, NFKC, trimmed); a repeated non-empty name rejects the file. */
    static List<String> clean(List<String> cells) {
        List<String> names = new ArrayList<>(cells.size());
        Set<String> seen = new HashSet<>();
        for (String cell : cells) {
            String name = Normalizer.normalize(cell.replace("\uFEFF", ""), Normalizer.Form.NFKC).strip();
            if (!name.isEmpty() && !seen.add(name)) {
                throw new FileRejectedException("duplicate column " + name);
            }
            names.add(name);
        }
        return Collections.unmodifiableList(names);
    }

    /** Whether every cell is empty or white space. */
    static boolean blank(List<String> cells) {
        return cells.stream().allMatch(String::isBlank);
    }

    /**
     * Header name to trimmed cell text, for the cells the row has; columns with an empty header name
     * and cells beyond the header are left out.
     */
    static Map<String, String> fields(List<String> header, List<String> cells) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < header.size() && i < cells.size(); i++) {
            if (!header.get(i).isEmpty()) {
                fields.put(header.get(i), cells.get(i).strip());
            }
        }
        return Collections.unmodifiableMap(fields);
    }
}
