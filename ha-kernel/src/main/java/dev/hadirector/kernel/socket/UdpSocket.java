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
public final class UdpSocket implements AutoCloseable {
    private final FileDescriptor fd;
    private final InetSocketAddress peer;

    private UdpSocket(FileDescriptor fd, InetSocketAddress peer) {
        this.fd = fd;
        this.peer = peer;
    }

    /** Opens an unconnected socket of {@code peer}'s address family. */
    public static UdpSocket open(InetSocketAddress peer) {
        return new UdpSocket(InetSockets.open(peer, Sockets.SOCK_DGRAM, "UDP"), peer);
    }

    public FileDescriptor fileDescriptor() {
        return fd;
    }

    public InetSocketAddress peer() {
        return peer;
    }

    /** Binds the local end; before {@link #connect()}. */
    public void bind(InetSocketAddress local) {
        InetSockets.bind(fd, local);
    }

    /** SO_BINDTODEVICE; before {@link #connect()}. */
    public void bindToDevice(String ifname) {
        Sockets.bindToDevice(fd, ifname);
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

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return fd + " to " + peer;
    }
}
