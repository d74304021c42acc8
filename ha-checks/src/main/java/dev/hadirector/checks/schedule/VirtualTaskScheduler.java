package dev.hadirector.checks.schedule;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.Queue;

/**
 * Virtual time: nothing runs until the owner advances the clock, then due tasks run in due-time
 * order (ties in submission order) on the caller's thread. For tests and simulations.
 */
public final class VirtualTaskScheduler implements TaskScheduler {

    private record Entry(long due, long seq, Runnable task, boolean[] cancelled) {
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) ->
            a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private final Queue<Runnable> immediate = new ArrayDeque<>();
    private long now;
    private long seq;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        queue.add(new Entry(now + Math.max(0, delay.toNanos()), seq++, task, cancelled));
        return () -> {
            synchronized (VirtualTaskScheduler.this) {
                cancelled[0] = true;
            }
        };
    }

    @Override
    public synchronized void execute(Runnable task) {
        immediate.add(task);
    }

    /** Advances the clock by the duration, running everything that falls due on the way. */
    public void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = now + duration.toNanos();
        }
        runImmediate();
        while (true) {
            Entry next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due > target) {
                    now = target;
                    break;
                }
                queue.poll();
                now = next.due;
                if (next.cancelled[0]) {
                    continue;
                }
            }
            next.task.run();
            runImmediate();
        }
        runImmediate();
    }

    /** Runs the tasks handed to {@link #execute} (results of checks, for instance). */
    public void runImmediate() {
        while (true) {
            Runnable task;
            synchronized (this) {
                task = immediate.poll();
            }
            if (task == null) {
                return;
            }
            task.run();
        }
    }

    /** Number of scheduled tasks not yet run or cancelled. */
    public synchronized int pending() {
        return (int) queue.stream().filter(e -> !e.cancelled[0]).count();
    }
}
