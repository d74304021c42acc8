package dev.hadirector.testkit;

import java.util.Objects;

/**
 * One test case as reported by the JVM that ran inside User-Mode-Linux.
 *
 * @param className the test class, fully qualified
 * @param name      the test's name in the report, e.g. {@code ipvsIsLoaded()}
 * @param outcome   how it ended
 * @param message   the failure or skip message ("" when none)
 * @param detail    the failure's stack trace as the inner JVM printed it ("" when none)
 */
public record InnerTestCase(String className, String name, Outcome outcome, String message, String detail) {

    /** How an inner test ended. */
    public enum Outcome {
        PASSED,
        /** An assertion failed. */
        FAILED,
        /** It threw something other than an assertion error. */
        ERRORED,
        /** Aborted (a rig was missing) or disabled. */
        SKIPPED
    }

    public InnerTestCase {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        message = message == null ? "" : message;
        detail = detail == null ? "" : detail;
    }

    /** {@code SimpleClassName.name}, for the dynamic test's display name. */
    public String displayName() {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return simple + "." + name;
    }
}
