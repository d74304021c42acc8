package dev.hadirector.vrrp.time;

/**
 * The single thread that owns protocol state, and its clock. Production uses {@link RealEventLoop}; tests
 * and simulations use {@link VirtualEventLoop}, in which time only moves when the test says so.
 * All methods may be called from the loop itself; {@link #execute} and {@link #schedule} from any thread.
 */
public interface EventLoop {
    /** Monotonic time in nanoseconds (arbitrary origin). */
    long nanoTime();

    /** Runs {@code task} on the loop after {@code delayNanos} (0 or less: as soon as possible). */
    Cancellable schedule(long delayNanos, Runnable task);

    /** Runs {@code task} on the loop as soon as possible. */
    void execute(Runnable task);

    /** True when called on the loop's thread (always true for the virtual loop). */
    boolean inEventLoop();

    /** A scheduled task that can be cancelled; cancelling a task that already ran does nothing. */
    interface Cancellable {
        void cancel();
    }
}
