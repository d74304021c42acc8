package dev.hadirector.checks.io;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of {@link IoLoop}s: the only threads network checks use, however many checks run.
 * Each new connection goes to the next loop in turn.
 */
public final class IoReactor implements AutoCloseable {

    private final IoLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();

    private IoReactor(IoLoop[] loops) {
        this.loops = loops;
    }

    /** Starts {@code threads} loop threads named {@code name-0}, {@code name-1}, ... */
    public static IoReactor start(String name, int threads) {
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads " + threads + " out of range: must be 1..64");
        }
        IoLoop[] loops = new IoLoop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new IoLoop(name + "-" + i);
        }
        return new IoReactor(loops);
    }

    public IoLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    /** The loop of the given index (0 is always there). */
    public IoLoop loop(int index) {
        return loops[index];
    }

    public int threads() {
        return loops.length;
    }

    /** Channels registered across all loops. */
    public int registeredChannels() {
        int sum = 0;
        for (IoLoop loop : loops) {
            sum += loop.registeredChannels();
        }
        return sum;
    }

    @Override
    public void close() {
        for (IoLoop loop : loops) {
            loop.close();
        }
    }
}
