package dev.hadirector.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What every example checks before it touches the kernel. */
final class Examples {

    private Examples() {
    }

    /** The effective uid is 0 (read from /proc, as the JDK has no call for it). */
    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).trim().split("\\s+");
                    return ids.length > 1 && ids[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Exits with status 2 and one line saying why, when not root. */
    static void requireRootOrExit(String example) {
        if (!isRoot()) {
            System.err.println(example + ": needs root (it adds addresses and opens raw sockets); run it as root");
            System.exit(2);
        }
    }
}
