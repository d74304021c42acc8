package dev.hadirector.kernel.socket;

import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.FileDescriptor;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.LibC;
import dev.hadirector.kernel.NativeBuffer;
import dev.hadirector.kernel.Sockets;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * What {@link TcpSocket} and {@link UdpSocket} share: opening a non-blocking socket, binding, connecting,
 * and moving bytes between the socket and a buffer, direct (no copy) or on the heap (through a per-thread
 * native scratch area). Failures other than "would block" become {@link KernelException}s naming the peer.
 */
final class InetSockets {
    /** The pending-connect and "nothing to read/write now" answers of a non-blocking socket. */
    static final int WOULD_BLOCK = -2;

    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SO_ERROR = 4;
    private static final int SCRATCH_BYTES = 64 * 1024;
    /** sockaddr (up to 28 bytes) at 0, an int option at 32 with its length at 40; heap transfers from 64. */
    private static final ThreadLocal<NativeBuffer> SCRATCH =
            ThreadLocal.withInitial(() -> new NativeBuffer(64 + SCRATCH_BYTES));

    private InetSockets() {
    }

    static FileDescriptor open(InetSocketAddress peer, int type, String kind) {
        int family = peer.getAddress() instanceof Inet6Address ? Sockets.AF_INET6 : Sockets.AF_INET;
        int fd = LibC.socket(family, type | Sockets.SOCK_NONBLOCK | Sockets.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new KernelException(LibC.errno(), "open a " + kind + " socket for " + peer);
        }
        // A constant description: a check opens thousands of sockets a second; errors name the peer themselves.
        return FileDescriptor.adopt(fd, kind + " socket");
    }

    static void bind(FileDescriptor fd, InetSocketAddress local) {
        NativeBuffer scratch = SCRATCH.get();
        int length = SocketStructs.writeSockaddr(scratch.buffer(), 0, local);
        if (LibC.bind(fd.get(), scratch.address(), length) < 0) {
            throw new KernelException(LibC.errno(), "bind the " + fd.description() + " to " + local);
        }
    }

    /** connect(2): 0 when connected, {@link #WOULD_BLOCK} while a TCP handshake is under way. */
    static int connect(FileDescriptor fd, InetSocketAddress peer) {
        NativeBuffer scratch = SCRATCH.get();
        int length = SocketStructs.writeSockaddr(scratch.buffer(), 0, peer);
        if (LibC.connect(fd.get(), scratch.address(), length) == 0) {
            return 0;
        }
        int errno = LibC.errno();
        if (errno == Errno.EINPROGRESS) {
            return WOULD_BLOCK;
        }
        throw new KernelException(errno, "connect to " + peer);
    }

    /** The pending error of the socket (SO_ERROR), cleared by reading it: 0 when there is none. */
    static int pendingError(FileDescriptor fd) {
        NativeBuffer scratch = SCRATCH.get();
        ByteBuffer b = scratch.buffer();
        b.putInt(32, 0).putInt(40, 4);
        if (LibC.getsockopt(fd.get(), Sockets.SOL_SOCKET, SO_ERROR, scratch.address(32), scratch.address(40)) < 0) {
            throw new KernelException(LibC.errno(), "getsockopt SO_ERROR on a " + fd.description());
        }
        return b.getInt(32);
    }

    /**
     * Reads into {@code dst} from its position: the count (advancing the position), 0 at end of stream (or an
     * empty datagram), or {@link #WOULD_BLOCK} when nothing is waiting.
     */
    static int read(FileDescriptor fd, ByteBuffer dst, InetSocketAddress peer) {
        int wanted = dst.remaining();
        if (wanted == 0) {
            // read(2) of 0 bytes returns 0, which would pass for the end of the stream.
            throw new IllegalArgumentException("no room left in the buffer to read from " + peer + " into");
        }
        long n;
        if (dst.isDirect()) {
            n = LibC.read(fd.get(), NativeBuffer.addressOf(dst) + dst.position(), wanted);
            if (n > 0) {
                dst.position(dst.position() + (int) n);
            }
        } else {
            NativeBuffer scratch = SCRATCH.get();
            n = LibC.read(fd.get(), scratch.address(64), Math.min(wanted, SCRATCH_BYTES));
            if (n > 0) {
                dst.put(dst.position(), scratch.buffer(), 64, (int) n);
                dst.position(dst.position() + (int) n);
            }
        }
        if (n >= 0) {
            return (int) n;
        }
        int errno = LibC.errno();
        if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
            return WOULD_BLOCK;
        }
        throw new KernelException(errno, "read from " + peer);
    }

    /**
     * Writes from {@code src} at its position: the count (advancing the position), or {@link #WOULD_BLOCK}
     * when the socket's buffer is full.
     */
    static int write(FileDescriptor fd, ByteBuffer src, InetSocketAddress peer) {
        int offered = src.remaining();
        long n;
        if (src.isDirect()) {
            n = LibC.sendto(fd.get(), NativeBuffer.addressOf(src) + src.position(), offered, MSG_NOSIGNAL, 0L, 0);
        } else {
            NativeBuffer scratch = SCRATCH.get();
            int chunk = Math.min(offered, SCRATCH_BYTES);
            scratch.buffer().put(64, src, src.position(), chunk);
            n = LibC.sendto(fd.get(), scratch.address(64), chunk, MSG_NOSIGNAL, 0L, 0);
        }
        if (n >= 0) {
            src.position(src.position() + (int) n);
            return (int) n;
        }
        int errno = LibC.errno();
        if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
            return WOULD_BLOCK;
        }
        throw new KernelException(errno, "write to " + peer);
    }
}
