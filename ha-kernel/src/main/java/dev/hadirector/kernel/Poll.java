package dev.hadirector.kernel;

/** poll(2) on one descriptor, retried across EINTR with the time that is left. */
public final class Poll {
    public static final short POLLIN = 0x1;
    public static final short POLLOUT = 0x4;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;
    public static final short POLLNVAL = 0x20;

    private static final ThreadLocal<NativeBuffer> POLLFD = ThreadLocal.withInitial(() -> new NativeBuffer(8));

    private Poll() {
    }

    /**
     * Waits until {@code fd} is readable (or has an error to report, which the next read raises).
     * Returns false on timeout; a negative timeout waits forever.
     */
    public static boolean readable(FileDescriptor fd, int timeoutMillis) {
        return await(fd, POLLIN, timeoutMillis) != 0;
    }

    /** Waits for {@code events} on {@code fd}; returns the revents, or 0 on timeout. */
    public static int await(FileDescriptor fd, short events, int timeoutMillis) {
        NativeBuffer pollfd = POLLFD.get();
        long deadline = timeoutMillis < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMillis * 1_000_000L;
        int wait = timeoutMillis;
        while (true) {
            pollfd.buffer().putInt(0, fd.get()).putShort(4, events).putShort(6, (short) 0);
            int rc = LibC.poll(pollfd.address(), 1, wait);
            if (rc >= 0) {
                return rc == 0 ? 0 : pollfd.buffer().getShort(6) & 0xffff;
            }
            int errno = LibC.errno();
            if (errno != Errno.EINTR) {
                throw new KernelException(errno, "poll " + fd.description());
            }
            if (timeoutMillis >= 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return 0;
                }
                wait = (int) left;
            }
        }
    }
}
