package dev.hadirector.kernel.epoll;

import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.FileDescriptor;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.LibC;
import dev.hadirector.kernel.NativeBuffer;

/**
 * A non-blocking eventfd used as a doorbell: any thread {@link #signal()}s, the thread that watches it in an
 * {@link Epoll} {@link #drain()}s it. Signals before a drain collapse into one readable state.
 */
public final class EventFd implements AutoCloseable {
    private static final int EFD_CLOEXEC = 0x80000;
    private static final int EFD_NONBLOCK = 0x800;
    /** The 8-byte counter value written by signal and read by drain; one per calling thread. */
    private static final ThreadLocal<NativeBuffer> COUNTER = ThreadLocal.withInitial(() -> new NativeBuffer(8));

    private final FileDescriptor fd;

    private EventFd(FileDescriptor fd) {
        this.fd = fd;
    }

    public static EventFd open() {
        return new EventFd(FileDescriptor.adopt(LibC.eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK), "eventfd"));
    }

    public int fd() {
        return fd.get();
    }

    /** Makes the descriptor readable; safe from any thread. */
    public void signal() {
        NativeBuffer one = COUNTER.get();
        one.buffer().putLong(0, 1L);
        if (LibC.write(fd.get(), one.address(), 8) < 0) {
            int errno = LibC.errno();
            // EAGAIN: the counter is at its maximum, so the descriptor is readable already.
            if (errno != Errno.EAGAIN) {
                throw new KernelException(errno, "signal " + fd.description());
            }
        }
    }

    /** Makes the descriptor unreadable again; returns how many signals were collapsed (0 if none). */
    public long drain() {
        NativeBuffer value = COUNTER.get();
        if (LibC.read(fd.get(), value.address(), 8) < 0) {
            int errno = LibC.errno();
            if (errno == Errno.EAGAIN) {
                return 0;
            }
            throw new KernelException(errno, "drain " + fd.description());
        }
        return value.buffer().getLong(0);
    }

    @Override
    public void close() {
        fd.close();
    }
}
