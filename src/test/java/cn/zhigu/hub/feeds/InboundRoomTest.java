package cn.zhigu.hub.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether a folder's disk has room for a file the hub would move there, on small real disks (tmpfs,
 * root only): a full disk refuses even where the move would be a rename, since a rejected file's reason
 * file needs room beside it.
 */
class InboundRoomTest {

    @TempDir
    Path root;

    @Test
    void aFullDiskRefusesTheFileWhereverItWouldGoAndTakesItOnceThereIsRoom() throws Exception {
        Path disk = root.resolve("disk");
        Path other = root.resolve("other");
        Assumptions.assumeTrue(InboundFileFaultsTest.mountTmpfs(disk, 4 * 1024) && InboundFileFaultsTest.mountTmpfs(other, 4 * 1024),
                "skipped: mounting a small tmpfs needs root");
        try {
            Path inbound = Files.createDirectories(disk.resolve("inbound/tax"));
            Path rejected = Files.createDirectories(disk.resolve("rejected/tax"));
            Path archive = Files.createDirectories(other.resolve("archive/tax"));
            Path file = Files.write(inbound.resolve("returns.csv"), new byte[1024 * 1024]);
            // room: on the same disk for the reason file, on the other for the copy too
            assertThatCode(() -> InboundFiles.requireRoom(file, rejected)).doesNotThrowAnyException();
            assertThatCode(() -> InboundFiles.requireRoom(file, archive)).doesNotThrowAnyException();

            // the other disk keeps less than the file and the room beyond it
            fill(other.resolve("filler"), 4 * 1024 * 1024 - InboundFiles.ROOM_BEYOND_THE_FILE - 512 * 1024);
            assertThatThrownBy(() -> InboundFiles.requireRoom(file, archive)).isInstanceOf(IOException.class)
                    .hasMessageContaining("the file needs 1048576");
            assertThatCode(() -> InboundFiles.requireRoom(file, rejected)).as("the same disk still has room")
                    .doesNotThrowAnyException();

            // the inbound folder's own disk fills up: a rename would do, a reason file would not fit
            fill(disk.resolve("filler"), Long.MAX_VALUE);
            assertThatThrownBy(() -> InboundFiles.requireRoom(file, rejected)).isInstanceOf(IOException.class)
                    .hasMessageContaining("bytes free, " + InboundFiles.ROOM_BEYOND_THE_FILE + " more are kept");
            Files.delete(disk.resolve("filler"));
            assertThatCode(() -> InboundFiles.requireRoom(file, rejected)).doesNotThrowAnyException();
            assertThat(file).hasSize(1024 * 1024);
        } finally {
            InboundFileFaultsTest.unmount(disk);
            InboundFileFaultsTest.unmount(other);
        }
    }

    /** Writes up to that many bytes, or until the disk is full. */
    private static void fill(Path file, long bytes) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, bytes - written));
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left on device");
        }
    }
}
