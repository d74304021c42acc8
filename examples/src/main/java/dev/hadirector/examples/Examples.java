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

    /** Parses the common options, or exits with status 2 and one line naming the bad option. */
    static ExampleArgs parseOrExit(String example, String... args) {
        try {
            return ExampleArgs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(example + ": " + e.getMessage());
            System.exit(2);
            throw e;
        }
    }

    /** Closes {@code resource} when the JVM is asked to exit (Ctrl-C), so the VIP and IPVS entries are removed. */
    static void closeOnExit(AutoCloseable resource) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("close at exit failed: " + e);
            }
        }, "close-on-exit"));
    }

    /**
     * The examples bind slf4j-simple; its INFO lines would bury the demo's timeline, so only warnings show unless the
     * caller chose a level ({@code -Dorg.slf4j.simpleLogger.defaultLogLevel=info}). Must run before the first logger.
     */
    static void quietLibraryLogs() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }
}
