package cn.zhigu.hub.feeds.read;

import cn.zhigu.hub.feeds.RawRecord;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a reader passed on: the header (with how often onHeader was called) and the records. */
final class Collected {
    List<String> header;
    int headerCalls;
    boolean recordBeforeHeader;
    final List<RawRecord> records = new ArrayList<>();

    static Collected read(RecordReader reader, Path file) {
        Collected c = new Collected();
        reader.read(file, h -> {
            c.header = h;
            c.headerCalls++;
        }, r -> {
            if (c.header == null) {
                c.recordBeforeHeader = true;
            }
            c.records.add(r);
        });
        return c;
    }

    RawRecord get(int i) {
        return records.get(i);
    }

    List<String> positions() {
        return records.stream().map(RawRecord::position).toList();
    }

    List<String> rawTexts() {
        return records.stream().map(RawRecord::rawText).toList();
    }
}
