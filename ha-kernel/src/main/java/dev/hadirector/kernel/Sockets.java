package dev.hadirector.kernel;

/** Socket constants of the Linux ABI and the socket-option calls every socket class shares. */
public final class Sockets {
    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_PACKET = 17;

    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;

    public static final int SOL_SOCKET = 1;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_BINDTODEVICE = 25;
    public static final int SO_RCVBUFFORCE = 33;

    private static final ThreadLocal<NativeBuffer> SCRATCH = ThreadLocal.withInitial(() -> new NativeBuffer(64));

    private Sockets() {
    }

    /**
     * setsockopt with an int value. With {@code optional}, ENOPROTOOPT / EINVAL (an option this kernel
     * lacks) is tolerated and reported by the return value.
     */
    public static boolean setIntOption(FileDescriptor fd, int level, int name, int value, boolean optional,
                                       String what) {
        NativeBuffer scratch = SCRATCH.get();
        scratch.buffer().putInt(0, value);
        int rc = LibC.setsockopt(fd.get(), level, name, scratch.address(), 4);
        if (rc < 0) {
            int errno = LibC.errno();
            if (optional && (errno == Errno.ENOPROTOOPT || errno == Errno.EINVAL)) {
                return false;
            }
            throw new KernelException(errno, "setsockopt " + what + "=" + value + " on " + fd.description());
        }
        return true;
    }

    /** getsockopt with an int value. */
    public static int getIntOption(FileDescriptor fd, int level, int name, String what) {
        NativeBuffer scratch = SCRATCH.get();
        scratch.buffer().putInt(0, 0).putInt(8, 4);
        Syscall.check(LibC.getsockopt(fd.get(), level, name, scratch.address(), scratch.address(8)),
                () -> "getsockopt " + what + " on " + fd.description());
        return scratch.buffer().getInt(0);
    }

    /** setsockopt with raw bytes (a struct the caller laid out). */
    public static void setBytesOption(FileDescriptor fd, int level, int name, byte[] value, String what) {
        NativeBuffer buf = new NativeBuffer(Math.max(1, value.length));
        buf.buffer().put(0, value);
        Syscall.check(LibC.setsockopt(fd.get(), level, name, buf.address(), value.length),
                () -> "setsockopt " + what + " on " + fd.description());
    }

    /**
     * Raises the receive buffer: SO_RCVBUFFORCE where we may (root), else SO_RCVBUF, which the kernel
     * caps at net.core.rmem_max.
     */
    public static void setReceiveBuffer(FileDescriptor fd, int bytes) {
        int rc;
        NativeBuffer scratch = SCRATCH.get();
        scratch.buffer().putInt(0, bytes);
        rc = LibC.setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUFFORCE, scratch.address(), 4);
        if (rc < 0) {
            setIntOption(fd, SOL_SOCKET, SO_RCVBUF, bytes, false, "SO_RCVBUF");
        }
    }

    /** Binds the socket to one interface (SO_BINDTODEVICE). */
    public static void bindToDevice(FileDescriptor fd, String ifname) {
        byte[] name = (ifname + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        setBytesOption(fd, SOL_SOCKET, SO_BINDTODEVICE, name, "SO_BINDTODEVICE " + ifname);
    }
}
