package dev.hadirector.checks.io;

/** A task due at a point of the loop's clock; cancelling it is safe from any thread. */
public final class Timeout {

    final long deadlineNanos;
    final long sequence;
    final Runnable task;
    private volatile boolean cancelled;

    Timeout(long deadlineNanos, long sequence, Runnable task) {
        this.deadlineNanos = deadlineNanos;
        this.sequence = sequence;
        this.task = task;
    }

    public void cancel() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }
}
