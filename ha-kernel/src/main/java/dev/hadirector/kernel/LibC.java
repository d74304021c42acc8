package dev.hadirector.kernel;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The one JNA binding of libc in the project (direct mapping). Every native call the product makes is
 * declared here and nowhere else.
 *
 * <p>Pointer arguments are passed as {@code long} addresses of direct buffers (see {@link NativeBuffer}):
 * on the LP64 Linux ABI a pointer and a 64-bit integer travel the same way, and this keeps the packet path
 * free of per-call {@code Pointer} objects. The class refuses to load anywhere else.
 *
 * <p>Calls return -1 and leave errno set on failure; {@link Syscall#check} turns that into a
 * {@link KernelException}. Callers should use the typed wrappers ({@link FileDescriptor}, the socket
 * classes) rather than this class.
 */
public final class LibC {
    static {
        if (!Platform.isLinux() || Native.POINTER_SIZE != 8) {
            throw new UnsupportedOperationException(
                    "ha-kernel needs 64-bit Linux; this is " + System.getProperty("os.name") + "/"
                            + System.getProperty("os.arch"));
        }
        Native.register(LibC.class, "c");
    }

    private LibC() {
    }

    public static native int socket(int domain, int type, int protocol);

    public static native int bind(int fd, long addr, int addrLen);

    public static native int connect(int fd, long addr, int addrLen);

    public static native int close(int fd);

    public static native int setsockopt(int fd, int level, int name, long value, int valueLen);

    public static native int getsockopt(int fd, int level, int name, long value, long valueLenPtr);

    public static native int getsockname(int fd, long addr, long addrLenPtr);

    public static native long sendto(int fd, long buf, long len, int flags, long destAddr, int destLen);

    public static native long sendmsg(int fd, long msghdr, int flags);

    public static native long recvfrom(int fd, long buf, long len, int flags, long srcAddr, long srcLenPtr);

    public static native long recvmsg(int fd, long msghdr, int flags);

    public static native int poll(long fds, long nfds, int timeoutMillis);

    public static native int setns(int fd, int nstype);

    public static native int unshare(int flags);

    public static native int open(String path, int flags, int mode);

    public static native int if_nametoindex(String name);

    public static native long if_indextoname(int index, long nameBuf);

    public static native int getpid();

    public static native long gettid();

    public static native int fcntl(int fd, int cmd, int arg);

    public static native int epoll_create1(int flags);

    public static native int epoll_ctl(int epfd, int op, int fd, long event);

    public static native int epoll_wait(int epfd, long events, int maxEvents, int timeoutMillis);

    public static native int eventfd(int initval, int flags);

    public static native long write(int fd, long buf, long count);

    public static native long read(int fd, long buf, long count);

    public static native String strerror(int errnum);

    /** errno of the last failed call on this thread (JNA saves it right after each direct call). */
    public static int errno() {
        return Native.getLastError();
    }
}
