package dev.hadirector.examples;

/** One of the demo's own checks, printed in its summary; the demo exits 0 only when all passed. */
record DemoCheck(String what, boolean passed, String detail) {

    String line() {
        return (passed ? "  PASS  " : "  FAIL  ") + what + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
