package dev.hadirector.checks.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Until ha-testkit's Rig lands on main: a test that needs a program skips with one line saying
 * why, and fails instead when CI=true.
 */
public final class TestRig {

    private TestRig() {
    }

    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The absolute path of the program, or the test aborts (fails under CI=true). */
    public static Path requireCommand(String program) {
        Path found = find(program);
        if (found == null) {
            String why = "skipped: " + program + " is not installed (needed by this test)";
            if (ci()) {
                fail(why.replace("skipped", "CI=true but") );
            }
            assumeTrue(false, why);
        }
        return found;
    }

    private static Path find(String program) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv("PATH");
        String dirs = (path == null ? "" : path) + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/sbin";
        for (String dir : dirs.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Path.of(dir, program);
            }
        }
        return null;
    }
}
