package dev.hadirector.vrrp.time;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production event loop: one daemon thread over a {@link ScheduledThreadPoolExecutor}, on
 * {@link System#nanoTime()}. A task that throws is logged and the loop carries on.
 */
public final class RealEventLoop implements EventLoop, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RealEventLoop.class);

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    public RealEventLoop(String threadName) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.prestartCoreThread();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(guarded(task), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(guarded(task));
    }

    @Override
    public boolean inEventLoop() {
        return Thread.currentThread() == thread;
    }

    /** Stops the loop; queued tasks are dropped. Waits up to {@code timeoutMillis} for a running task. */
    public void close(long timeoutMillis) throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            close(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("event loop task failed", e);
                if (e instanceof Error err && !(err instanceof AssertionError)) {
                    throw err;
                }
            }
        };
    }
}
