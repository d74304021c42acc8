package dev.hadirector.checks.io;

import dev.hadirector.checks.schedule.TaskScheduler;
import dev.hadirector.kernel.FileDescriptor;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.epoll.Epoll;
import dev.hadirector.kernel.epoll.EventFd;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One I/O thread over epoll: runs socket handlers, timeouts and submitted tasks. Everything that touches a
 * socket registered here runs on this thread, so handlers need no locks.
 *
 * <p>epoll is used directly, not through a JDK selector: a selector's channel costs a TCP check about twice the
 * system calls (non-blocking mode, local-address lookups, a poll in finishConnect, a shutdown before close, an
 * epoll removal), and inside User-Mode-Linux, where the checks are measured against keepalived, every call is
 * a round trip through the host.
 *
 * <p>It is also a {@link TaskScheduler}, so the checks' rounds can be timed on the same thread that does their
 * I/O: a round then costs no hand-over between threads (no wakeup, no context switch) in either direction.
 */
public final class IoLoop implements TaskScheduler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IoLoop.class);
    /** The token of the wakeup eventfd; sockets' tokens are (generation << 32 | slot) with a generation >= 1. */
    private static final long WAKEUP_TOKEN = 0L;
    private static final int READY_EVENTS = 1024;

    private final Epoll epoll;
    private final EventFd wakeup;
    /** Set by another thread that signalled {@link #wakeup}; cleared by the loop after it woke. */
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /**
     * Guards signalling against closing: a signal sent to a closed eventfd's number could land on whatever the
     * number was reused for. Taken once per wakeup at most (the flag above lets one signal through at a time).
     */
    private final Object wakeupLock = new Object();
    private boolean wakeupClosed;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** 1 ms ticks over 4.096 s: a round interval and a connect timeout of the usual sizes stay in the wheel. */
    private final TimerWheel timeouts = new TimerWheel(1_000_000L, 4096, System.nanoTime(), this::inLoop);
    private final CountDownLatch stopped = new CountDownLatch(1);
    /**
     * One read buffer for every socket of this loop (a read is handed on before the next one starts), large enough
     * for any UDP datagram.
     */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private volatile boolean running = true;
    /**
     * The loop's clock, read once after each wait: in User-Mode-Linux (where the checks are compared with
     * keepalived) reading the clock is a system call. The batch's handlers, the tasks and the timeouts that follow
     * see the time the wait ended, behind the real time by the batch's own work (well under the timer wheel's 1 ms
     * tick unless the loop is overloaded): a delay set during a batch counts from the batch's start, and a due
     * timeout is noticed after the batch. Loop thread only.
     */
    private long now = System.nanoTime();

    // Registered handlers by slot; a slot's generation changes on every reuse, so an event read in the same
    // batch as its socket's close never reaches the next owner of the slot. Loop thread only.
    private IoHandler[] handlers = new IoHandler[256];
    private Registration[] registrations = new Registration[256];
    private int[] generations = new int[256];
    private int[] freeSlots = new int[256];
    private int freeCount;
    private int slotsUsed;
    /** Written on the loop thread only; volatile because tests and metrics read it from others. */
    private volatile int registered;

    IoLoop(String name) {
        try {
            this.epoll = Epoll.open(READY_EVENTS);
        } catch (KernelException e) {
            throw new IllegalStateException("cannot open epoll for " + name + ": " + e.getMessage(), e);
        }
        try {
            this.wakeup = EventFd.open();
            epoll.add(wakeup.fd(), Epoll.EPOLLIN, WAKEUP_TOKEN);
        } catch (KernelException e) {
            epoll.close();
            throw new IllegalStateException("cannot open the wakeup eventfd of " + name + ": " + e.getMessage(), e);
        }
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** The loop's clock: as of the start of the current batch on the loop thread, exact elsewhere. */
    @Override
    public long nanoTime() {
        return inLoop() ? now : System.nanoTime();
    }

    /** Runs the task on the loop thread (later, even when called from it). */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop()) {
            wake();
        }
    }

    private void wake() {
        if (wakeupPending.compareAndSet(false, true)) {
            synchronized (wakeupLock) {
                if (wakeupClosed) {
                    return; // the loop has ended: nothing left to wake
                }
                try {
                    wakeup.signal();
                } catch (KernelException e) {
                    LOG.error("cannot wake I/O loop {}", thread.getName(), e);
                }
            }
        }
    }

    /** Runs the task after the delay on the loop thread. Must be called on the loop thread. */
    @Override
    public Timeout schedule(Duration delay, Runnable task) {
        requireLoop();
        return timeouts.add(now + delay.toNanos(), task);
    }

    /** The loop's scratch buffer for socket reads; its content is valid only until the handler returns. */
    ByteBuffer readBuffer() {
        return readBuffer;
    }

    /**
     * Watches a non-blocking socket for {@code events}; the registration owns it from now on (closing the
     * registration closes the socket). Must be called on the loop thread.
     *
     * @throws KernelException when epoll refuses the descriptor (the socket is then closed)
     */
    public Registration register(FileDescriptor socket, int events, IoHandler handler) {
        requireLoop();
        int slot = freeCount > 0 ? freeSlots[--freeCount] : newSlot();
        int generation = generations[slot] + 1;
        if (generation == 0) {
            generation = 1;
        }
        generations[slot] = generation;
        long token = ((long) generation << 32) | slot;
        try {
            epoll.add(socket.get(), events, token);
        } catch (KernelException e) {
            freeSlots[freeCount++] = slot;
            socket.close();
            throw e;
        }
        Registration registration = new Registration(this, socket, slot, token, events);
        handlers[slot] = handler;
        registrations[slot] = registration;
        registered++;
        return registration;
    }

    private int newSlot() {
        if (slotsUsed == handlers.length) {
            int size = handlers.length * 2;
            handlers = Arrays.copyOf(handlers, size);
            registrations = Arrays.copyOf(registrations, size);
            generations = Arrays.copyOf(generations, size);
            freeSlots = Arrays.copyOf(freeSlots, size);
        }
        return slotsUsed++;
    }

    void modify(int fd, int events, long token) {
        epoll.modify(fd, events, token);
    }

    void release(Registration registration) {
        int slot = registration.slot;
        handlers[slot] = null;
        registrations[slot] = null;
        generations[slot]++;
        freeSlots[freeCount++] = slot;
        registered--;
    }

    private void requireLoop() {
        if (!inLoop()) {
            throw new IllegalStateException("called from " + Thread.currentThread().getName()
                    + " instead of the loop thread " + thread.getName());
        }
    }

    /** Number of sockets registered (for tests and metrics); exact on the loop thread, a recent value elsewhere. */
    public int registeredChannels() {
        return registered;
    }

    private void run() {
        try {
            while (running) {
                runTasks();
                long waitMillis = runDueTimeouts();
                int wait = !tasks.isEmpty() ? 0 : waitMillis < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE,
                        Math.max(1, waitMillis));
                int ready = epoll.await(wait);
                now = System.nanoTime();
                dispatch(ready);
            }
        } catch (RuntimeException | Error e) {
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
        timeouts.expire(now, (timeout, e) ->
                LOG.error("timeout task on I/O loop {} failed", thread.getName(), e));
        long nanos = timeouts.nanosUntilNext(now);
        return nanos < 0 ? -1 : (nanos + 999_999) / 1_000_000;
    }

    private void dispatch(int ready) {
        for (int i = 0; i < ready; i++) {
            long token = epoll.token(i);
            if (token == WAKEUP_TOKEN) {
                // Drain before clearing: the other order could swallow a signal sent in between and leave the
                // flag set with nothing to wake the loop again.
                wakeup.drain();
                wakeupPending.set(false);
                continue;
            }
            int slot = (int) token;
            int generation = (int) (token >>> 32);
            if (slot < 0 || slot >= slotsUsed || generations[slot] != generation || handlers[slot] == null) {
                continue; // closed earlier in this batch
            }
            IoHandler handler = handlers[slot];
            try {
                handler.onReady(epoll.events(i));
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
        for (int slot = 0; slot < slotsUsed; slot++) {
            IoHandler handler = handlers[slot];
            Registration registration = registrations[slot];
            if (handler == null) {
                continue;
            }
            try {
                handler.onFailure(new ClosedChannelException());
            } catch (RuntimeException e) {
                LOG.debug("closing handler on shutdown", e);
            }
            if (registration != null) {
                registration.close();
            }
        }
        epoll.close();
        synchronized (wakeupLock) {
            wakeupClosed = true;
            wakeup.close();
        }
    }

    @Override
    public void close() {
        running = false;
        if (!inLoop()) {
            wake();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
