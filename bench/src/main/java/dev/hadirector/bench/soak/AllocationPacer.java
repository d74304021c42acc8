package dev.hadirector.bench.soak;

/**
 * How long an allocating thread must wait to keep to its rate: the time at which {@code bytes} are due at
 * {@code bytesPerSecond}, minus the time already spent. A thread that fell behind (a GC pause, a busy CPU)
 * gets no wait and catches up, so the average rate holds over the run.
 */
public final class AllocationPacer {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Above this the remainder times 10^9 below would overflow a long. */
    public static final long MAX_BYTES_PER_SECOND = Long.MAX_VALUE / NANOS_PER_SECOND;

    private final long bytesPerSecond;

    public AllocationPacer(long bytesPerSecond) {
        if (bytesPerSecond <= 0 || bytesPerSecond > MAX_BYTES_PER_SECOND) {
            throw new IllegalArgumentException("allocation rate " + bytesPerSecond + " B/s out of range: must be 1.."
                    + MAX_BYTES_PER_SECOND);
        }
        this.bytesPerSecond = bytesPerSecond;
    }

    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** Nanoseconds to wait after allocating {@code bytes} in {@code elapsedNanos}; 0 when behind or on time. */
    public long nanosToWait(long bytes, long elapsedNanos) {
        if (bytes < 0 || elapsedNanos < 0) {
            throw new IllegalArgumentException("bytes " + bytes + " / elapsed " + elapsedNanos
                    + " ns invalid: must not be negative");
        }
        // bytes * 1e9 overflows past 9.2 GB: split into whole seconds and the rest
        long due = bytes / bytesPerSecond * NANOS_PER_SECOND + bytes % bytesPerSecond * NANOS_PER_SECOND / bytesPerSecond;
        return Math.max(0, due - elapsedNanos);
    }
}
