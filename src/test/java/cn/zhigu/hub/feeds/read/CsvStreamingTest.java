package cn.zhigu.hub.feeds.read;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** A large file goes through record by record; nothing holds on to the records. */
class CsvStreamingTest {
    private static final int ROWS = 300_000;

    @TempDir
    Path dir;

    @Test
    void streamsAGeneratedFile() throws IOException {
        Path file = dir.resolve("big.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("统一社会信用代码,纳税人名称,所属期,行业代码,街道,营业收入,实缴税额,研发费用,高新技术企业\r\n");
            for (int i = 0; i < ROWS; i++) {
                out.write("91420106MA4K" + String.format("%05d", i % 100_000) + "X,\"武汉珞珈科技有限公司, 第" + i
                        + "号\",202403,I6513,珞珈山街道,1234567.89,12345.67,2345.00,Y\r\n");
            }
        }
        AtomicLong count = new AtomicLong();
        AtomicReference<String> last = new AtomicReference<>();
        new CsvRecordReader().read(file, h -> { }, r -> {
            count.incrementAndGet();
            last.set(r.position());
        });
        assertThat(count.get()).isEqualTo(ROWS);
        assertThat(last.get()).isEqualTo("line " + (ROWS + 1));
    }
}
