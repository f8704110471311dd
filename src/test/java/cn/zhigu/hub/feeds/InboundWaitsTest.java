package cn.zhigu.hub.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What the operator and the log get of a file that waits in inbound: since when, why, said once. */
@ExtendWith(OutputCaptureExtension.class)
class InboundWaitsTest {

    @TempDir
    Path inbound;

    /** A clock the test moves. */
    static final class Hands extends Clock {
        Instant now = Instant.parse("2026-12-06T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static long lines(CapturedOutput out, String level, String text) {
        return out.getOut().lines().filter(l -> l.contains(level) && l.contains(text)).count();
    }

    @Test
    void aWaitingFileIsSaidOnceRemindedEveryTenMinutesAndForgottenWhenTakenOrGone(CapturedOutput out) throws Exception {
        Hands clock = new Hands();
        InboundWaits waits = new InboundWaits(clock);
        Path a = Files.writeString(inbound.resolve("a.csv"), "x");
        Path b = Files.writeString(inbound.resolve("b.csv"), "y");

        assertThat(waits.waits("tax", a, "tax file a.csv is not taken: disk full", null)).hasMessage("tax file a.csv is not taken: disk full");
        Instant first = clock.now;
        for (int poll = 0; poll < 20; poll++) { // polls every 2 s for 40 s
            clock.now = clock.now.plusSeconds(2);
            waits.waits("tax", a, "tax file a.csv is not taken: disk full", null);
        }
        assertThat(lines(out, "ERROR", "a.csv is not taken")).isEqualTo(1);
        assertThat(waits.of("tax")).singleElement().satisfies(w -> {
            assertThat(w.file()).isEqualTo("a.csv");
            assertThat(w.since().toInstant()).isEqualTo(first);
            assertThat(w.lastTry().toInstant()).isEqualTo(clock.now);
        });
        assertThat(waits.of("cas")).isEmpty();

        // ten minutes on, a reminder, once
        clock.now = first.plus(InboundWaits.REMINDER);
        waits.waits("tax", a, "tax file a.csv is not taken: disk full", null);
        clock.now = clock.now.plusSeconds(2);
        waits.waits("tax", a, "tax file a.csv is not taken: disk full", null);
        assertThat(lines(out, "WARN", "still waiting since")).isEqualTo(1);

        // another reason is said at once, and the wait counts from it
        clock.now = clock.now.plusSeconds(2);
        waits.waits("tax", a, "tax file a.csv is not taken: read-only", null);
        assertThat(lines(out, "ERROR", "a.csv is not taken: read-only")).isEqualTo(1);
        assertThat(waits.of("tax").get(0).since().toInstant()).isEqualTo(clock.now);

        // a second file, older wait first; taken: forgotten and said; deleted by the operator: forgotten
        clock.now = clock.now.plusSeconds(2);
        waits.waits("tax", b, "tax file b.csv is not taken: disk full", null);
        assertThat(waits.of("tax")).extracting(InboundWaits.Waiting::file).containsExactly("a.csv", "b.csv");
        waits.taken(a);
        assertThat(lines(out, "INFO", "tax file a.csv is taken after waiting since")).isEqualTo(1);
        Files.delete(b);
        assertThat(waits.of("tax")).isEmpty();
        waits.taken(a);
        assertThat(lines(out, "INFO", "a.csv is taken after waiting")).as("said once").isEqualTo(1);
    }
}
