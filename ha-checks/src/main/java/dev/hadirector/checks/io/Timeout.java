package dev.hadirector.checks.io;

import dev.hadirector.checks.schedule.TaskScheduler;

/**
 * A task due at a point of the loop's clock. Cancelling it is safe from any thread: on the loop's own thread it
 * leaves the {@link TimerWheel} at once, from another thread it is skipped when its tick comes.
 */
public final class Timeout implements TaskScheduler.Cancellable {

    final long deadlineNanos;
    final long sequence;
    final Runnable task;
    private final TimerWheel wheel;
    private volatile boolean cancelled;

    // Wheel bookkeeping, touched only on the wheel's owner thread.
    Timeout previous;
    Timeout next;
    /** Slot index while in the wheel, {@link TimerWheel#OVERFLOW} while beyond its span, -1 when in neither. */
    int slot = -1;
    long fireTick;

    Timeout(TimerWheel wheel, long deadlineNanos, long sequence, Runnable task) {
        this.wheel = wheel;
        this.deadlineNanos = deadlineNanos;
        this.sequence = sequence;
        this.task = task;
    }

    @Override
    public void cancel() {
        cancelled = true;
        if (wheel.onOwnerThread()) {
            wheel.remove(this);
        }
    }

    boolean cancelled() {
        return cancelled;
    }
}
