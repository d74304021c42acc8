package dev.hadirector;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition in a namespace test; the generous deadline only bounds a failure, never a pass. */
final class Await {
    static final Duration WAIT = Duration.ofSeconds(30);

    private Await() {
    }

    static void until(String what, BooleanSupplier condition, Supplier<String> diagnostics) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + ": " + diagnostics.get());
            }
            Thread.sleep(20);
        }
    }
}
