package dev.hadirector.kernel.socket;

import dev.hadirector.kernel.FileDescriptor;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.Sockets;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A non-blocking TCP client socket to one peer, for an event loop: open, optionally bind (address, device),
 * connect, then read and write as the loop reports readiness. Costs the kernel only the calls a check needs:
 * socket, connect, getsockopt(SO_ERROR) once writable, the reads and writes, close.
 *
 * <p>Failures become {@link KernelException}s whose operation names the peer, e.g.
 * {@code "connect to /10.0.0.2:80: ECONNREFUSED (Connection refused)"}.
 */
public final class TcpSocket extends InetClientSocket {

    private TcpSocket(FileDescriptor fd, InetSocketAddress peer) {
        super(fd, peer);
    }

    /** Opens an unconnected socket of {@code peer}'s address family. */
    public static TcpSocket open(InetSocketAddress peer) {
        return new TcpSocket(InetSockets.open(peer, Sockets.SOCK_STREAM, "TCP"), peer);
    }

    /**
     * Starts connecting.
     *
     * @return true when already connected, false while the handshake is under way: wait until writable,
     *         then call {@link #finishConnect()}
     */
    public boolean connect() {
        return InetSockets.connect(fd, peer) == 0;
    }

    /** Once writable after {@link #connect()}: returns normally when connected, throws why it is not. */
    public void finishConnect() {
        int error = InetSockets.pendingError(fd);
        if (error != 0) {
            throw new KernelException(error, "connect to " + peer);
        }
    }

    /** Reads into {@code dst} (which must have room): the count, 0 when nothing is waiting, -1 at the end of the stream. */
    public int read(ByteBuffer dst) {
        int n = InetSockets.read(fd, dst, peer);
        return n == InetSockets.WOULD_BLOCK ? 0 : n == 0 ? -1 : n;
    }

    /** Writes from {@code src}: the count, 0 when the socket's buffer is full. Never raises SIGPIPE. */
    public int write(ByteBuffer src) {
        int n = InetSockets.write(fd, src, peer);
        return n == InetSockets.WOULD_BLOCK ? 0 : n;
    }
}
