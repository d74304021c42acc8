package dev.hadirector.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition that the system under test reaches by itself (a transition, a mail, a kernel table), polling
 * it; a liveness bound for tests, not a timing assertion: the bound is generous and only a condition never reached
 * fails.
 */
public final class Waiting {
    private static final long POLL_MILLIS = 20;

    private Waiting() {
    }

    /**
     * Returns once {@code condition} holds; throws an AssertionError naming {@code what}, the bound and the
     * {@code diagnostics} (read only on failure) when it still does not after {@code within}.
     */
    public static void until(String what, Duration within, BooleanSupplier condition, Supplier<String> diagnostics)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + within.toSeconds() + " s: " + what + ": "
                        + diagnostics.get());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** As {@link #until(String, Duration, BooleanSupplier, Supplier)} without diagnostics. */
    public static void until(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        until(what, within, condition, () -> "no further detail");
    }
}
