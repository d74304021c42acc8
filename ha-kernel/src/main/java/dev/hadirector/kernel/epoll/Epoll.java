package dev.hadirector.kernel.epoll;

import com.sun.jna.Platform;
import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.FileDescriptor;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.LibC;
import dev.hadirector.kernel.NativeBuffer;
import java.nio.ByteBuffer;

/**
 * One epoll instance, level-triggered, with a reused array of ready events. Each registration carries a
 * 64-bit token chosen by the caller, which {@link #token(int)} gives back with the event.
 *
 * <p>Not thread-safe: one thread registers, waits and reads the events (an I/O loop); other threads wake it
 * through an {@link EventFd} registered here.
 */
public final class Epoll implements AutoCloseable {
    public static final int EPOLLIN = 0x001;
    public static final int EPOLLOUT = 0x004;
    public static final int EPOLLERR = 0x008;
    public static final int EPOLLHUP = 0x010;
    public static final int EPOLLRDHUP = 0x2000;

    private static final int EPOLL_CLOEXEC = 0x80000;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_DEL = 2;
    private static final int EPOLL_CTL_MOD = 3;
    /**
     * struct epoll_event is {u32 events; u64 data}: packed (12 bytes) on x86-64, where the kernel's ABI
     * predates the alignment rule, and naturally aligned (16 bytes, data at 8) everywhere else.
     */
    static final int EVENT_SIZE = Platform.isIntel() ? 12 : 16;
    static final int DATA_OFFSET = Platform.isIntel() ? 4 : 8;

    private final FileDescriptor epfd;
    private final NativeBuffer control = new NativeBuffer(16);
    private final NativeBuffer ready;
    private final ByteBuffer readyView;
    private final int capacity;

    private Epoll(FileDescriptor epfd, int capacity) {
        this.epfd = epfd;
        this.capacity = capacity;
        this.ready = new NativeBuffer(capacity * EVENT_SIZE);
        this.readyView = ready.buffer();
    }

    /** @param capacity the most events one {@link #await} returns (more stay ready for the next call) */
    public static Epoll open(int capacity) {
        if (capacity < 1 || capacity > 65_536) {
            throw new IllegalArgumentException("epoll capacity " + capacity + " out of range: must be 1..65536");
        }
        return new Epoll(FileDescriptor.adopt(LibC.epoll_create1(EPOLL_CLOEXEC), "epoll_create1"), capacity);
    }

    /** Starts watching {@code fd} for {@code events} (EPOLLERR and EPOLLHUP are always reported). */
    public void add(int fd, int events, long token) {
        control(EPOLL_CTL_ADD, fd, events, token, "add");
    }

    /** Changes what {@code fd} is watched for, and its token. */
    public void modify(int fd, int events, long token) {
        control(EPOLL_CTL_MOD, fd, events, token, "modify");
    }

    /**
     * Stops watching {@code fd}. Closing the descriptor does this by itself (when no duplicate of it is
     * open), so a caller that closes right away need not pay for this call.
     */
    public void remove(int fd) {
        control(EPOLL_CTL_DEL, fd, 0, 0L, "remove");
    }

    private void control(int op, int fd, int events, long token, String what) {
        ByteBuffer b = control.buffer();
        b.putInt(0, events);
        b.putLong(DATA_OFFSET, token);
        if (LibC.epoll_ctl(epfd.get(), op, fd, control.address()) < 0) {
            throw new KernelException(LibC.errno(), "epoll " + what + " fd " + fd + " (events 0x"
                    + Integer.toHexString(events) + ")");
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (0: do not wait, negative: forever) for ready descriptors.
     *
     * @return how many events {@link #events(int)} and {@link #token(int)} now describe; 0 on timeout or
     *         when a signal interrupted the wait
     */
    public int await(int timeoutMillis) {
        int n = LibC.epoll_wait(epfd.get(), ready.address(), capacity, timeoutMillis);
        if (n < 0) {
            int errno = LibC.errno();
            if (errno == Errno.EINTR) {
                return 0;
            }
            throw new KernelException(errno, "epoll_wait");
        }
        return n;
    }

    /** The ready events of entry {@code i} of the last {@link #await}. */
    public int events(int i) {
        return readyView.getInt(i * EVENT_SIZE);
    }

    /** The token of entry {@code i} of the last {@link #await}. */
    public long token(int i) {
        return readyView.getLong(i * EVENT_SIZE + DATA_OFFSET);
    }

    public int capacity() {
        return capacity;
    }

    @Override
    public void close() {
        epfd.close();
    }

    @Override
    public String toString() {
        return epfd.toString();
    }
}
