package dev.hadirector.vrrp.time;

import java.util.PriorityQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An event loop in virtual time for tests and simulations: tasks run only inside {@link #runFor} /
 * {@link #runUntil} / {@link #runDue}, in order of due time and, for equal times, of scheduling. Not
 * thread-safe: the test thread is the loop.
 */
public final class VirtualEventLoop implements EventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualEventLoop.class);

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long sequence;
    private boolean rethrow = true;

    /** Starts at virtual time {@code startNanos}. */
    public VirtualEventLoop(long startNanos) {
        this.now = startNanos;
    }

    public VirtualEventLoop() {
        this(0);
    }

    /**
     * Whether an exception from a task propagates out of {@code run*} (the default, so tests see bugs) or is
     * only logged (as the real loop does).
     */
    public VirtualEventLoop rethrowTaskExceptions(boolean value) {
        this.rethrow = value;
        return this;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        Task t = new Task(now + Math.max(0, delayNanos), sequence++, task);
        queue.add(t);
        return t;
    }

    @Override
    public void execute(Runnable task) {
        schedule(0, task);
    }

    @Override
    public boolean inEventLoop() {
        return true;
    }

    /** Runs every task due up to {@code now + nanos} and leaves the clock there. */
    public void runFor(long nanos) {
        runUntil(now + nanos);
    }

    /** Runs every task due up to {@code deadline} in order, then sets the clock to {@code deadline}. */
    public void runUntil(long deadline) {
        while (true) {
            Task next = queue.peek();
            if (next == null || next.due > deadline) {
                break;
            }
            queue.poll();
            if (next.cancelled) {
                continue;
            }
            now = Math.max(now, next.due);
            next.cancelled = true;
            try {
                next.task.run();
            } catch (RuntimeException e) {
                if (rethrow) {
                    throw e;
                }
                LOG.error("task failed at virtual time {}", now, e);
            }
        }
        now = Math.max(now, deadline);
    }

    /**
     * Moves the clock on by {@code nanos} without running anything, as a descheduled thread or a JVM stopped
     * for a GC pause experiences it: the next {@code run*} call finds every task due in between overdue.
     */
    public void stall(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("stall of " + nanos + " ns invalid: must not be negative");
        }
        now += nanos;
    }

    /** Runs the tasks due now (including those they schedule with no delay). */
    public void runDue() {
        runUntil(now);
    }

    /** The due time of the next live task, or {@link Long#MAX_VALUE} when none. */
    public long nextDue() {
        while (!queue.isEmpty() && queue.peek().cancelled) {
            queue.poll();
        }
        return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().due;
    }

    private static final class Task implements Comparable<Task>, Cancellable {
        final long due;
        final long seq;
        final Runnable task;
        boolean cancelled;

        Task(long due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
