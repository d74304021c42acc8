package dev.hadirector.checks.io;

import dev.hadirector.checks.schedule.TaskScheduler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread: runs channel handlers, timeouts and submitted tasks. Everything that touches
 * a channel registered here runs on this thread, so handlers need no locks.
 *
 * <p>It is also a {@link TaskScheduler}, so the checks' rounds can be timed on the same thread that does their
 * I/O: a round then costs no hand-over between threads (no wakeup, no context switch) in either direction.
 */
public final class IoLoop implements TaskScheduler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IoLoop.class);

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** 1 ms ticks over 4.096 s: a round interval and a connect timeout of the usual sizes stay in the wheel. */
    private final TimerWheel timeouts = new TimerWheel(1_000_000L, 4096, System.nanoTime(), this::inLoop);
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** One read buffer for every connection of this loop: a read is handed on before the next one starts. */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(16 * 1024);
    private volatile boolean running = true;

    IoLoop(String name) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for " + name, e);
        }
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /** Runs the task on the loop thread (later, even when called from it). */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop()) {
            selector.wakeup();
        }
    }

    /** Runs the task after the delay on the loop thread. Must be called on the loop thread. */
    @Override
    public Timeout schedule(Duration delay, Runnable task) {
        requireLoop();
        return timeouts.add(System.nanoTime() + delay.toNanos(), task);
    }

    /** The loop's scratch buffer for socket reads; its content is valid only until the handler returns. */
    ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** Registers a channel with this loop's selector. Must be called on the loop thread. */
    public SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws ClosedChannelException {
        requireLoop();
        return channel.register(selector, ops, handler);
    }

    private void requireLoop() {
        if (!inLoop()) {
            throw new IllegalStateException("called from " + Thread.currentThread().getName()
                    + " instead of the loop thread " + thread.getName());
        }
    }

    /** Number of channels registered (for tests and metrics). */
    public int registeredChannels() {
        return selector.keys().size();
    }

    private void run() {
        try {
            while (running) {
                runTasks();
                long waitMillis = runDueTimeouts();
                if (!tasks.isEmpty()) {
                    selector.selectNow();
                } else if (waitMillis < 0) {
                    selector.select();
                } else {
                    selector.select(Math.max(1, waitMillis));
                }
                dispatchReady();
            }
        } catch (IOException | RuntimeException | Error e) {
            LOG.error("I/O loop {} stopped by an unexpected error", thread.getName(), e);
        } finally {
            closeAll();
            stopped.countDown();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("task on I/O loop {} failed", thread.getName(), e);
            }
        }
    }

    /** Runs due timeouts; returns milliseconds until the next one, or -1 when there is none. */
    private long runDueTimeouts() {
        timeouts.expire(System.nanoTime(), (timeout, e) ->
                LOG.error("timeout task on I/O loop {} failed", thread.getName(), e));
        long nanos = timeouts.nanosUntilNext(System.nanoTime());
        return nanos < 0 ? -1 : (nanos + 999_999) / 1_000_000;
    }

    private void dispatchReady() {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            IoHandler handler = (IoHandler) key.attachment();
            if (!key.isValid()) {
                continue;
            }
            try {
                handler.onReady(key);
            } catch (RuntimeException | Error e) {
                try {
                    handler.onFailure(e);
                } catch (RuntimeException nested) {
                    LOG.error("handler failure on I/O loop {}", thread.getName(), nested);
                }
            }
        }
    }

    private void closeAll() {
        for (SelectionKey key : selector.keys()) {
            try {
                ((IoHandler) key.attachment()).onFailure(new ClosedChannelException());
            } catch (RuntimeException e) {
                LOG.debug("closing handler on shutdown", e);
            }
            try {
                key.channel().close();
            } catch (IOException e) {
                LOG.debug("closing channel on shutdown", e);
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing selector", e);
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        if (!inLoop()) {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
