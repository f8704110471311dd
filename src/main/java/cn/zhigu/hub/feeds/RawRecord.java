package cn.zhigu.hub.feeds;

import java.util.Map;

/**
 * One record as delivered, before normalisation.
 *
 * @param position where it was in the delivery: "line 12", "items[3]", "transfer[5]", "row 7"
 * @param rawText  the record as delivered (the CSV line, the JSON item, the XML element)
 * @param fields   field name (header name, JSON property, flattened XML path) to its text; absent or
 *                 null when the delivery did not carry it
 */
public record RawRecord(String position, String rawText, Map<String, String> fields) {
    public String get(String name) {
        return fields.get(name);
    }
}
