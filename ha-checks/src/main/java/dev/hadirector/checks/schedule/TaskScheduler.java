package dev.hadirector.checks.schedule;

import java.time.Duration;

/**
 * Time and a single logical thread for the scheduler: real time in production, virtual time in
 * tests. Tasks run one at a time, in order of their due time, never concurrently.
 */
public interface TaskScheduler {

    /** Monotonic time in nanoseconds. */
    long nanoTime();

    /**
     * Runs the task after the delay; the handle cancels it if it has not run yet. Called on the scheduler's own
     * thread (from its tasks), as the health-check scheduler does; an {@code IoLoop} insists on it.
     */
    Cancellable schedule(Duration delay, Runnable task);

    /** Runs the task as soon as possible; safe to call from any thread. */
    void execute(Runnable task);

    /** A task that can still be called off. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
