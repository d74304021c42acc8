package dev.hadirector.vrrp;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import org.junit.jupiter.api.Assumptions;

/**
 * Until the shared test kit lands: skips a test with one line when a command is missing, but fails it when
 * the environment says CI=true (a CI run must not silently lose a layer).
 */
public final class LocalRig {
    private LocalRig() {
    }

    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Root is needed for network namespaces. */
    public static void requireRoot() {
        boolean root = false;
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    root = line.split("\\s+")[2].equals("0");
                }
            }
        } catch (java.io.IOException e) {
            root = false;
        }
        if (!root) {
            skipOrFail("not running as root (network namespaces need it)");
        }
    }

    private static void skipOrFail(String why) {
        if (ci()) {
            fail(why + " (CI=true: the rig is required)");
        }
        Assumptions.abort(why + ": skipping");
    }

    public static void requireCommand(String command) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (new File(dir, command).canExecute()) {
                    return;
                }
            }
        }
        skipOrFail(command + " not on PATH");
    }
}
