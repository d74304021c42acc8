package dev.hadirector.checks.io;

import dev.hadirector.kernel.FileDescriptor;
import dev.hadirector.kernel.epoll.Epoll;

/**
 * A socket watched by an {@link IoLoop}: what it waits for, and the end of it. {@link #close()} closes the
 * socket too, which also takes it out of epoll, so ending a connection costs one system call.
 * Used on the loop's thread only.
 */
public final class Registration implements AutoCloseable {
    public static final int READABLE = Epoll.EPOLLIN;
    public static final int WRITABLE = Epoll.EPOLLOUT;
    public static final int BROKEN = Epoll.EPOLLERR | Epoll.EPOLLHUP;

    private final IoLoop loop;
    private final FileDescriptor socket;
    final int slot;
    final long token;
    private int interest;
    private boolean open = true;

    Registration(IoLoop loop, FileDescriptor socket, int slot, long token, int interest) {
        this.loop = loop;
        this.socket = socket;
        this.slot = slot;
        this.token = token;
        this.interest = interest;
    }

    /** Waits for {@code events} ({@link #READABLE}, {@link #WRITABLE}) from now on; no call when unchanged. */
    public void interest(int events) {
        if (open && events != interest) {
            loop.modify(socket.get(), events, token);
            interest = events;
        }
    }

    public int interest() {
        return interest;
    }

    public boolean isOpen() {
        return open;
    }

    /** Forgets the handler and closes the socket; later calls do nothing. */
    @Override
    public void close() {
        if (open) {
            open = false;
            loop.release(this);
            socket.close();
        }
    }
}
