package cn.zhigu.hub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Linux process figures from /proc. */
public final class Procfs {

    private Procfs() {
    }

    /** Peak resident set size (VmHWM) of a live process in kB, or -1 when /proc does not say. */
    public static long vmHwmKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
