package dev.hadirector.bench.soak;

import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * A thread that allocates short-lived garbage at a fixed rate, to put a collector under the load of a busy
 * service in the same JVM as the director. Arrays of 64 B to 16 KB go into a ring of recent objects, so that
 * each lives for 256 allocations, about 1 MB or 1 ms at 1 GB/s (long enough that escape analysis cannot remove it, short enough
 * that it dies young), and the thread paces itself with {@link AllocationPacer}.
 */
public final class GarbageChurn implements AutoCloseable {
    private static final int RING = 256;
    /** Allocations between two looks at the clock: a few hundred KB, a fraction of a millisecond at 1 GB/s. */
    private static final int BATCH = 64;

    private final AllocationPacer pacer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long bytes;
    private volatile long startNanos;
    private volatile long endNanos;
    /** Kept reachable from a field, so that the JIT cannot prove the arrays dead at birth. */
    private final Object[] recent = new Object[RING];

    private GarbageChurn(long bytesPerSecond) {
        this.pacer = new AllocationPacer(bytesPerSecond);
        this.thread = new Thread(this::churn, "garbage-churn");
        this.thread.setDaemon(true);
    }

    /** Starts churning {@code bytesPerSecond} of garbage on a daemon thread. */
    public static GarbageChurn start(long bytesPerSecond) {
        GarbageChurn c = new GarbageChurn(bytesPerSecond);
        c.thread.start();
        return c;
    }

    private void churn() {
        startNanos = System.nanoTime();
        long done = 0;
        int slot = 0;
        int size = 64;
        while (running) {
            for (int i = 0; i < BATCH; i++) {
                byte[] b = new byte[size];
                b[0] = (byte) slot;
                recent[slot] = b;
                slot = (slot + 1) & (RING - 1);
                done += size + 16; // the array header, as the JVM counts it
                // 64, 128, ... 16384 and back to 64: a spread of sizes, all well under a G1 region
                size = size >= 16384 ? 64 : size * 2;
            }
            bytes = done;
            long wait = pacer.nanosToWait(done, System.nanoTime() - startNanos);
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        endNanos = System.nanoTime();
    }

    /** Bytes allocated so far, as counted by the thread itself. */
    public long bytesAllocated() {
        return bytes;
    }

    /**
     * Bytes the JVM says the churn thread allocated (HotSpot's per-thread counter, which includes what the
     * thread's TLABs wasted), or -1 when the JVM does not tell.
     */
    public long bytesAllocatedByJvm() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean hotspot) {
            return hotspot.getThreadAllocatedBytes(thread.getId());
        }
        return -1;
    }

    /** Seconds the churn has run (until {@link #close()} once closed). */
    public double seconds() {
        long end = running ? System.nanoTime() : endNanos;
        return (end - startNanos) / 1e9;
    }

    /** Stops the thread and waits for it. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
