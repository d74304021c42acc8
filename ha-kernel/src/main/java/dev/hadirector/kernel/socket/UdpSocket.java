package dev.hadirector.kernel.socket;

import dev.hadirector.kernel.FileDescriptor;
import dev.hadirector.kernel.Sockets;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A non-blocking, connected UDP socket to one peer. Being connected, it receives only the peer's datagrams,
 * and an ICMP error about what it sent (port or host unreachable) fails the next {@link #receive} with
 * ECONNREFUSED, EHOSTUNREACH or ENETUNREACH.
 */
public final class UdpSocket extends InetClientSocket {

    private UdpSocket(FileDescriptor fd, InetSocketAddress peer) {
        super(fd, peer);
    }

    /** Opens an unconnected socket of {@code peer}'s address family. */
    public static UdpSocket open(InetSocketAddress peer) {
        return new UdpSocket(InetSockets.open(peer, Sockets.SOCK_DGRAM, "UDP"), peer);
    }

    /** Sets the peer as the only destination and source of datagrams. */
    public void connect() {
        InetSockets.connect(fd, peer);
    }

    /** Sends one datagram of {@code src}'s remaining bytes: true when sent, false when the socket's buffer is full. */
    public boolean send(ByteBuffer src) {
        int length = src.remaining();
        return InetSockets.write(fd, src, peer) == length;
    }

    /**
     * Receives one datagram into {@code dst} (a longer one is cut to fit): its length (0 for an empty one), or
     * -1 when none is waiting.
     */
    public int receive(ByteBuffer dst) {
        int n = InetSockets.read(fd, dst, peer);
        return n == InetSockets.WOULD_BLOCK ? -1 : n;
    }
}
