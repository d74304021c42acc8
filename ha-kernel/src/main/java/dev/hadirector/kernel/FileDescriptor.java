package dev.hadirector.kernel;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owns one open file descriptor and closes it exactly once. Every fd the project opens lives in one of
 * these (or in a class that holds one), so try-with-resources is enough to never leak.
 */
public final class FileDescriptor implements AutoCloseable {
    private static final int CLOSED = -1;

    private final AtomicInteger fd;
    private final String description;

    private FileDescriptor(int fd, String description) {
        this.fd = new AtomicInteger(fd);
        this.description = description;
    }

    /** Takes ownership of an fd returned by a call that may have failed ({@code rc < 0}). */
    public static FileDescriptor adopt(int rc, String description) {
        Syscall.check(rc, description);
        return new FileDescriptor(rc, description);
    }

    /** The raw descriptor; throws when already closed, so a stale number is never reused by mistake. */
    public int get() {
        int value = fd.get();
        if (value == CLOSED) {
            throw new IllegalStateException(description + ": file descriptor already closed");
        }
        return value;
    }

    public boolean isOpen() {
        return fd.get() != CLOSED;
    }

    /** What the fd was opened for, e.g. {@code "socket(AF_NETLINK, NETLINK_GENERIC)"}. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        int value = fd.getAndSet(CLOSED);
        if (value != CLOSED) {
            // close(2) releases the fd even when it reports an error (e.g. EINTR), so there is nothing to retry.
            LibC.close(value);
        }
    }

    @Override
    public String toString() {
        int value = fd.get();
        return description + (value == CLOSED ? " (closed)" : " (fd " + value + ")");
    }
}
