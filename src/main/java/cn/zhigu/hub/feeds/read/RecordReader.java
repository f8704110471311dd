package cn.zhigu.hub.feeds.read;

import cn.zhigu.hub.feeds.RawRecord;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** The format layer: streams a delivered file as {@link RawRecord}s, knowing nothing of feed semantics. */
public interface RecordReader {
    /**
     * The default longest record (in characters): far beyond any real record, which is a few hundred
     * characters; a longer one usually means an unclosed quote or a file without line breaks.
     */
    int DEFAULT_MAX_RECORD = 1 << 20;

    /**
     * Streams the file: calls onHeader once (CSV/XLSX: the header cells, cleaned; JSON/XML: not called)
     * before any record, then onRecord per record, in file order. Throws FileRejectedException for a file
     * that cannot be read at all (records already passed to onRecord are then to be discarded by the caller).
     */
    void read(Path file, Consumer<List<String>> onHeader, Consumer<RawRecord> onRecord);
}
